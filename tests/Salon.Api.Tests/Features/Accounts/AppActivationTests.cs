using System.Net;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests;

/// <summary>A client the front desk registered opens an app account with a one-time code issued at the desk.</summary>
public abstract class AppActivationTests(SalonApp app) : ProviderTests(app)
{
    private const string SignUpRoute = "/api/v1/auth/client/sign-up";

    [Fact]
    public async Task A_desk_code_lets_the_registered_client_sign_up_once_and_keeps_their_record()
    {
        var (clientId, phone) = await RegisteredAsync();
        var invite = await (await App.FrontDesk().PostAsync($"/api/v1/clients/{clientId}/app-invite",
            null)).Expect(HttpStatusCode.Created);
        var code = (string)invite["code"]!;
        Assert.Matches("^[0-9]{8}$", code);
        var expiresAt = DateTimeOffset.Parse((string)invite["expiresAt"]!,
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expiresAt - App.Clock.GetUtcNow(), TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1),
            TimeSpan.FromMinutes(15));
        Assert.Equal(0L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM app_invites WHERE code_hash = @code",
            new { code }));

        var token = await (await App.CreateClient().PostJson(SignUpRoute, SignUp(phone,
            code))).Expect(HttpStatusCode.Created);

        Assert.Equal("client", (string?)token["role"]);
        Assert.Equal(1L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM clients WHERE phone = @phone",
            new { phone = MobileClientTests.Normalized(phone) }));
        Assert.Equal(1L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM client_accounts WHERE client_id = @clientId",
            new { clientId }));
        // The desk's record stays: the first name the desk typed, not the one the app sent.
        Assert.Equal("Екатерина", await App.ScalarAsync<string>("SELECT first_name FROM clients WHERE id = @clientId",
            new { clientId }));
        var login = await (await App.CreateClient().PostJson("/api/v1/auth/client/token", new { phone,
            password = MobileClientTests.Password }))
            .Expect(HttpStatusCode.OK);
        Assert.Equal("client", (string?)login["role"]);

        await (await App.CreateClient().PostJson(SignUpRoute, SignUp(phone,
            code))).ExpectProblem(HttpStatusCode.Conflict, "sign-up-refused");
        // With an account, the desk has nothing to issue.
        await (await App.FrontDesk().PostAsync($"/api/v1/clients/{clientId}/app-invite", null))
            .ExpectProblem(HttpStatusCode.Conflict, "app-account-exists");
    }

    [Fact]
    public async Task An_expired_code_is_refused()
    {
        var (clientId, phone) = await RegisteredAsync();
        var code = await InviteAsync(clientId);

        App.Clock.Advance(TimeSpan.FromMinutes(15));

        await (await App.CreateClient().PostJson(SignUpRoute, SignUp(phone,
            code))).ExpectProblem(HttpStatusCode.Conflict, "sign-up-refused");
        Assert.Equal(0L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM client_accounts WHERE client_id = @clientId",
            new { clientId }));
    }

    [Fact]
    public async Task A_wrong_code_another_clients_code_and_a_superseded_code_are_refused()
    {
        var (clientId, phone) = await RegisteredAsync();
        var (otherId, _) = await RegisteredAsync();
        var first = await InviteAsync(clientId);
        var code = await InviteAsync(clientId);
        var othersCode = await InviteAsync(otherId);
        var wrong = ((int.Parse(code,
            System.Globalization.CultureInfo.InvariantCulture) + 1) % 100_000_000).ToString("D8", System.Globalization.CultureInfo.InvariantCulture);

        foreach (var attempt in new[] { wrong, othersCode, first }.Where(c => c != code))
            await (await App.CreateClient().PostJson(SignUpRoute, SignUp(phone,
                attempt))).ExpectProblem(HttpStatusCode.Conflict, "sign-up-refused");
        Assert.Equal(0L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM client_accounts WHERE client_id = @clientId",
            new { clientId }));

        // The refusals did not burn the right code.
        await (await App.CreateClient().PostJson(SignUpRoute, SignUp(phone, code))).Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_known_phone_without_a_code_gets_the_same_answer_as_an_unknown_phone_with_a_code()
    {
        var (_, known) = await RegisteredAsync();

        var withoutCode = await (await App.CreateClient().PostJson(SignUpRoute, SignUp(known, null)))
            .ExpectProblem(HttpStatusCode.Conflict, "sign-up-refused");
        var unknown = await (await App.CreateClient().PostJson(SignUpRoute, SignUp(ClientsTests.NewPhone(),
            "12345678")))
            .ExpectProblem(HttpStatusCode.Conflict, "sign-up-refused");

        withoutCode.AsObject().Remove("traceId");
        unknown.AsObject().Remove("traceId");
        Assert.Equal(withoutCode.ToJsonString(), unknown.ToJsonString());
    }

    [Fact]
    public async Task Codes_are_issued_by_the_desk_only_and_at_most_five_an_hour_per_client()
    {
        var (clientId, _) = await RegisteredAsync();
        await (await App.ClientAs("therapist").PostAsync($"/api/v1/clients/{clientId}/app-invite", null))
            .ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await App.FrontDesk().PostAsync($"/api/v1/clients/{Guid.NewGuid()}/app-invite", null))
            .ExpectProblem(HttpStatusCode.NotFound, "not-found");

        for (var i = 0; i < 5; i++)
        {
            await InviteAsync(clientId);
            App.Clock.Advance(TimeSpan.FromMinutes(1));
        }
        var refused = await App.Admin().PostAsync($"/api/v1/clients/{clientId}/app-invite", null);
        await refused.ExpectProblem(HttpStatusCode.TooManyRequests, "too-many-invites");
        // The oldest of the five was issued 5 minutes ago: the next code can be issued in 55 minutes.
        var retryAfter = int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")),
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 55 * 60 - 2, 55 * 60 + 1);

        App.Clock.Advance(TimeSpan.FromSeconds(retryAfter));
        await InviteAsync(clientId);
    }

    protected async Task<(Guid Id, string Phone)> RegisteredAsync()
    {
        var phone = ClientsTests.NewPhone();
        var client = await (await App.FrontDesk().PostJson("/api/v1/clients",
            ClientsTests.NewClient(phone))).Expect(HttpStatusCode.Created);
        return (Guid.Parse((string)client["id"]!), phone);
    }

    protected async Task<string> InviteAsync(Guid clientId) =>
        (string)(await (await App.FrontDesk().PostAsync($"/api/v1/clients/{clientId}/app-invite",
            null)).Expect(HttpStatusCode.Created))["code"]!;

    protected static object SignUp(string phone, string? code) => new
    {
        firstName = "Мария", lastName = "Соколова", phone, password = MobileClientTests.Password, code,
        personalDataConsent = new { channel = "mobile" },
    };
}

public sealed class AppActivationOnSqlite(SqliteApp app) : AppActivationTests(app), IClassFixture<SqliteApp>;

public sealed class AppActivationOnPostgres(PostgresApp app) : AppActivationTests(app), IClassFixture<PostgresApp>
{
    [Fact]
    public async Task Racing_sign_ups_with_one_code_make_exactly_one_account()
    {
        var (clientId, phone) = await RegisteredAsync();
        var code = await InviteAsync(clientId);

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_
            => App.CreateClient().PostJson("/api/v1/auth/client/sign-up", SignUp(phone, code))));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r
            => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(1L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM client_accounts WHERE client_id = @clientId",
            new { clientId }));
    }
}
