using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Salon.Api.Tests.Infrastructure;
using static Salon.Api.Tests.Infrastructure.Billing;

namespace Salon.Api.Tests;

/// <summary>
/// What the package tests share: a valid template, the days a search offers, receipts by event, a package
/// status and its sale payment. The tests mirror the slices: PackageTemplatesTests, SellPackageTests,
/// BookOnPackageTests, RedeemPackageTests, PackageChangesTests (concurrency: PackageConcurrencyTests).
/// </summary>
public abstract class PackagesTestBase(SalonApp app) : ProviderTests(app)
{
    protected const string Templates = "/api/v1/package-templates";

    protected static Dictionary<string, object?> ValidTemplate(Guid service) => new()
    {
        ["name"] = "Курс " + Guid.NewGuid().ToString("N")[..12], ["serviceId"] = service, ["sessionCount"] = 10, ["price"] = 16200m,
        ["validityDays"] = 45, ["minDaysBetween"] = 2, ["freezeDays"] = 14,
    };

    protected static async Task<List<string>> DaysAsync(HttpClient http, string url) =>
        (await (await http.GetAsync(url)).Expect(HttpStatusCode.OK))["slots"]!.AsArray()
            .Select(s => Day(DateTimeOffset.Parse((string)s!["start"]!,
                CultureInfo.InvariantCulture))).Distinct().ToList();

    protected static async Task<List<JsonNode>> ReceiptsAsync(HttpClient desk, Guid client, string eventName) =>
        (await desk.AllAsync($"/api/v1/clients/{client}/receipts"))
            .Where(r => (string?)r!["event"] == eventName).Select(r => r!).ToList();

    protected Task<string?> StatusAsync(Guid package)
        => App.ScalarAsync<string>("SELECT status FROM packages WHERE id = @package", new { package });

    protected async Task<Guid> SalePaymentAsync(Guid package) =>
        await App.ScalarAsync<Guid>("SELECT id FROM payments WHERE package_id = @package AND purpose = 'package_sale'",
            new { package });
}
