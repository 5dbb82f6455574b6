using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Salon.Api.Infrastructure.Http;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests.Desk;

/// <summary>
/// CORS as Chromium enforces it, not as an HTTP test imagines it: a page on the desk's own origin calls the API on
/// Kestrel with a bearer token and an Idempotency-Key (so the browser sends a real preflight) and reads the exposed
/// headers; the same script on another origin is stopped by the browser before the POST is sent.
/// The two origins are two ports of a tiny page server on 127.0.0.1 (a real loopback origin: Chromium refuses a
/// public or unknown origin access to loopback whatever CORS says); the API listens on a third port.
/// </summary>
public sealed class CorsBrowserTests(CorsBrowserApp app) : IClassFixture<CorsBrowserApp>, IAsyncLifetime
{

    public ValueTask InitializeAsync()
    {
        app.SkipIfUnavailable();
        if (app.Desk.SkipReason is not null) Assert.Skip(app.Desk.SkipReason);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    // Runs in the page: reads a client (ETag), books twice with one Idempotency-Key (Location, ETag, replay flag).
    private const string Script = """
        async ({ api, token, clientId, body, key }) => {
          const auth = { Authorization: 'Bearer ' + token };
          try {
            const client = await fetch(`${api}/api/v1/clients/${clientId}`, { headers: auth });
            const post = () => fetch(`${api}/api/v1/bookings`, {
              method: 'POST', body,
              headers: { ...auth, 'Content-Type': 'application/json', 'Idempotency-Key': key },
            });
            const first = await post();
            const again = await post();
            return {
              ok: true, clientStatus: client.status, clientETag: client.headers.get('ETag'),
              status: first.status, location: first.headers.get('Location'), etag: first.headers.get('ETag'),
              replayStatus: again.status, replayed: again.headers.get('Idempotent-Replayed'),
            };
          } catch (e) {
            return { ok: false, error: String(e) };
          }
        }
        """;

    [Fact]
    public async Task Chromium_lets_the_allowed_origin_call_with_a_token_and_read_the_exposed_headers()
    {
        var (clientId, body) = await FreeBookingAsync();
        var before = await BookingsOfAsync(clientId);
        var page = await OpenAsync(app.Pages.Allowed);
        var console = new List<string>();
        page.Console += (_, message) => console.Add(message.Text);

        var result = await page.EvaluateAsync<JsonElement>(Script, Arguments(clientId, body));

        Assert.True(result.GetProperty("ok").GetBoolean(), result + "\n" + string.Join("\n", console));
        Assert.Equal(200, result.GetProperty("clientStatus").GetInt32());
        Assert.Matches("^(W/)?\".+\"$", result.GetProperty("clientETag").GetString());
        Assert.Equal(201, result.GetProperty("status").GetInt32());
        Assert.StartsWith("/api/v1/bookings/", result.GetProperty("location").GetString());
        Assert.Matches("^(W/)?\".+\"$", result.GetProperty("etag").GetString());
        Assert.Equal(201, result.GetProperty("replayStatus").GetInt32());
        Assert.Equal("true", result.GetProperty("replayed").GetString());
        Assert.Equal(before + 1, await BookingsOfAsync(clientId));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Chromium_blocks_a_refused_origin_before_the_booking_is_sent()
    {
        var (clientId, body) = await FreeBookingAsync();
        var before = await BookingsOfAsync(clientId);
        var page = await OpenAsync(app.Pages.Refused);
        var console = new List<string>();
        page.Console += (_, message) => console.Add(message.Text);

        var result = await page.EvaluateAsync<JsonElement>(Script, Arguments(clientId, body));

        Assert.False(result.GetProperty("ok").GetBoolean(), result.ToString());
        Assert.Contains("Failed to fetch", result.GetProperty("error").GetString());
        Assert.Contains(console, line => line.Contains("CORS policy", StringComparison.Ordinal)
            && line.Contains("Access-Control-Allow-Origin", StringComparison.Ordinal)); // not another refusal
        Assert.Equal(before, await BookingsOfAsync(clientId)); // the preflight failed: the POST never left the browser
        await page.Context.CloseAsync();
    }

    private object Arguments(string clientId, string body) => new
    {
        api = app.Desk.BaseUrl,
        token = app.Token(Guid.CreateVersion7(), Roles.FrontDesk),
        clientId,
        body,
        key = Guid.NewGuid().ToString(),
    };

    private async Task<IPage> OpenAsync(string origin)
    {
        var page = await (await app.Desk.Browser!.NewContextAsync()).NewPageAsync();
        await page.GotoAsync(origin + "/");
        Assert.Equal(origin, await page.EvaluateAsync<string>("location.origin"));
        return page;
    }

    /// <summary>Екатерина Орлова (screened, demo) and a booking body for today's last free surface drainage.</summary>
    private async Task<(string ClientId, string Body)> FreeBookingAsync()
    {
        var desk = app.FrontDesk();
        var clients = await (await desk.GetAsync("/api/v1/clients?query=89161000001")).Expect(HttpStatusCode.OK);
        var clientId = (string)clients["items"]![0]!["id"]!;
        var services = await (await desk.GetAsync("/api/v1/services?pageSize=100")).Expect(HttpStatusCode.OK);
        var serviceId = (string)services["items"]!.AsArray()
            .First(s => (string?)s!["name"] == "Поверхностный лимфодренаж ног")!["id"]!;
        var day = app.Desk.Day;
        var slots = await (await desk.GetAsync($"/api/v1/availability?serviceId={serviceId}&from={day}&to={day}"))
            .Expect(HttpStatusCode.OK);
        var start = (string)slots["slots"]!.AsArray().Last()!["start"]!;
        return (clientId, JsonSerializer.Serialize(new { clientId, serviceId, startsAt = start }));
    }

    private async Task<long> BookingsOfAsync(string clientId) =>
        await app.ScalarAsync<long>("SELECT COUNT(*) FROM bookings WHERE client_id = @clientId",
            new { clientId = Guid.Parse(clientId) });
}

/// <summary>The demo salon on Kestrel (a browser needs a socket) with one of two page origins allowed.</summary>
public sealed class CorsBrowserApp : SqliteApp
{
    public DeskSession Desk { get; } = new();
    public PageOrigins Pages { get; } = new();

    protected override IReadOnlyDictionary<string, string> Settings =>
        new Dictionary<string, string>(DeskSession.Settings) { ["Cors:Origins:0"] = Pages.Allowed };

    protected override void StartHost() => Desk.Start(this);

    public override async ValueTask InitializeAsync()
    {
        await Pages.StartAsync(); // the allowed origin's port must be known before the API reads its settings
        await Desk.InitializeAsync(this, base.InitializeAsync);
    }

    public override async ValueTask DisposeAsync()
    {
        await Desk.DisposeAsync(base.DisposeAsync);
        await Pages.DisposeAsync();
    }
}

/// <summary>An empty HTML page on two loopback ports: two origins other than the API's.</summary>
public sealed class PageOrigins : IAsyncDisposable
{
    private WebApplication? _server;
    public string Allowed { get; private set; } = "";
    public string Refused { get; private set; } = "";

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        _server = builder.Build();
        _server.Urls.Add("http://127.0.0.1:0");
        _server.Urls.Add("http://127.0.0.1:0");
        _server.MapGet("/", () => Results.Content("<!doctype html><title>another origin</title>", "text/html"));
        await _server.StartAsync();
        var origins = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.Select(a => a.TrimEnd('/')).ToList();
        (Allowed, Refused) = (origins[0], origins[1]);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
