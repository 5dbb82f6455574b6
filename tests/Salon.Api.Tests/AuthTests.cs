using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests;

public abstract partial class AuthTests(SalonApp app) : ProviderTests(app)
{
    private const string Password = "correct horse battery";

    /// <summary>The only routes a caller may reach without a token.</summary>
    private static readonly string[] Anonymous = ["/health/live", "/health/ready", "/api/v1/auth/token",
        "/api/v1/auth/client/token", "/api/v1/auth/client/sign-up", "/api/v1/calendar-feeds/{token}.ics",
        "/api/v1/catalog"];

    private static bool IsOpenApi(string route) => route.StartsWith("/openapi", StringComparison.Ordinal)
        || route.StartsWith("/swagger", StringComparison.Ordinal);

    private static string NewLogin() => "user." + Guid.NewGuid().ToString("N")[..10];

    private async Task<JsonNode> CreateStaffAsync(string login, string role = "frontdesk", Guid? therapistId = null) =>
        await (await App.Admin().PostJson("/api/v1/staff", new { login, password = Password, role,
            therapistId })).Expect(HttpStatusCode.Created);

    private Task<HttpResponseMessage> LoginAsync(string login, string password) =>
        App.CreateClient().PostJson("/api/v1/auth/token", new { login, password });

    private HttpClient WithToken(string token)
    {
        var http = App.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    [Fact]
    public async Task A_staff_user_logs_in_with_the_password_and_the_token_opens_the_api_for_that_role()
    {
        var login = NewLogin();
        await CreateStaffAsync(login);

        var token = await (await LoginAsync(login.ToUpperInvariant(), Password)).Expect(HttpStatusCode.OK);

        Assert.Equal("frontdesk", (string?)token["role"]);
        Assert.InRange((DateTimeOffset)token["expiresAt"]!, App.Clock.GetUtcNow().AddHours(1),
            App.Clock.GetUtcNow().AddDays(1));
        var desk = WithToken((string)token["accessToken"]!);
        await (await desk.GetAsync("/api/v1/clients")).Expect(HttpStatusCode.OK);
        await (await desk.PostJson("/api/v1/services",
            CatalogTests.ManualService())).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_login_get_the_same_401()
    {
        var login = NewLogin();
        await CreateStaffAsync(login);

        var wrong = await (await LoginAsync(login, Password + "!")).ExpectProblem(HttpStatusCode.Unauthorized,
            "invalid-credentials");
        var unknown = await (await LoginAsync(NewLogin(), Password)).ExpectProblem(HttpStatusCode.Unauthorized,
            "invalid-credentials");

        Assert.Equal((string?)wrong["title"], (string?)unknown["title"]);
        Assert.Null(wrong["accessToken"]);
    }

    [Fact]
    public async Task A_forged_or_garbled_token_is_401()
    {
        var admin = App.Admin();
        var real = admin.DefaultRequestHeaders.Authorization!.Parameter!;
        var parts = real.Split('.');
        var forged = $"{parts[0]}.{parts[1]}.{Convert.ToBase64String(Encoding.UTF8.GetBytes("not the signature")).TrimEnd('=')}";

        await (await WithToken(forged).GetAsync("/api/v1/services")).ExpectProblem(HttpStatusCode.Unauthorized,
            "unauthorized");
        await (await WithToken("garbage").GetAsync("/api/v1/services")).ExpectProblem(HttpStatusCode.Unauthorized,
            "unauthorized");
    }

    [Fact]
    public async Task The_password_is_stored_only_as_a_salted_pbkdf2_hash()
    {
        var first = NewLogin();
        var second = NewLogin();
        await CreateStaffAsync(first);
        await CreateStaffAsync(second);

        var hash = await App.ScalarAsync<string>("SELECT password_hash FROM staff_users WHERE login = @first",
            new { first });
        var other = await App.ScalarAsync<string>("SELECT password_hash FROM staff_users WHERE login = @second",
            new { second });

        Assert.NotNull(hash);
        Assert.StartsWith("pbkdf2-sha512$", hash);
        Assert.DoesNotContain(Password, hash);
        Assert.NotEqual(hash, other);
    }

    [Fact]
    public async Task A_therapist_login_needs_its_therapist_and_then_reaches_only_its_own_record()
    {
        var before = await App.ScalarAsync<long>("SELECT COUNT(*) FROM staff_users");
        var missing = await (await App.Admin().PostJson("/api/v1/staff", new { login = NewLogin(), password = Password,
            role = "therapist" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation");
        Assert.NotNull(missing["errors"]!["therapistId"]);
        await (await App.Admin().PostJson("/api/v1/staff", new { login = NewLogin(), password = Password,
            role = "therapist", therapistId = Guid.NewGuid() }))
            .ExpectProblem(HttpStatusCode.NotFound, "not-found");
        var deskWithTherapist = await (await App.Admin().PostJson("/api/v1/staff",
            new { login = NewLogin(), password = Password, role = "frontdesk",
                therapistId = Guid.NewGuid() })).ExpectProblem(HttpStatusCode.BadRequest, "validation");
        Assert.NotNull(deskWithTherapist["errors"]!["therapistId"]);
        Assert.Equal(before, await App.ScalarAsync<long>("SELECT COUNT(*) FROM staff_users"));

        var therapist = await (await App.Admin().PostJson("/api/v1/therapists",
            TherapistsTests.NewTherapist())).Expect(HttpStatusCode.Created);
        var login = NewLogin();
        var user = await CreateStaffAsync(login, "therapist", Guid.Parse((string)therapist["id"]!));
        Assert.Equal((string?)therapist["id"], (string?)user["therapistId"]);

        var token = await (await LoginAsync(login, Password)).Expect(HttpStatusCode.OK);
        var own = WithToken((string)token["accessToken"]!);
        await (await own.GetAsync($"/api/v1/therapists/{therapist["id"]}")).Expect(HttpStatusCode.OK);
        await (await own.GetAsync($"/api/v1/therapists/{Guid.NewGuid()}")).ExpectProblem(HttpStatusCode.Forbidden,
            "forbidden");
    }

    [Fact]
    public async Task A_password_shorter_than_12_characters_is_refused()
    {
        var login = NewLogin();
        var refused = await (await App.Admin().PostJson("/api/v1/staff", new { login, password = "elevenchars",
            role = "admin" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation");

        Assert.NotNull(refused["errors"]!["password"]);
        Assert.Equal(0L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM staff_users WHERE login = @login",
            new { login }));
    }

    [Fact]
    public async Task Only_the_admin_creates_staff_and_a_login_is_taken_once()
    {
        var login = NewLogin();
        var body = new { login, password = Password, role = "admin" };

        await (await App.FrontDesk().PostJson("/api/v1/staff", body)).ExpectProblem(HttpStatusCode.Forbidden,
            "forbidden");
        await (await App.Admin().PostJson("/api/v1/staff", body)).Expect(HttpStatusCode.Created);
        await (await App.Admin().PostJson("/api/v1/staff",
            body with { login = login.ToUpperInvariant() })).ExpectProblem(HttpStatusCode.Conflict, "login-taken");
        Assert.Equal(1L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM staff_users WHERE login = @login",
            new { login }));
    }

    private IReadOnlyList<RouteEndpoint> Endpoints() =>
        App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

    private static string Route(RouteEndpoint endpoint) => "/" + endpoint.RoutePattern.RawText!.TrimStart('/');

    private static IEnumerable<string> Methods(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];

    /// <summary>A concrete URL for a route pattern: every parameter filled with a value its constraint
    /// accepts.</summary>
    private static string Url(RouteEndpoint endpoint) =>
        RouteParameter().Replace(Route(endpoint), m => m.Groups["constraint"].Value switch
        {
            "guid" => Guid.NewGuid().ToString(),
            "int" or "long" => "1",
            _ => "x",
        });

    private static HttpRequestMessage Request(string method, string url)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method is "POST" or "PUT" or "PATCH")
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        return request;
    }

    [Fact]
    public async Task Every_route_but_health_login_and_the_api_document_refuses_a_caller_without_a_token()
    {
        var anonymous = App.CreateClient();
        var walked = 0;
        foreach (var endpoint in Endpoints().Where(e => !Anonymous.Contains(Route(e)) && !IsOpenApi(Route(e))))
        foreach (var method in Methods(endpoint))
        {
            var response = await anonymous.SendAsync(Request(method, Url(endpoint)));
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized,
                $"{method} {Route(endpoint)} answered {(int)response.StatusCode} without a token");
            await response.ExpectProblem(HttpStatusCode.Unauthorized, "unauthorized");
            walked++;
        }

        Assert.True(walked >= 20, $"only {walked} routes were walked; is the endpoint list complete?");
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public void Every_route_names_a_policy_or_is_deliberately_anonymous()
    {
        foreach (var endpoint in Endpoints())
        {
            var route = Route(endpoint);
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
            if (anonymous)
                Assert.True(Anonymous.Contains(route) || IsOpenApi(route),
                    $"{route} allows anonymous callers but is not on the allow-list");
            else
                Assert.True(policies.Count > 0 && policies.All(p => !string.IsNullOrEmpty(p)),
                    $"{route} names no policy and relies on the fallback");
        }
    }

    [Fact]
    public async Task A_therapist_and_the_front_desk_get_403_on_every_admin_only_write()
    {
        var writes = Endpoints()
            .Where(e => e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == "admin"))
            .SelectMany(e => Methods(e).Where(m => m is "POST" or "PUT" or "PATCH" or "DELETE").Select(m => (Method: m,
                Endpoint: e)))
            .ToList();
        Assert.Contains(writes, w => w.Method == "POST" && Route(w.Endpoint) == "/api/v1/services/");
        Assert.Contains(writes, w => w.Method == "DELETE" && Route(w.Endpoint).StartsWith("/api/v1/therapists",
            StringComparison.Ordinal));

        foreach (var caller in new[] { App.ClientAs("therapist", Guid.NewGuid()), App.FrontDesk() })
        foreach (var (method, endpoint) in writes)
        {
            var response = await caller.SendAsync(Request(method, Url(endpoint)));
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden,
                $"{method} {Route(endpoint)} answered {(int)response.StatusCode}");
            await response.ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        }
    }

    [GeneratedRegex(@"\{\*{0,2}(?<name>[^}:=?]+)(:(?<constraint>[a-z]+)[^}]*)?[^}]*\}")]
    private static partial Regex RouteParameter();
}

public sealed class AuthOnSqlite(SqliteApp app) : AuthTests(app), IClassFixture<SqliteApp>;
public sealed class AuthOnPostgres(PostgresApp app) : AuthTests(app), IClassFixture<PostgresApp>;
public sealed class AuthOnSqlServer(SqlServerApp app) : AuthTests(app), IClassFixture<SqlServerApp>;
