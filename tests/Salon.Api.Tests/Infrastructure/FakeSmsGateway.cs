using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Salon.Api.Tests.Infrastructure;

/// <summary>An SMS request as the gateway saw it: the form fields of an SMSC-style send.php call.</summary>
public sealed record SmsRequest(IReadOnlyDictionary<string, string> Form)
{
    public string Phones => Form["phones"];
    public string Text => Form["mes"];
    public string Id => Form["id"];
}

/// <summary>
/// A local SMS gateway (Kestrel on 127.0.0.1, a port the system picks) speaking the SMSC.ru send.php dialect: it
/// records every form POST to /sys/send.php and answers what the test says; /push records the notification service's
/// JSON posts.
/// </summary>
public sealed class FakeSmsGateway : IAsyncDisposable
{
    public const string Accepted = """{"id":1,"cnt":1}""";
    public const string Refused = """{"error":"not enough money","error_code":3}""";

    private readonly WebApplication _app;
    public ConcurrentQueue<SmsRequest> Sms { get; } = new();
    public ConcurrentQueue<JsonNode> Pushes { get; } = new();

    /// <summary>The status and body for a request (already recorded in Sms): accepted by default.</summary>
    public Func<SmsRequest, (int Status, string Body)> Answer { get; set; } = _ => (200, Accepted);

    private FakeSmsGateway(WebApplication app) => _app = app;

    public string SmsUrl => _app.Urls.First() + "/sys/send.php";
    public string PushUrl => _app.Urls.First() + "/push";

    public IReadOnlyList<SmsRequest> To(string phone) => Sms.Where(s => s.Phones == phone.TrimStart('+')).ToList();

    public static async Task<FakeSmsGateway> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var gateway = new FakeSmsGateway(app);
        app.MapPost("/sys/send.php", async (HttpContext http) =>
        {
            var form = await http.Request.ReadFormAsync();
            var request = new SmsRequest(form.ToDictionary(f => f.Key, f => f.Value.ToString()));
            gateway.Sms.Enqueue(request);
            var (status, body) = gateway.Answer(request);
            http.Response.StatusCode = status;
            await http.Response.WriteAsync(body);
        });
        app.MapPost("/push", async (HttpContext http) =>
        {
            var body = await JsonNode.ParseAsync(http.Request.Body);
            body!["authorization"] = http.Request.Headers.Authorization.ToString();
            gateway.Pushes.Enqueue(body);
            return Results.Accepted();
        });
        await app.StartAsync();
        return gateway;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
