using System.Net;
using System.Text.Json.Nodes;
using Salon.Api.Tests.Infrastructure;
using static Salon.Api.Tests.Infrastructure.Billing;

namespace Salon.Api.Tests;

/// <summary>
/// What the payment tests share: a salon with one priced service, paying, refunding and the balance, and an
/// independent VAT reckoning. The tests mirror the slices: PayVisitTests, RefundPaymentTests, ReceiptsTests,
/// CashReportTests (random histories: MoneyHistoryTests).
/// </summary>
public abstract class PaymentsTestBase(SalonApp app) : ProviderTests(app)
{
    protected async Task<(SalonBuilder Salon, Guid Service, Guid Therapist)> SalonAsync(decimal price)
    {
        var salon = new SalonBuilder(App);
        return (salon, await salon.ManualServiceAsync(price: price), await salon.TherapistAsync());
    }

    protected static Task<HttpResponseMessage> Pay(HttpClient desk, Guid booking, decimal amount, string method) =>
        desk.PostJson($"/api/v1/bookings/{booking}/payments", new { amount, method });

    protected static Task<HttpResponseMessage> Refund(HttpClient desk, Guid payment, decimal amount) =>
        desk.PostJson($"/api/v1/payments/{payment}/refunds", new { amount });

    protected static async Task<JsonNode> BalanceAsync(HttpClient desk, Guid client) =>
        await (await desk.GetAsync($"/api/v1/clients/{client}/balance")).Expect(HttpStatusCode.OK);

    /// <summary>VAT included in a sum at a rate, rounded half up to the kopeck: an independent reckoning in
    /// decimal.</summary>
    protected static long HalfUp(decimal sum, string rate)
    {
        if (rate == "none") return 0;
        var r = decimal.Parse(rate.Split('/')[0].TrimEnd('%'), System.Globalization.CultureInfo.InvariantCulture);
        return (long)(Math.Round(sum * r / (100 + r), 2, MidpointRounding.AwayFromZero) * 100);
    }
}
