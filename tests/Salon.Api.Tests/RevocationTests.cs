using System.Diagnostics;
using System.Net;
using Salon.Api.Infrastructure.Http;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests;

/// <summary>Deactivating a staff login or a client account ends its tokens within seconds, not at their 12-hour
/// expiry.</summary>
public abstract class RevocationTests(SalonApp app) : ProviderTests(app)
{
    private const string Password = "correct horse battery";

    private async Task<(Guid Id, string Token)> StaffWithTokenAsync(string role = "frontdesk")
    {
        var login = "user." + Guid.NewGuid().ToString("N")[..10];
        var created = await (await App.Admin().PostJson("/api/v1/staff", new { login, password = Password,
            role })).Expect(HttpStatusCode.Created);
        var token = await (await App.CreateClient().PostJson("/api/v1/auth/token", new { login,
            password = Password })).Expect(HttpStatusCode.OK);
        return ((Guid)created["id"]!, (string)token["accessToken"]!);
    }

    /// <summary>Polls with the token until it is refused; the elapsed time is what a deactivated user still
    /// has.</summary>
    private async Task<TimeSpan> TimeUntilRefusedAsync(HttpClient http, string url, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        // What the polls saw, for a failure's message: their answers and the slowest one.
        var seen = new SortedDictionary<int, int>();
        var slowest = TimeSpan.Zero;
        while (watch.Elapsed < limit)
        {
            var sent = watch.Elapsed;
            var response = await http.GetAsync(url);
            if (watch.Elapsed - sent > slowest) slowest = watch.Elapsed - sent;
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                await response.ExpectProblem(HttpStatusCode.Unauthorized, "token-revoked");
                if (watch.Elapsed > TimeSpan.FromSeconds(1)) Report($"polls before the refusal: {Polls(seen, slowest)}");
                return watch.Elapsed;
            }
            seen[(int)response.StatusCode] = seen.GetValueOrDefault((int)response.StatusCode) + 1;
            await Task.Delay(50);
        }
        throw new Xunit.Sdk.XunitException(
            $"the token still worked {limit.TotalSeconds} s after deactivation; polls: {Polls(seen, slowest)}");
    }

    private static string Polls(SortedDictionary<int, int> seen, TimeSpan slowest) =>
        string.Join(", ", seen.Select(s => $"{s.Value} × {s.Key}")) + $"; slowest {slowest.TotalMilliseconds:0} ms";

    private static void Report(string figure)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(figure);
        TestContext.Current.SendDiagnosticMessage(figure);
    }

    [Fact]
    public async Task A_deactivated_staff_login_loses_its_token_at_once_and_cannot_log_in()
    {
        var (id, token) = await StaffWithTokenAsync();
        var desk = App.WithToken(token);
        await (await desk.GetAsync("/api/v1/clients")).Expect(HttpStatusCode.OK); // the stamp is now cached

        var admin = App.Admin();
        var deactivated = Stopwatch.StartNew();
        await (await admin.PostAsync($"/api/v1/staff/{id}/deactivate", null)).Expect(HttpStatusCode.OK);
        var elapsed = await TimeUntilRefusedAsync(desk, "/api/v1/clients", TimeSpan.FromSeconds(10));
        Report($"{App.Provider}: staff token refused {deactivated.ElapsedMilliseconds} ms after deactivation");
        Assert.True(elapsed < TimeSpan.FromSeconds(1), $"refused only after {elapsed}");

        var login = await App.ScalarAsync<string>("SELECT login FROM staff_users WHERE id = @id", new { id });
        await (await App.CreateClient().PostJson("/api/v1/auth/token", new { login, password = Password }))
            .ExpectProblem(HttpStatusCode.Unauthorized, "invalid-credentials");
    }

    [Fact]
    public async Task A_stamp_changed_by_another_instance_ends_the_token_within_the_cache_time()
    {
        var (id, token) = await StaffWithTokenAsync();
        var desk = App.WithToken(token);
        await (await desk.GetAsync("/api/v1/clients")).Expect(HttpStatusCode.OK);

        // Another API instance deactivates: this instance learns it only from the database, once its cache expires.
        await App.ScalarAsync<int>("UPDATE security_stamps SET stamp = @stamp WHERE subject_id = @id",
            new { stamp = SecurityStamps.NewStamp(), id });
        var elapsed = await TimeUntilRefusedAsync(desk, "/api/v1/clients", TimeSpan.FromSeconds(15));
        Report($"{App.Provider}: token refused {elapsed.TotalMilliseconds:0} ms after another instance's change");
        Assert.True(elapsed <= TimeSpan.FromSeconds(6), $"refused only after {elapsed}");
    }

    [Fact]
    public async Task Only_an_admin_deactivates_staff_and_never_their_own_login()
    {
        var (id, _) = await StaffWithTokenAsync();
        await (await App.FrontDesk().PostAsync($"/api/v1/staff/{id}/deactivate",
            null)).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await App.Admin().PostAsync($"/api/v1/staff/{Guid.NewGuid()}/deactivate",
            null)).ExpectProblem(HttpStatusCode.NotFound, "not-found");

        var (adminId, adminToken) = await StaffWithTokenAsync("admin");
        await (await App.WithToken(adminToken).PostAsync($"/api/v1/staff/{adminId}/deactivate", null))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "cannot-deactivate-self");
    }

    [Fact]
    public async Task A_deactivated_client_account_loses_its_token_and_cannot_log_in()
    {
        var phone = ClientsTests.NewPhone();
        var token = await (await App.CreateClient().PostJson("/api/v1/auth/client/sign-up",
            MobileClientTests.SignUp(phone))).Expect(HttpStatusCode.Created);
        var app = App.WithToken((string)token["accessToken"]!);
        var me = await (await app.GetAsync("/api/v1/me")).Expect(HttpStatusCode.OK);

        await (await App.FrontDesk().PostAsync($"/api/v1/clients/{me["id"]}/account/deactivate",
            null)).Expect(HttpStatusCode.OK);

        await (await app.GetAsync("/api/v1/me")).ExpectProblem(HttpStatusCode.Unauthorized, "token-revoked");
        await (await App.CreateClient().PostJson("/api/v1/auth/client/token", new { phone,
            password = MobileClientTests.Password }))
            .ExpectProblem(HttpStatusCode.Unauthorized, "invalid-credentials");
    }

    [Fact]
    public async Task A_correctly_signed_token_without_a_current_stamp_is_refused()
    {
        // What a token issued before stamps existed, or for a subject that no longer exists, looks like.
        var issuer = App.Services.GetService(typeof(TokenIssuer)) as TokenIssuer;
        var stale = issuer!.Issue(Guid.CreateVersion7(), "gone", Roles.Admin).AccessToken;
        await (await App.WithToken(stale).GetAsync("/api/v1/services")).ExpectProblem(HttpStatusCode.Unauthorized,
            "token-revoked");
    }
}

public sealed class RevocationOnSqlite(SqliteApp app) : RevocationTests(app), IClassFixture<SqliteApp>;
public sealed class RevocationOnPostgres(PostgresApp app) : RevocationTests(app), IClassFixture<PostgresApp>;
public sealed class RevocationOnSqlServer(SqlServerApp app) : RevocationTests(app), IClassFixture<SqlServerApp>;
