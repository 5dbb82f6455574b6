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
}

public sealed class StrictInputOnSqlite(SqliteApp app) : StrictInputTests(app), IClassFixture<SqliteApp>;
public sealed class StrictInputOnPostgres(PostgresApp app) : StrictInputTests(app), IClassFixture<PostgresApp>;
