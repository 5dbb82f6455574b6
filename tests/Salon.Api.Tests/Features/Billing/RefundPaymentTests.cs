using System.Net;
using System.Text.Json.Nodes;
using Salon.Api.Tests.Infrastructure;
using static Salon.Api.Tests.Infrastructure.Billing;

namespace Salon.Api.Tests;

/// <summary>
/// Refunding a payment (RefundPayment): at most what is left of it, by its method, once per key, and never
/// past the price or the payment when desks pay and refund one visit at once.
/// </summary>
public abstract class RefundPaymentTests(SalonApp app) : PaymentsTestBase(app)
{
    [Fact]
    public async Task Refunds_return_at_most_what_is_left_of_a_payment_by_its_method()
    {
        var (salon, service, therapist) = await SalonAsync(price: 1800m);
        var client = await salon.ClientAsync();
        var desk = App.FrontDesk();
        var booking = await desk.BookAsync(client, service, therapist, App.Soon());
        await (await desk.PostJson($"/api/v1/bookings/{booking}/check-in",
            SalonBuilder.DayOf())).Expect(HttpStatusCode.OK);
        var paid = await (await Pay(desk, booking, 1800m, "cash")).Expect(HttpStatusCode.Created);
        var payment = SalonBuilder.Id(paid);

        var first = await (await Refund(desk, payment, 1000m)).Expect(HttpStatusCode.Created);
        Assert.Equal(("refund", "refund", "cash", 100_000L), ((string?)first["kind"], (string?)first["purpose"],
            (string?)first["method"], Kopecks(first["amount"])));
        Assert.Equal(payment.ToString(), (string?)first["refundOf"]);
        Assert.Equal(booking.ToString(), (string?)first["bookingId"]);
        var receipt = await desk.ReceiptAsync(first["receiptId"]);
        Assert.Equal(("refund_of_income", "refund"), ((string?)receipt["operation"], (string?)receipt["event"]));
        Assert.Equal(100_000, Kopecks(receipt["cash"]));
        var line = Assert.Single(receipt["lines"]!.AsArray())!;
        AssertFiscalLine(line);
        Assert.Equal((4, 100_000L), ((int)line["paymentMethod"]!, Kopecks(line["sum"]))); // as on the payment's receipt

        var over = await (await Refund(desk, payment, 800.01m)).ExpectProblem(HttpStatusCode.UnprocessableEntity,
            "over-refund");
        Assert.Contains("800.00", (string?)over["detail"]);
        await (await Refund(desk, payment, 800m)).Expect(HttpStatusCode.Created);
        await (await Refund(desk, payment, 0.01m)).ExpectProblem(HttpStatusCode.UnprocessableEntity, "over-refund");

        await (await Refund(desk, SalonBuilder.Id(first), 1m)).ExpectProblem(HttpStatusCode.NotFound,
            "not-found"); // a refund is not refunded
        await (await Refund(desk, Guid.NewGuid(), 1m)).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await Refund(desk, payment, 0m)).ExpectProblem(HttpStatusCode.BadRequest, "validation");
        await (await Refund(desk, payment, 1.001m)).ExpectProblem(HttpStatusCode.BadRequest, "validation");
        await (await Pay(desk, booking, -1m, "cash")).ExpectProblem(HttpStatusCode.BadRequest, "validation");
        await (await Pay(desk, booking, 10m, "package")).ExpectProblem(HttpStatusCode.BadRequest, "malformed-request");

        var balance = await BalanceAsync(desk, client);
        Assert.Equal((180_000L, 180_000L, 0L), (Kopecks(balance["paid"]), Kopecks(balance["refunded"]),
            Kopecks(balance["net"])));
        Assert.Equal(180_000, Kopecks(balance["dueForVisits"])); // everything went back, so the visit is owed again
    }

    [Fact]
    public async Task A_payment_or_refund_retried_under_the_same_key_happens_once()
    {
        var (salon, service, therapist) = await SalonAsync(price: 1800m);
        var booking = await App.FrontDesk().BookAsync(await salon.ClientAsync(), service, therapist, salon.Start(3,
            11));
        var desk = App.FrontDesk();
        var payKey = "pay-" + Guid.NewGuid().ToString("N");

        var paid = await (await desk.PostWithKey($"/api/v1/bookings/{booking}/payments", payKey, new { amount = 700m,
            method = "card" })).Expect(HttpStatusCode.Created);
        var again = await desk.PostWithKey($"/api/v1/bookings/{booking}/payments", payKey, new { amount = 700m,
            method = "card" });
        Assert.Equal("true", Assert.Single(again.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal((string?)paid["id"], (string?)(await again.Expect(HttpStatusCode.Created))["id"]);
        Assert.Equal($"/api/v1/payments/{paid["id"]}", again.Headers.Location?.OriginalString);
        await (await desk.PostWithKey($"/api/v1/bookings/{booking}/payments", payKey, new { amount = 701m,
            method = "card" }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
        Assert.Equal(1L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM payments WHERE booking_id = @booking",
            new { booking }));

        var refundKey = "refund-" + Guid.NewGuid().ToString("N");
        var refunds = new List<JsonNode>();
        for (var i = 0; i < 3; i++)
            refunds.Add(await (await desk.PostWithKey($"/api/v1/payments/{paid["id"]}/refunds", refundKey,
                new { amount = 200m })).Expect(HttpStatusCode.Created));
        Assert.Single(refunds.Select(r => (string?)r["id"]).Distinct());
        Assert.Equal(20_000L,
            await App.ScalarAsync<long>("SELECT SUM(amount_kopecks) FROM payments WHERE refund_of = @id",
            new { id = SalonBuilder.Id(paid) }));
    }

    [Fact]
    public async Task Desks_paying_and_refunding_one_visit_at_once_never_pass_its_price_or_the_payment()
    {
        var (salon, service, therapist) = await SalonAsync(price: 1800m);
        var booking = await App.FrontDesk().BookAsync(await salon.ClientAsync(), service, therapist, salon.Start(3,
            11));

        var payments = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Pay(App.FrontDesk(), booking, 500m,
            "card")));

        Assert.Equal(3, payments.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var refused in payments.Where(r => r.StatusCode != HttpStatusCode.Created))
            await refused.ExpectProblem(HttpStatusCode.UnprocessableEntity, "overpayment");
        Assert.Equal(150_000L,
            await App.ScalarAsync<long>("SELECT SUM(amount_kopecks) FROM payments WHERE booking_id = @booking",
            new { booking }));

        var payment = SalonBuilder.Id(await payments.First(r
            => r.StatusCode == HttpStatusCode.Created).Expect(HttpStatusCode.Created));
        var refunds = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Refund(App.FrontDesk(), payment, 200m)));

        Assert.Equal(2, refunds.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var refused in refunds.Where(r => r.StatusCode != HttpStatusCode.Created))
            await refused.ExpectProblem(HttpStatusCode.UnprocessableEntity, "over-refund");
        Assert.Equal(40_000L,
            await App.ScalarAsync<long>("SELECT SUM(amount_kopecks) FROM payments WHERE refund_of = @payment",
            new { payment }));
    }
}

public sealed class RefundPaymentOnSqlite(SqliteApp app) : RefundPaymentTests(app), IClassFixture<SqliteApp>;
public sealed class RefundPaymentOnPostgres(PostgresApp app) : RefundPaymentTests(app), IClassFixture<PostgresApp>;
public sealed class RefundPaymentOnSqlServer(SqlServerApp app) : RefundPaymentTests(app), IClassFixture<SqlServerApp>;
