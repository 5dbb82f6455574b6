using System.Net.Http.Json;
using System.Text.Json;

namespace Salon.Api.Features.Reminders;

/// <summary>One message to one client. The text comes from a template: a date, a time and the salon, no health
/// data.</summary>
public sealed record ReminderMessage(Guid ReminderId, Guid ClientId, string Phone, string Kind, string Text);

/// <summary>Sent, or refused with why (the reminder is then retried).</summary>
public sealed record ChannelResult(bool Sent, string? Error = null)
{
    public static readonly ChannelResult Ok = new(true);
    public static ChannelResult Refused(string error) => new(false, error.Length > 500 ? error[..500] : error);
}

/// <summary>A way to reach a client.</summary>
public interface IReminderChannel
{
    string Name { get; }
    Task<ChannelResult> SendAsync(ReminderMessage message, CancellationToken ct);
}

/// <summary>The demo channel: the message goes to the log (the phone masked).</summary>
public sealed class LogChannel(ILogger<LogChannel> logger) : IReminderChannel
{
    public string Name => "log";

    public Task<ChannelResult> SendAsync(ReminderMessage message, CancellationToken ct)
    {
        logger.LogInformation("Reminder {Reminder} ({Kind}) to client {Client}: {Text}", message.ReminderId,
            message.Kind,
            message.ClientId, message.Text);
        return Task.FromResult(ChannelResult.Ok);
    }
}

/// <summary>
/// SMS through an SMSC.ru-style HTTP API: a form POST of login, psw (the key), phones, mes, charset and fmt=3; the
/// gateway answers JSON with an id, or with error and error_code (also with HTTP 200).
/// </summary>
public sealed class SmsGatewayChannel(IHttpClientFactory http, ReminderOptions options) : IReminderChannel
{
    public const string ClientName = "reminders-sms";
    public string Name => "sms";

    public async Task<ChannelResult> SendAsync(ReminderMessage message, CancellationToken ct)
    {
        var form = new Dictionary<string, string>
        {
            ["login"] = options.Sms.Login, ["psw"] = options.Sms.Key, ["phones"] = message.Phone.TrimStart('+'),
            ["mes"] = message.Text, ["charset"] = "utf-8", ["fmt"] = "3", ["id"] = message.ReminderId.ToString("N"),
        };
        if (!string.IsNullOrEmpty(options.Sms.Sender)) form["sender"] = options.Sms.Sender;
        try
        {
            using var response = await http.CreateClient(ClientName).PostAsync(options.Sms.Url,
                new FormUrlEncodedContent(form), ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode) return ChannelResult.Refused($"HTTP {(int)response.StatusCode}");
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("error", out var error)
                ? ChannelResult.Refused($"gateway error {json.RootElement.GetProperty("error_code")}: {error}")
                : ChannelResult.Ok;
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException
            && !ct.IsCancellationRequested)
        {
            return ChannelResult.Refused(ex.GetType().Name + ": " + ex.Message);
        }
    }
}

/// <summary>A webhook-style push to the app's notification service, which knows the client's devices.</summary>
public sealed class PushChannel(IHttpClientFactory http, ReminderOptions options) : IReminderChannel
{
    public string Name => "push";

    public async Task<ChannelResult> SendAsync(ReminderMessage message, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, options.Push.Url)
        {
            Content = JsonContent.Create(new { id = message.ReminderId, clientId = message.ClientId,
                kind = message.Kind, text = message.Text }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer",
            options.Push.Key);
        request.Headers.Add("Idempotency-Key", message.ReminderId.ToString());
        try
        {
            using var response = await http.CreateClient(SmsGatewayChannel.ClientName).SendAsync(request, ct);
            return response.IsSuccessStatusCode ? ChannelResult.Ok : ChannelResult.Refused($"HTTP {(int)response.StatusCode}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return ChannelResult.Refused(ex.GetType().Name + ": " + ex.Message);
        }
    }
}
