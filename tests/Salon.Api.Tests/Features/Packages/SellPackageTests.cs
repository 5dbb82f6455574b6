using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Salon.Api.Tests.Infrastructure;
using static Salon.Api.Tests.Infrastructure.Billing;

namespace Salon.Api.Tests;

/// <summary>
/// Selling a package (Packages): one full prepayment with its receipt, once per key; session values; who may
/// read it.
/// </summary>
public abstract class SellPackageTests(SalonApp app) : PackagesTestBase(app)
{
    [Fact]
    public async Task A_sale_is_one_full_prepayment_with_its_receipt_and_a_retry_under_the_same_key_charges_once()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync();
        var client = await salon.ClientAsync();
        var template = SalonBuilder.Id(await App.TemplateAsync(service, sessions: 10, price: 16200m, validityDays: 45));
        var desk = App.FrontDesk();
        var key = "sale-" + Guid.NewGuid().ToString("N");
        var body = new { clientId = client, templateId = template, method = "cash" };

        var first = await desk.PostWithKey("/api/v1/packages", key, body);
        var second = await desk.PostWithKey("/api/v1/packages", key, body);

        var sold = await first.Expect(HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal("true", Assert.Single(second.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal($"/api/v1/packages/{sold["id"]}", first.Headers.Location?.OriginalString);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        await (await desk.PostWithKey("/api/v1/packages", key, body with { method = "card" }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");

        Assert.Equal(1L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM packages WHERE client_id = @client",
            new { client }));
        Assert.Equal(1L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM payments WHERE client_id = @client",
            new { client }));
        Assert.Equal(1L, await App.ScalarAsync<long>("""
            SELECT COUNT(*) FROM payments WHERE client_id = @client AND package_id = @package AND kind = 'payment' AND purpose = 'package_sale'
              AND method = 'cash' AND amount_kopecks = 1620000
            """, new { client, package = SalonBuilder.Id(sold) }));

        Assert.Equal(10, (int)sold["sessionCount"]!);
        Assert.Equal(0, (int)sold["sessionsUsed"]!);
        Assert.Equal(10, (int)sold["sessionsLeft"]!);
        Assert.Equal("active", (string?)sold["status"]);
        Assert.Equal(App.Today(), (string?)sold["soldOn"]);
        Assert.Equal(App.Date(44), (string?)sold["expiresOn"]);
        Assert.Equal(14, (int)sold["freezeDaysLeft"]!);
        Assert.Equal(1_620_000, Kopecks(sold["price"]));

        var receipt = await desk.ReceiptAsync(sold["receiptId"]);
        Assert.Equal("income", (string?)receipt["operation"]);
        Assert.Equal("package_sale", (string?)receipt["event"]);
        Assert.Equal(client.ToString(), (string?)receipt["clientId"]);
        Assert.Equal(1_620_000, Kopecks(receipt["total"]));
        Assert.Equal(1_620_000, Kopecks(receipt["cash"]));
        Assert.Equal(0, Kopecks(receipt["card"]));
        var line = Assert.Single(receipt["lines"]!.AsArray())!;
        AssertFiscalLine(line);
        Assert.Equal(1, (int)line["paymentMethod"]!); // full prepayment
        Assert.Equal(1_620_000, Kopecks(line["sum"]));
        Assert.Equal(0, Kopecks(line["prepaymentOffset"]));

        var balance = await (await desk.GetAsync($"/api/v1/clients/{client}/balance")).Expect(HttpStatusCode.OK);
        Assert.Equal(1_620_000, Kopecks(balance["paid"]));
        Assert.Equal(0, Kopecks(balance["refunded"]));
        Assert.Equal(1_620_000, Kopecks(balance["prepaidSessionsValue"]));
    }

    [Fact]
    public async Task A_sale_refuses_an_unknown_client_or_template()
    {
        var salon = new SalonBuilder(App);
        var template = SalonBuilder.Id(await App.TemplateAsync(await salon.ManualServiceAsync()));
        var desk = App.FrontDesk();

        await (await desk.PostJson("/api/v1/packages", new { clientId = Guid.NewGuid(), templateId = template,
            method = "card" }))
            .ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await desk.PostJson("/api/v1/packages", new { clientId = await salon.ClientAsync(),
            templateId = Guid.NewGuid(), method = "card" }))
            .ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await desk.PostJson("/api/v1/packages", new { clientId = await salon.ClientAsync(),
            templateId = template, method = "package" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "malformed-request");
    }

    [Fact]
    public async Task Session_values_are_the_price_over_the_count_rounded_down_with_the_rest_on_the_last()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync();
        var client = await salon.ClientAsync();
        var desk = App.FrontDesk();

        foreach (var (sessions, price, each, last) in new[] { (15, 10000m, 66_666L, 66_676L), (3, 1000m, 33_333L,
            33_334L), (10, 16200m, 162_000L, 162_000L) })
        {
            var sold = await desk.SellAsync(client, SalonBuilder.Id(await App.TemplateAsync(service, sessions, price)));
            var values = sold["sessionValues"]!.AsArray().Select(v => Kopecks(v)).ToList();

            Assert.Equal(sessions, values.Count);
            Assert.All(values.SkipLast(1), v => Assert.Equal(each, v));
            Assert.Equal(last, values[^1]);
            Assert.Equal((long)(price * 100), values.Sum());
        }
    }

    [Fact]
    public async Task A_client_reads_only_their_own_packages()
    {
        var course = await App.CourseAsync();
        var stranger = await course.Salon.ClientAsync();
        var self = App.ClientAs("client", clientId: course.Client);
        var other = App.ClientAs("client", clientId: stranger);

        await (await self.GetAsync($"/api/v1/packages/{course.Package}")).Expect(HttpStatusCode.OK);
        Assert.Single((await self.AllAsync($"/api/v1/clients/{course.Client}/packages")));
        await (await other.GetAsync($"/api/v1/packages/{course.Package}")).ExpectProblem(HttpStatusCode.NotFound,
            "not-found");
        await (await other.GetAsync($"/api/v1/clients/{course.Client}/packages")).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await self.PostJson("/api/v1/packages", new { clientId = course.Client, templateId = course.Template,
            method = "card" }))
            .ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
    }
}

public sealed class SellPackageOnSqlite(SqliteApp app) : SellPackageTests(app), IClassFixture<SqliteApp>;
public sealed class SellPackageOnPostgres(PostgresApp app) : SellPackageTests(app), IClassFixture<PostgresApp>;
public sealed class SellPackageOnSqlServer(SqlServerApp app) : SellPackageTests(app), IClassFixture<SqlServerApp>;
