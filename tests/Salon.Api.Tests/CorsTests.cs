using System.Net;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests;

/// <summary>The front desk's browser client on its own origin: preflights answered without a token, headers
/// readable.</summary>
public sealed class CorsTests(CorsApp app) : IClassFixture<CorsApp>
{
    public const string Desk = "http://localhost:3000";

    [Fact]
    public async Task A_preflight_from_an_allowed_origin_is_answered_without_a_token()
    {
        var response = await app.CreateClient().SendAsync(Preflight(Desk, "POST",
            "authorization,content-type,idempotency-key"));

        Assert.True(response.IsSuccessStatusCode, $"preflight answered {(int)response.StatusCode}");
        Assert.Equal(Desk, Single(response, "Access-Control-Allow-Origin"));
        Assert.Contains("POST", Single(response, "Access-Control-Allow-Methods"));
        Assert.Contains("idempotency-key", Single(response, "Access-Control-Allow-Headers"),
            StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_preflight_from_another_origin_gets_no_permission()
    {
        var response = await app.CreateClient().SendAsync(Preflight("http://evil.example", "POST", "authorization"));

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task A_real_call_from_the_allowed_origin_exposes_the_etag_and_location_headers()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/clients");
        request.Headers.Add("Origin", Desk);
        var response = await app.FrontDesk().SendAsync(request);

        await response.Expect(HttpStatusCode.OK);
        Assert.Equal(Desk, Single(response, "Access-Control-Allow-Origin"));
        var exposed = Single(response, "Access-Control-Expose-Headers");
        foreach (var header in new[] { "ETag", "Location", "Retry-After", "Idempotent-Replayed" })
            Assert.Contains(header, exposed, StringComparison.OrdinalIgnoreCase);
    }

    private static HttpRequestMessage Preflight(string origin, string method, string headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/v1/bookings");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return request;
    }

    private static string Single(HttpResponseMessage response, string header) =>
        string.Join(",", response.Headers.TryGetValues(header, out var values) ? values : []);
}

/// <summary>SQLite with the desk's origin allowed.</summary>
public sealed class CorsApp : SqliteApp
{
    protected override IReadOnlyDictionary<string, string> Settings =>
        new Dictionary<string, string> { ["Cors:Origins:0"] = CorsTests.Desk };
}
