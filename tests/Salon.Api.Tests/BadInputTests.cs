using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests;

/// <summary>The last 500s from bad input, each by name: every one is a 400 problem now.</summary>
public abstract class BadInputTests(SalonApp app) : ProviderTests(app)
{
    [Fact]
    public async Task A_NUL_character_in_a_text_field_is_400_even_on_the_login_that_needs_no_token()
    {
        await (await App.CreateClient().PostRaw("/api/v1/auth/token",
            "{\"login\":\"a\\u0000b\",\"password\":\"whatever-it-is\"}"))
            .ExpectProblem(HttpStatusCode.BadRequest, "malformed-request");
        await (await App.FrontDesk().PostRaw("/api/v1/clients",
                "{\"firstName\":\"Ма\\u0000рия\",\"lastName\":\"Петрова\",\"phone\":\"+79161234567\",\"personalDataConsent\":{\"channel\":\"paper\"}}"))
            .ExpectProblem(HttpStatusCode.BadRequest, "malformed-request");
        await (await App.FrontDesk().GetAsync("/api/v1/clients?query=a%00b")).ExpectProblem(HttpStatusCode.BadRequest,
            "validation");
    }

    [Theory]
    [InlineData("/api/v1/reports/cash?date=9999-12-31")]
    [InlineData("/api/v1/schedule?date=9999-12-31")]
    [InlineData("/api/v1/bookings?from=2026-01-01&to=9999-12-31")]
    public async Task A_date_at_the_end_of_the_calendar_is_400_not_an_overflow(string url)
    {
        await (await App.Admin().GetAsync(url)).ExpectProblem(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task A_null_in_the_weekly_hours_is_400()
    {
        var therapist = await new SalonBuilder(App).TherapistAsync();
        await (await App.Admin().SendAsync(new HttpRequestMessage(HttpMethod.Put,
            $"/api/v1/therapists/{therapist}/weekly-hours")
            {
                Content = new StringContent("{\"weeklyHours\":[null]}", Encoding.UTF8, "application/json"),
            }))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task A_problem_is_json_even_when_the_client_accepts_only_something_else()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/services") { Content = new StringContent("{",
            Encoding.UTF8, "application/json") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/calendar"));
        await (await App.Admin().SendAsync(request)).ExpectProblem(HttpStatusCode.BadRequest, "malformed-request");
    }
}

public sealed class BadInputOnSqlite(SqliteApp app) : BadInputTests(app), IClassFixture<SqliteApp>;
public sealed class BadInputOnPostgres(PostgresApp app) : BadInputTests(app), IClassFixture<PostgresApp>;
public sealed class BadInputOnSqlServer(SqlServerApp app) : BadInputTests(app), IClassFixture<SqlServerApp>;
