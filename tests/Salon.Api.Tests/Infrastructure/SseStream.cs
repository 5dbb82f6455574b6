using System.Text;

namespace Salon.Api.Tests.Infrastructure;

public sealed record ServerSentEvent(string Id, string Event, string Data);

/// <summary>Reads a text/event-stream response event by event, as a browser's EventSource would.</summary>
public sealed class SseStream : IDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseStream(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body, Encoding.UTF8);
    }

    public static async Task<SseStream> OpenAsync(HttpClient http, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/events/stream");
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var stream = new SseStream(response, await response.Content.ReadAsStreamAsync());
        // The stream is live once its first line (the retry hint) arrives.
        Assert.StartsWith("retry:", await stream._reader.ReadLineAsync());
        return stream;
    }

    /// <summary>The next event; comment lines (heartbeats) are skipped. Fails when none comes within the
    /// time.</summary>
    public async Task<ServerSentEvent> NextAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        string? id = null, type = null, data = null;
        while (true)
        {
            var line = await _reader.ReadLineAsync(timeout.Token)
                ?? throw new InvalidOperationException("the stream ended");
            if (line.Length == 0)
            {
                if (data is not null) return new ServerSentEvent(id ?? "", type ?? "message", data);
                continue;
            }
            if (line.StartsWith(':')) continue;
            var colon = line.IndexOf(':');
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "id": id = value; break;
                case "event": type = value; break;
                case "data": data = data is null ? value : data + "\n" + value; break;
            }
        }
    }

    public void Dispose()
    {
        _reader.Dispose();
        _response.Dispose();
    }
}
