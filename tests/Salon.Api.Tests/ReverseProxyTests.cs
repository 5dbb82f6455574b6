using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests;

/// <summary>The API behind a reverse proxy at 10.0.0.1; the test names the socket address of each request.</summary>
public sealed class ProxiedApp : SqliteApp
{
    public const string SocketHeader = "X-Test-Socket";
    public const int PerMinute = 3;

    protected override int LoginsPerMinute => PerMinute;

    protected override IReadOnlyDictionary<string, string> Settings =>
        new Dictionary<string, string> { ["ReverseProxy:KnownProxies:0"] = "10.0.0.1" };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new SocketAddress()));
    }

    private sealed class SocketAddress : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (http, following) =>
            {
                http.Connection.RemoteIpAddress = IPAddress.Parse(http.Request.Headers[SocketHeader].FirstOrDefault()
                    ?? "10.0.0.1");
                await following(http);
            });
            next(app);
        };
    }
}

/// <summary>Login limits per client address (trusting only the known proxy's X-Forwarded-For) and per login.</summary>
public sealed class ReverseProxyTests(ProxiedApp app) : ProviderTests(app), IClassFixture<ProxiedApp>
{
    private async Task<HttpResponseMessage> AttemptAsync(string socket, string? forwardedFor, string phone)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/client/token")
        {
            Content = JsonContent(new { phone, password = "not-the-password" }),
        };
        request.Headers.Add(ProxiedApp.SocketHeader, socket);
        if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
        return await App.CreateClient().SendAsync(request);
    }

    private static HttpContent JsonContent(object body) => System.Net.Http.Json.JsonContent.Create(body,
        options: Http.Json);

    [Fact]
    public async Task Behind_the_known_proxy_one_guesser_does_not_lock_out_the_other_clients()
    {
        for (var i = 0; i < ProxiedApp.PerMinute; i++)
            await (await AttemptAsync("10.0.0.1", "203.0.113.5",
                ClientsTests.NewPhone())).ExpectProblem(HttpStatusCode.Unauthorized, "invalid-credentials");
        await (await AttemptAsync("10.0.0.1", "203.0.113.5",
            ClientsTests.NewPhone())).ExpectProblem(HttpStatusCode.TooManyRequests, "rate-limited");

        // Another client through the same proxy still gets its own attempts.
        await (await AttemptAsync("10.0.0.1", "203.0.113.6",
            ClientsTests.NewPhone())).ExpectProblem(HttpStatusCode.Unauthorized, "invalid-credentials");
    }

    [Fact]
    public async Task An_unknown_senders_X_Forwarded_For_is_ignored()
    {
        for (var i = 0; i < ProxiedApp.PerMinute; i++)
            await (await AttemptAsync("198.51.100.7", $"192.0.2.{i}",
                ClientsTests.NewPhone())).ExpectProblem(HttpStatusCode.Unauthorized, "invalid-credentials");
        await (await AttemptAsync("198.51.100.7", "192.0.2.99",
            ClientsTests.NewPhone())).ExpectProblem(HttpStatusCode.TooManyRequests, "rate-limited");
    }

    [Fact]
    public async Task Many_addresses_guessing_one_phone_are_limited_per_phone()
    {
        var phone = ClientsTests.NewPhone();
        for (var i = 0; i < ProxiedApp.PerMinute; i++)
            await (await AttemptAsync($"198.51.100.{20 + i}", null, phone)).ExpectProblem(HttpStatusCode.Unauthorized,
                "invalid-credentials");
        var refused = await AttemptAsync("198.51.100.30", null, phone);
        await refused.ExpectProblem(HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.NotNull(refused.Headers.RetryAfter);
    }
}
