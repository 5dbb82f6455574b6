using System.Net;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests;

/// <summary>Input is read one way only: the spellings the document gives, in bodies and query strings alike.</summary>
public abstract class StrictInputTests(SalonApp app) : ProviderTests(app)
{
    [Fact]
    public async Task Enums_in_query_strings_are_the_documented_snake_case_names_as_in_bodies()
    {
        var desk = App.FrontDesk();
        var day = DateOnly.FromDateTime(App.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd");

        await (await desk.GetAsync($"/api/v1/bookings?from={day}&to={day}&status=cancelled")).Expect(HttpStatusCode.OK);
        await (await desk.GetAsync($"/api/v1/bookings?from={day}&to={day}&status=no_show")).Expect(HttpStatusCode.OK);

        foreach (var spelling in new[] { "Cancelled", "3", "NoShow" })
        {
            var problem = await (await desk.GetAsync($"/api/v1/bookings?from={day}&to={day}&status={spelling}"))
                .ExpectProblem(HttpStatusCode.BadRequest, "malformed-request");
            Assert.Contains("no_show", (string?)problem["errors"]!["status"]![0]);
        }
    }


    [Fact]
    public async Task A_time_without_an_offset_is_refused_naming_the_field()
    {
        var problem = await (await App.FrontDesk().PostRaw("/api/v1/bookings",
                $$"""{"clientId":"{{Guid.NewGuid()}}","serviceId":"{{Guid.NewGuid()}}","startsAt":"2026-12-03T12:00:00"}"""))
            .ExpectProblem(HttpStatusCode.BadRequest, "malformed-request");

        Assert.Contains("offset", (string?)problem["errors"]!["startsAt"]![0]);
    }

    [Theory]
    [InlineData("01.12.2026")]
    [InlineData("2026-12-1")]
    [InlineData("12/01/2026")]
    public async Task A_date_in_any_spelling_but_yyyy_MM_dd_is_refused_naming_the_field(string date)
    {
        var problem = await (await App.FrontDesk().GetAsync($"/api/v1/reports/cash?date={date}"))
            .ExpectProblem(HttpStatusCode.BadRequest, "malformed-request");

        Assert.Contains("yyyy-MM-dd", (string?)problem["errors"]!["date"]![0]);
    }

    [Fact]
    public async Task Unknown_properties_are_refused_naming_the_property()
    {
        var body = ClientsTests.NewClient();
        var json = System.Text.Json.JsonSerializer.SerializeToNode(body, Http.Json)!.AsObject();
        json["status"] = "completed";

        var problem = await (await App.FrontDesk().PostRaw("/api/v1/clients", json.ToJsonString()))
            .ExpectProblem(HttpStatusCode.BadRequest, "malformed-request");

        Assert.NotNull(problem["errors"]!["status"]);
    }

    [Theory]
    [InlineData("receipts")]
    [InlineData("packages")]
    [InlineData("balance")]
    public async Task A_list_under_an_unknown_client_is_404(string list)
    {
        await (await App.FrontDesk().GetAsync($"/api/v1/clients/{Guid.NewGuid()}/{list}")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
    }
}

public sealed class StrictInputOnSqlite(SqliteApp app) : StrictInputTests(app), IClassFixture<SqliteApp>;
public sealed class StrictInputOnPostgres(PostgresApp app) : StrictInputTests(app), IClassFixture<PostgresApp>;
