using System.Net;
using System.Net.Http.Headers;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests;

/// <summary>The booking app from the first screen: only what an anonymous visitor, then a signed-up client, can
/// see.</summary>
public abstract class MobileJourneyTests(SalonApp app) : ProviderTests(app)
{
    [Fact]
    public async Task The_catalogue_is_readable_anonymously_and_by_clients_and_cached_with_an_etag()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync(duration: 60, price: 1800m);
        await salon.TherapistAsync();
        var anonymous = App.CreateClient();

        var response = await anonymous.GetAsync("/api/v1/catalog");
        var catalog = await response.Expect(HttpStatusCode.OK);
        var offered = Assert.Single(catalog["services"]!.AsArray(), s => (string?)s!["id"] == service.ToString())!;
        Assert.Equal(1800m, (decimal)offered["price"]!);
        Assert.Equal(60, (int)offered["durationMinutes"]!);
        Assert.Equal("manual", (string?)offered["kind"]);
        var therapist = catalog["therapists"]!.AsArray().First(t => ((string)t!["name"]!).StartsWith("Анна Т",
            StringComparison.Ordinal))!;
        Assert.Equal("Анна Т.", (string?)therapist["name"]); // a first name and an initial, nothing more
        Assert.Null(therapist["lastName"]);
        var etag = response.Headers.ETag;
        Assert.NotNull(etag);

        var again = new HttpRequestMessage(HttpMethod.Get, "/api/v1/catalog");
        again.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await anonymous.SendAsync(again)).StatusCode);
        var (_, client) = await SignUpAsync();
        await (await client.GetAsync("/api/v1/catalog")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task From_the_anonymous_menu_to_a_booked_visit_with_only_what_the_app_can_see()
    {
        var salon = new SalonBuilder(App);
        var manual = await salon.ManualServiceAsync();
        await salon.TherapistAsync();
        var catalog = await (await App.CreateClient().GetAsync("/api/v1/catalog")).Expect(HttpStatusCode.OK);
        var service = (string)catalog["services"]!.AsArray().First(s => (string?)s!["id"] == manual.ToString())!["id"]!;

        var (me, http) = await SignUpAsync();
        await (await http.PostJson("/api/v1/me/consents", new { kind = "health_data",
            channel = "electronic" })).Expect(HttpStatusCode.OK);
        await (await http.PostJson($"/api/v1/clients/{me}/screenings",
            new { answers = SalonBuilder.Answers() })).Expect(HttpStatusCode.Created);
        var day = salon.Start(3, 0).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var slots = await (await http.GetAsync($"/api/v1/availability?serviceId={service}&from={day}&to={day}")).Expect(HttpStatusCode.OK);
        var start = (string)slots["slots"]!.AsArray().First()!["start"]!;

        var booking = await http.PostJson("/api/v1/bookings", new { clientId = me, serviceId = service,
            startsAt = start });
        var booked = await booking.Expect(HttpStatusCode.Created);
        Assert.Equal("mobile", (string?)booked["channel"]);
        Assert.NotNull(booking.Headers.Location);
        Assert.NotNull(booking.Headers.ETag);
    }

    private async Task<(Guid ClientId, HttpClient Http)> SignUpAsync()
    {
        var signUp = await App.CreateClient().PostJson("/api/v1/auth/client/sign-up",
            MobileClientTests.SignUp(ClientsTests.NewPhone()));
        var token = await signUp.Expect(HttpStatusCode.Created);
        var http = App.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            (string)token["accessToken"]!);
        var me = await (await http.GetAsync("/api/v1/me")).Expect(HttpStatusCode.OK);
        return (Guid.Parse((string)me["id"]!), http);
    }
}

public sealed class MobileJourneyOnSqlite(SqliteApp app) : MobileJourneyTests(app), IClassFixture<SqliteApp>;
public sealed class MobileJourneyOnPostgres(PostgresApp app) : MobileJourneyTests(app), IClassFixture<PostgresApp>;

/// <summary>Staff ask /me who they are: the app learns the therapist id it needs for the own schedule.</summary>
public sealed class StaffMeTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task Me_answers_staff_with_their_role_and_therapist_id()
    {
        var therapistId = Guid.NewGuid();

        var therapist = await (await app.ClientAs("therapist",
            therapistId).GetAsync("/api/v1/me")).Expect(HttpStatusCode.OK);
        var desk = await (await app.FrontDesk().GetAsync("/api/v1/me")).Expect(HttpStatusCode.OK);

        Assert.Equal("therapist", (string?)therapist["role"]);
        Assert.Equal(therapistId.ToString(), (string?)therapist["therapistId"]);
        Assert.Equal("test-therapist", (string?)therapist["login"]);
        Assert.Equal("frontdesk", (string?)desk["role"]);
        Assert.Null(desk["therapistId"]);
    }
}
