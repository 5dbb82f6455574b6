using System.Net;
using System.Net.Http.Headers;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests;

/// <summary>A client in the mobile app: signing up, logging in, booking for themself and reaching only their own
/// data.</summary>
public abstract class MobileClientTests(SalonApp app) : ProviderTests(app)
{
    public const string Password = "Лимфа-2026!";

    [Fact]
    public async Task Signing_up_returns_a_client_token_that_reads_the_own_record()
    {
        var phone = ClientsTests.NewPhone();
        var token = await (await App.CreateClient().PostJson("/api/v1/auth/client/sign-up",
            SignUp(phone))).Expect(HttpStatusCode.Created);

        Assert.Equal("client", (string?)token["role"]);
        Assert.True(DateTimeOffset.Parse((string)token["expiresAt"]!,
            System.Globalization.CultureInfo.InvariantCulture) > App.Clock.GetUtcNow());
        var me = await (await Bearer((string)token["accessToken"]!).GetAsync("/api/v1/me")).Expect(HttpStatusCode.OK);

        Assert.Equal("Мария", (string?)me["firstName"]);
        Assert.Equal(Normalized(phone), (string?)me["phone"]);
        Assert.Equal("mobile", (string?)Assert.Single(me["consents"]!.AsArray())!["channel"]);
        var id = Guid.Parse((string)me["id"]!);
        Assert.Equal(1L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM client_accounts WHERE client_id = @id",
            new { id }));
        Assert.NotEqual(Password,
            await App.ScalarAsync<string>("SELECT password_hash FROM client_accounts WHERE client_id = @id",
            new { id }));
    }

    [Fact]
    public async Task Logging_in_takes_the_phone_in_any_format_and_a_wrong_password_is_401()
    {
        var phone = ClientsTests.NewPhone();
        await (await App.CreateClient().PostJson("/api/v1/auth/client/sign-up",
            SignUp(phone))).Expect(HttpStatusCode.Created);
        var anonymous = App.CreateClient();

        var token = await (await anonymous.PostJson("/api/v1/auth/client/token", new { phone = Normalized(phone),
            password = Password })).Expect(HttpStatusCode.OK);
        await (await Bearer((string)token["accessToken"]!).GetAsync("/api/v1/me")).Expect(HttpStatusCode.OK);

        await (await anonymous.PostJson("/api/v1/auth/client/token", new { phone, password = Password + "x" }))
            .ExpectProblem(HttpStatusCode.Unauthorized, "invalid-credentials");
        await (await anonymous.PostJson("/api/v1/auth/client/token", new { phone = ClientsTests.NewPhone(),
            password = Password }))
            .ExpectProblem(HttpStatusCode.Unauthorized, "invalid-credentials");
    }

    [Fact]
    public async Task A_phone_the_front_desk_already_registered_cannot_be_signed_up_from_the_app_without_a_code()
    {
        var phone = ClientsTests.NewPhone();
        await (await App.FrontDesk().PostJson("/api/v1/clients",
            ClientsTests.NewClient(phone))).Expect(HttpStatusCode.Created);

        await (await App.CreateClient().PostJson("/api/v1/auth/client/sign-up",
            SignUp(phone))).ExpectProblem(HttpStatusCode.Conflict, "sign-up-refused");

        Assert.Equal(1L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM clients WHERE phone = @phone",
            new { phone = Normalized(phone) }));
        Assert.Equal(0L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM client_accounts WHERE phone = @phone",
            new { phone = Normalized(phone) }));
    }

    [Fact]
    public async Task A_client_books_for_themself_from_the_app_but_not_for_another_client()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync();
        var therapist = await salon.TherapistAsync();
        var (me, http) = await SignedUpAsync();
        var other = await salon.ClientAsync();

        var booking = await (await http.PostJson("/api/v1/bookings", new { clientId = me, serviceId = service,
            therapistId = therapist, startsAt = salon.Start(3, 11) }))
            .Expect(HttpStatusCode.Created);
        Assert.Equal("mobile", (string?)booking["channel"]);
        Assert.Equal("client", (string?)booking["history"]![0]!["actorRole"]);

        await (await http.PostJson("/api/v1/bookings", new { clientId = other, serviceId = service,
            therapistId = therapist, startsAt = salon.Start(3, 14) }))
            .ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(0L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM bookings WHERE client_id = @other",
            new { other }));
    }

    [Fact]
    public async Task Another_clients_booking_does_not_exist_for_a_client_and_the_list_holds_only_their_own()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync();
        var therapist = await salon.TherapistAsync();
        var (me, http) = await SignedUpAsync();
        var other = await salon.ClientAsync();
        var mine = await (await http.PostJson("/api/v1/bookings", new { clientId = me, serviceId = service,
            therapistId = therapist, startsAt = salon.Start(4, 10) }))
            .Expect(HttpStatusCode.Created);
        var theirs = await (await App.FrontDesk().PostJson("/api/v1/bookings", new { clientId = other,
            serviceId = service, therapistId = therapist, startsAt = salon.Start(4, 13) }))
            .Expect(HttpStatusCode.Created);

        await (await http.GetAsync($"/api/v1/bookings/{theirs["id"]}")).ExpectProblem(HttpStatusCode.NotFound,
            "not-found");
        await (await http.PostJson($"/api/v1/bookings/{theirs["id"]}/cancel",
            new { })).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        Assert.Equal("booked", await App.ScalarAsync<string>("SELECT status FROM bookings WHERE id = @id",
            new { id = Guid.Parse((string)theirs["id"]!) }));

        var list = await (await http.GetAsync("/api/v1/bookings")).Expect(HttpStatusCode.OK);
        Assert.Equal(1L, (long?)list["total"]);
        Assert.Equal((string?)mine["id"], (string?)Assert.Single(list["items"]!.AsArray())!["id"]);
        await (await http.GetAsync($"/api/v1/bookings?clientId={other}")).ExpectProblem(HttpStatusCode.Forbidden,
            "forbidden");
        await (await http.GetAsync($"/api/v1/bookings/{mine["id"]}")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_client_cannot_reach_staff_routes()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync();
        var therapist = await salon.TherapistAsync();
        var (me, http) = await SignedUpAsync();
        var booking = await (await http.PostJson("/api/v1/bookings", new { clientId = me, serviceId = service,
            therapistId = therapist, startsAt = salon.Start(5, 10) }))
            .Expect(HttpStatusCode.Created);

        await (await http.GetAsync("/api/v1/clients")).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await http.GetAsync($"/api/v1/clients/{me}")).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await http.PostAsync($"/api/v1/bookings/{booking["id"]}/check-in",
            null)).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await http.PostJson("/api/v1/services", new { name = "x" })).ExpectProblem(HttpStatusCode.Forbidden,
            "forbidden");
        Assert.Equal("booked", await App.ScalarAsync<string>("SELECT status FROM bookings WHERE id = @id",
            new { id = Guid.Parse((string)booking["id"]!) }));
    }

    [Fact]
    public async Task A_token_stops_working_once_it_has_expired_on_the_apps_clock()
    {
        var (_, http) = await SignedUpAsync();
        await (await http.GetAsync("/api/v1/me")).Expect(HttpStatusCode.OK);

        App.Clock.Advance(TimeSpan.FromHours(12) + TimeSpan.FromMinutes(1));

        await (await http.GetAsync("/api/v1/me")).ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    public static object SignUp(string phone, string password = Password) => new
    {
        firstName = "Мария", lastName = "Соколова", phone, password, personalDataConsent = new { channel = "mobile" }, birthDate = "1992-05-17",
    };

    private async Task<(Guid ClientId, HttpClient Http)> SignedUpAsync()
    {
        var token = await (await App.CreateClient().PostJson("/api/v1/auth/client/sign-up",
            SignUp(ClientsTests.NewPhone()))).Expect(HttpStatusCode.Created);
        var http = Bearer((string)token["accessToken"]!);
        var me = await (await http.GetAsync("/api/v1/me")).Expect(HttpStatusCode.OK);
        var id = Guid.Parse((string)me["id"]!);
        // In the app, as a client does it: consent to health-data processing, then the questionnaire.
        await (await http.PostJson("/api/v1/me/consents", new { kind = "health_data",
            channel = "electronic" })).Expect(HttpStatusCode.OK);
        await (await http.PostJson($"/api/v1/clients/{id}/screenings",
            new { answers = SalonBuilder.Answers() })).Expect(HttpStatusCode.Created);
        return (id, http);
    }

    private HttpClient Bearer(string token)
    {
        var http = App.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    internal static string Normalized(string phone) => "+7" + new string(phone.Where(char.IsAsciiDigit).ToArray())[1..];
}

public sealed class MobileClientOnSqlite(SqliteApp app) : MobileClientTests(app), IClassFixture<SqliteApp>;
public sealed class MobileClientOnPostgres(PostgresApp app) : MobileClientTests(app), IClassFixture<PostgresApp>;
public sealed class MobileClientOnSqlServer(SqlServerApp app) : MobileClientTests(app), IClassFixture<SqlServerApp>;

/// <summary>Logins are limited per address: a password guesser gets 429 with the time to wait.</summary>
public abstract class ClientLoginRateLimitTests(SalonApp app) : ProviderTests(app)
{
    [Fact]
    public async Task The_fourth_login_attempt_within_a_minute_is_429_with_retry_after()
    {
        var anonymous = App.CreateClient();
        var attempt = new { phone = ClientsTests.NewPhone(), password = "not-the-password" };

        for (var i = 0; i < LimitedLogins.PerMinute; i++)
            await (await anonymous.PostJson("/api/v1/auth/client/token",
                attempt)).ExpectProblem(HttpStatusCode.Unauthorized, "invalid-credentials");
        var refused = await anonymous.PostJson("/api/v1/auth/client/token", attempt);

        await refused.ExpectProblem(HttpStatusCode.TooManyRequests, "rate-limited");
        var retryAfter = int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")),
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        // Signing up is behind the same limit.
        await (await anonymous.PostJson("/api/v1/auth/client/sign-up",
            MobileClientTests.SignUp(ClientsTests.NewPhone())))
            .ExpectProblem(HttpStatusCode.TooManyRequests, "rate-limited");
    }
}

public static class LimitedLogins
{
    public const int PerMinute = 3;
}

public sealed class LimitedLoginSqliteApp : SqliteApp
{
    protected override int LoginsPerMinute => LimitedLogins.PerMinute;
}

public sealed class LimitedLoginPostgresApp : PostgresApp
{
    protected override int LoginsPerMinute => LimitedLogins.PerMinute;
}

public sealed class ClientLoginRateLimitOnSqlite(LimitedLoginSqliteApp app) : ClientLoginRateLimitTests(app), IClassFixture<LimitedLoginSqliteApp>;
public sealed class ClientLoginRateLimitOnPostgres(LimitedLoginPostgresApp app) : ClientLoginRateLimitTests(app), IClassFixture<LimitedLoginPostgresApp>;
