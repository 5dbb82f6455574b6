using System.Globalization;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Events;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Events;

public sealed class EventStreamOptions
{
    /// <summary>How often a connected stream looks for events committed by other instances (this instance's wake it at
    /// once).</summary>
    public double PollSeconds { get; set; } = 1;
    public int HeartbeatSeconds { get; set; } = 15;
}

/// <summary>
/// The front desk's live stream (server-sent events): every event as it commits, read from the outbox in commit order.
/// The event id is the outbox position, so a desk that reconnects with Last-Event-ID gets exactly what it missed;
/// without it the stream starts from now. Comment lines keep idle connections (and proxies) alive. Event bodies carry
/// ids, times and what changed, never health data.
/// </summary>
internal static class EventStream
{
    private const int Batch = 100;

    public static async Task<IResult> RunAsync(HttpContext http, IServiceScopeFactory scopes, OutboxSignal signal,
        EventStreamOptions options,
        CancellationToken ct)
    {
        long? resume = null;
        if (http.Request.Headers["Last-Event-ID"] is { Count: > 0 } header)
        {
            if (!long.TryParse(header.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                return Refusal.Invalid("Last-Event-ID", "must be the id of an event this stream sent").ToProblem();
            resume = parsed;
        }

        var last = resume ?? await ReadAsync(scopes, db => Outbox.HeadAsync(db, ct));
        var response = http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no"; // nginx would otherwise hold events back
        await response.WriteAsync("retry: 3000\n\n", ct);
        await response.Body.FlushAsync(ct);

        var poll = TimeSpan.FromSeconds(options.PollSeconds);
        var heartbeat = TimeSpan.FromSeconds(options.HeartbeatSeconds);
        var quietSince = DateTime.UtcNow;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var next = signal.Next;
                var events = await ReadAsync(scopes, db => Outbox.ReadAfterAsync(db, last, Batch, ct));
                foreach (var e in events)
                {
                    await response.WriteAsync($"id: {e.Position}\nevent: {e.Type}\ndata: {e.ToJson()}\n\n", ct);
                    last = e.Position;
                }
                if (events.Count > 0)
                {
                    await response.Body.FlushAsync(ct);
                    quietSince = DateTime.UtcNow;
                    if (events.Count == Batch) continue;
                }
                else if (DateTime.UtcNow - quietSince >= heartbeat)
                {
                    await response.WriteAsync(": heartbeat\n\n", ct);
                    await response.Body.FlushAsync(ct);
                    quietSince = DateTime.UtcNow;
                }
                await signal.WaitAsync(next, poll, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { } // the desk went away
        return Results.Empty;
    }

    /// <summary>Each read borrows a connection briefly: an open stream holds none between reads.</summary>
    private static async Task<T> ReadAsync<T>(IServiceScopeFactory scopes, Func<DbSession, Task<T>> read)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<DbSession>());
    }
}
