using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Salon.Api.Features.Webhooks;

/// <summary>How one HTTP attempt went: a 2xx status is delivered; anything else is a failure with a short
/// reason.</summary>
public sealed record SendResult(bool Delivered, int? StatusCode, string? Error);

/// <summary>
/// Posts one signed message per the Standard Webhooks convention (webhook-id, webhook-timestamp, webhook-signature:
/// "v1," + base64 HMAC-SHA256 of "{id}.{timestamp}.{body}" under the secret's bytes). Redirects are followed only to
/// the same scheme, host and port, and only when they keep the POST (307, 308); the client's timeout bounds every
/// attempt.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, TimeProvider clock)
{
    public const string ClientName = "webhooks";
    private const int MaxRedirects = 3;

    public static string Sign(string secret, string id, long timestamp, string body)
    {
        var key = Convert.FromBase64String(secret.StartsWith("whsec_",
            StringComparison.Ordinal) ? secret[6..] : secret);
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"));
        return "v1," + Convert.ToBase64String(mac);
    }

    public async Task<SendResult> SendAsync(string url, string secret, string id, string body, CancellationToken ct)
    {
        var http = clients.CreateClient(ClientName);
        var target = new Uri(url);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        var signature = Sign(secret, id, timestamp, body);
        try
        {
            for (var hop = 0; ; hop++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new StringContent(body,
                    Encoding.UTF8, "application/json") };
                request.Headers.Add("webhook-id", id);
                request.Headers.Add("webhook-timestamp",
                    timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
                request.Headers.Add("webhook-signature", signature);
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
                var status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode) return new SendResult(true, status, null);
                if (status is < 300 or > 399) return new SendResult(false, status, $"HTTP {status}");
                var location = response.Headers.Location is { } l ? new Uri(target, l) : null;
                if (response.StatusCode is not (HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect)
                    || location is null
                    || location.Scheme != target.Scheme || location.Authority != target.Authority
                        || hop >= MaxRedirects)
                    return new SendResult(false, status,
                        $"HTTP {status}: redirect not followed (only 307/308 to the same host)");
                target = location;
            }
        }
        catch (HttpRequestException ex)
        {
            return new SendResult(false, null, Shorten(ex.Message));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new SendResult(false, null, "timed out");
        }
    }

    private static string Shorten(string message) => message.Length <= 300 ? message : message[..300];
}
