using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Salon.Api.Tests.Infrastructure;

/// <summary>One request as the receiver saw it.</summary>
public sealed record ReceivedWebhook(string Id, string Timestamp, string Signature, string Body, int Answered,
    string? VerifyError);

/// <summary>
/// A real HTTP endpoint on 127.0.0.1 (Kestrel, port chosen by the system) that records webhook requests, checks each
/// signature with the StandardWebhooks package's verifier, and answers what the test tells it to.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    /// <summary>The secret to verify with; set after the subscription is created.</summary>
    public string? Secret { get; set; }

    /// <summary>The status to answer the n-th request (1-based) with; 200 by default.</summary>
    public Func<int, int> Answer { get; set; } = _ => 200;

    /// <summary>Runs when a request has been recorded, before the answer goes out.</summary>
    public Action<ReceivedWebhook>? OnReceived { get; set; }

    public TimeSpan Delay { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// The sender's clock. The package's Verify compares the timestamp with the real time, but the API under test runs
    /// on a fake clock (mornings in Moscow), so the timestamp is checked against this one and the signature recomputed
    /// with the package's own Sign.
    /// </summary>
    public Func<DateTimeOffset>? Clock { get; set; }

    private int _count;

    private WebhookReceiver(WebApplication app) => _app = app;

    public string Url => _app.Urls.First() + "/hook";
    public string BaseUrl => _app.Urls.First();

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", receiver.HandleAsync);
        app.MapPost("/elsewhere", receiver.HandleAsync);
        app.MapPost("/moved", (HttpContext http) =>
        {
            // Send the POST to the same port under another host name: a redirect to another host.
            var port = http.Request.Host.Port;
            http.Response.Headers.Location = $"http://localhost:{port}/elsewhere";
            return Results.StatusCode(307);
        });
        await app.StartAsync();
        return receiver;
    }

    private async Task HandleAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync();
        var n = Interlocked.Increment(ref _count);
        string? error = null;
        try
        {
            if (Secret is null) error = "no secret";
            else if (Clock is null) new StandardWebhooks.StandardWebhook(Secret).Verify(body, http.Request.Headers);
            else error = VerifyAt(Clock(), body, http.Request.Headers);
        }
        catch (Exception ex)
        {
            error = ex.GetType().Name + ": " + ex.Message;
        }
        var status = Answer(n);
        var received = new ReceivedWebhook(http.Request.Headers["webhook-id"].ToString(),
            http.Request.Headers["webhook-timestamp"].ToString(),
            http.Request.Headers["webhook-signature"].ToString(), body, status, error);
        Received.Enqueue(received);
        OnReceived?.Invoke(received);
        if (Delay > TimeSpan.Zero) await Task.Delay(Delay);
        http.Response.StatusCode = status;
    }

    private string? VerifyAt(DateTimeOffset now, string body, IHeaderDictionary headers)
    {
        var id = headers["webhook-id"].ToString();
        if (!long.TryParse(headers["webhook-timestamp"].ToString(), out var seconds)) return "bad webhook-timestamp";
        var at = DateTimeOffset.FromUnixTimeSeconds(seconds);
        if ((at - now).Duration() > TimeSpan.FromMinutes(5)) return $"webhook-timestamp {at:O} is not within 5 minutes of {now:O}";
        var expected = new StandardWebhooks.StandardWebhook(Secret!).Sign(id, at, body);
        return headers["webhook-signature"].ToString().Split(' ').Contains(expected) ? null : "no matching signature";
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
