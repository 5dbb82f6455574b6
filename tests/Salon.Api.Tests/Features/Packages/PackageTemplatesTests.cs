using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Salon.Api.Tests.Infrastructure;
using static Salon.Api.Tests.Infrastructure.Billing;

namespace Salon.Api.Tests;

/// <summary>
/// Package templates (PackageTemplates): what a template keeps, its defaults, malformed ones refused by field,
/// and who may write one.
/// </summary>
public abstract class PackageTemplatesTests(SalonApp app) : PackagesTestBase(app)
{
    [Fact]
    public async Task A_template_keeps_what_it_covers_sessions_price_validity_cadence_freeze_refund_method_and_late_cancel_policy()
    {
        var service = await new SalonBuilder(App).ManualServiceAsync();

        var byService = await App.TemplateAsync(service, sessions: 15, price: 19125m, validityDays: 60,
            minDaysBetween: 2, freezeDays: 14);
        var byKind = await App.TemplateAsync(null, serviceKind: "hardware", sessions: 10, price: 12000.50m,
            validityDays: 45, minDaysBetween: 0, freezeDays: 0,
            validityFrom: "first_visit", refundMethod: "single_price", lateCancelBurns: false);

        Assert.Equal(service.ToString(), (string?)byService["serviceId"]);
        Assert.Null(byService["serviceKind"]);
        Assert.Equal(15, (int)byService["sessionCount"]!);
        Assert.Equal(1_912_500, Kopecks(byService["price"]));
        Assert.Equal(60, (int)byService["validityDays"]!);
        Assert.Equal("purchase", (string?)byService["validityFrom"]);
        Assert.Equal(2, (int)byService["minDaysBetween"]!);
        Assert.Equal(14, (int)byService["freezeDays"]!);
        Assert.Equal("pro_rata", (string?)byService["refundMethod"]);
        Assert.True((bool)byService["lateCancelBurns"]!);
        Assert.True((bool)byService["active"]!);

        Assert.Null(byKind["serviceId"]);
        Assert.Equal("hardware", (string?)byKind["serviceKind"]);
        Assert.Equal(1_200_050, Kopecks(byKind["price"]));
        Assert.Equal("first_visit", (string?)byKind["validityFrom"]);
        Assert.Equal(0, (int)byKind["minDaysBetween"]!);
        Assert.Equal("single_price", (string?)byKind["refundMethod"]);
        Assert.False((bool)byKind["lateCancelBurns"]!);

        var listed = await App.FrontDesk().AllAsync(Templates);
        Assert.Contains(listed, t => (string?)t!["id"] == (string?)byService["id"]);
        Assert.Contains(listed, t => (string?)t!["id"] == (string?)byKind["id"]);
    }

    [Fact]
    public async Task Left_out_the_refund_is_pro_rata_validity_runs_from_purchase_and_late_cancellations_burn()
    {
        var service = await new SalonBuilder(App).ManualServiceAsync();
        var template = await (await App.Admin().PostJson(Templates, new
        {
            name = "Курс " + Guid.NewGuid().ToString("N")[..12], serviceId = service, sessionCount = 10, price = 16200m, validityDays = 45,
            minDaysBetween = 2, freezeDays = 14,
        })).Expect(HttpStatusCode.Created);

        Assert.Equal("pro_rata", (string?)template["refundMethod"]);
        Assert.Equal("purchase", (string?)template["validityFrom"]);
        Assert.True((bool)template["lateCancelBurns"]!);
    }

    [Fact]
    public async Task Malformed_templates_are_400_naming_the_field()
    {
        var service = await new SalonBuilder(App).ManualServiceAsync();
        var admin = App.Admin();
        var cases = new (string Field, object? Value, string Named)[]
        {
            ("name", "", "name"), ("name", new string('к', 101), "name"),
            ("sessionCount", 0, "sessionCount"), ("sessionCount", 101, "sessionCount"),
            ("price", 0m, "price"), ("price", 100.001m, "price"), ("price", -5m, "price"),
            ("validityDays", 0, "validityDays"), ("validityDays", 1001, "validityDays"),
            ("minDaysBetween", -1, "minDaysBetween"), ("minDaysBetween", 31, "minDaysBetween"),
            ("freezeDays", -1, "freezeDays"), ("freezeDays", 366, "freezeDays"),
            ("serviceKind", "manual", "serviceId"), // a service and a kind at once
            ("serviceId", null, "serviceId"),       // neither
        };
        foreach (var (field, value, named) in cases)
        {
            var body = ValidTemplate(service);
            body[field] = value;
            var problem = await (await admin.PostJson(Templates, body)).ExpectProblem(HttpStatusCode.BadRequest,
                "validation");
            Assert.True(problem["errors"]![named] is not null, $"{field} = {value}: {problem.ToJsonString()}");
        }

        foreach (var (field, word) in new[] { ("refundMethod", "half"), ("validityFrom", "someday"), ("serviceKind",
            "honey") })
        {
            var body = ValidTemplate(service);
            body[field] = word;
            await (await admin.PostJson(Templates, body)).ExpectProblem(HttpStatusCode.BadRequest, "malformed-request");
        }
        Assert.Equal(0L,
            await App.ScalarAsync<long>("SELECT COUNT(*) FROM package_templates WHERE service_id = @service",
            new { service }));
    }

    [Fact]
    public async Task Templates_refuse_an_unknown_service_a_name_in_use_and_anyone_but_the_admin()
    {
        var service = await new SalonBuilder(App).ManualServiceAsync();
        var admin = App.Admin();

        await (await admin.PostJson(Templates, ValidTemplate(Guid.NewGuid()))).ExpectProblem(HttpStatusCode.NotFound,
            "not-found");
        var body = ValidTemplate(service);
        await (await admin.PostJson(Templates, body)).Expect(HttpStatusCode.Created);
        await (await admin.PostJson(Templates, body)).ExpectProblem(HttpStatusCode.Conflict, "template-name-taken");
        await (await App.FrontDesk().PostJson(Templates,
            ValidTemplate(service))).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().GetAsync(Templates)).StatusCode);
    }
}

public sealed class PackageTemplatesOnSqlite(SqliteApp app) : PackageTemplatesTests(app), IClassFixture<SqliteApp>;
public sealed class PackageTemplatesOnPostgres(PostgresApp app) : PackageTemplatesTests(app), IClassFixture<PostgresApp>;
public sealed class PackageTemplatesOnSqlServer(SqlServerApp app) : PackageTemplatesTests(app), IClassFixture<SqlServerApp>;

/// <summary>The demo salon, loaded at start-up through the API's own commands.</summary>
public sealed class DemoPackageApp : SqliteApp
{
    protected override IReadOnlyDictionary<string, string> Settings
        => new Dictionary<string, string> { ["Salon:Demo"] = "true" };
}

public sealed class DemoPackageTemplates(DemoPackageApp app) : ProviderTests(app), IClassFixture<DemoPackageApp>
{
    [Fact]
    public async Task The_demo_salon_sells_a_10_session_and_a_15_session_course_every_other_day()
    {
        var templates = (await App.FrontDesk().AllAsync("/api/v1/package-templates"));

        var ten = Assert.Single(templates, t => (int)t!["sessionCount"]! == 10)!;
        var fifteen = Assert.Single(templates, t => (int)t!["sessionCount"]! == 15)!;
        Assert.Equal(("manual", 45, 1_620_000L), ((string?)ten["serviceKind"], (int)ten["validityDays"]!,
            Kopecks(ten["price"])));
        Assert.Equal(("hardware", 60, 1_912_500L), ((string?)fifteen["serviceKind"], (int)fifteen["validityDays"]!,
            Kopecks(fifteen["price"])));
        Assert.All(new[] { ten, fifteen }, t =>
        {
            Assert.Equal(2, (int)t["minDaysBetween"]!);
            Assert.Equal(14, (int)t["freezeDays"]!);
            Assert.Equal("pro_rata", (string?)t["refundMethod"]);
            Assert.True((bool)t["active"]!);
        });
    }
}
