using System.Diagnostics.Metrics;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Events;

namespace Salon.Api.Features.Webhooks;

/// <summary>What an operator watches: events waiting, the age of the oldest, and how deliveries end.</summary>
public sealed record EventsHealth(long PendingEvents, long PendingDeliveries, double OldestPendingSeconds,
    long Delivered, long Failed,
    IReadOnlyDictionary<string, long> ThisProcess);

/// <summary>
/// The meter "Salon.Events" (System.Diagnostics.Metrics, for OpenTelemetry or dotnet-counters): deliveries by outcome
/// as they happen in this process, and the backlog gauges as last read from the database by <see cref="ReadAsync"/>.
/// </summary>
public sealed class WebhookMetrics : IDisposable
{
    public const string MeterName = "Salon.Events";
    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _deliveries;
    private long _delivered, _retried, _failed;
    private EventsHealth? _last;

    public WebhookMetrics()
    {
        _deliveries = _meter.CreateCounter<long>("salon.webhooks.deliveries",
            description: "Webhook delivery attempts by outcome");
        _meter.CreateObservableGauge("salon.outbox.pending", () => _last?.PendingEvents + _last?.PendingDeliveries ?? 0,
            description: "Events and deliveries not yet done");
        _meter.CreateObservableGauge("salon.outbox.oldest_pending_age", () => _last?.OldestPendingSeconds ?? 0,
            unit: "s",
            description: "Age of the oldest event not yet delivered");
    }

    public void Delivered() => Count(ref _delivered, "delivered");
    public void Retried() => Count(ref _retried, "retry");
    public void Failed() => Count(ref _failed, "failed");

    private void Count(ref long counter, string outcome)
    {
        Interlocked.Increment(ref counter);
        _deliveries.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
    }

    /// <summary>
    /// Reads the backlog: events not yet turned into deliveries, deliveries pending, and the oldest of either;
    /// deliveries by final outcome across all instances.
    /// </summary>
    public async Task<EventsHealth> ReadAsync(DbSession db, string cursor, DateTimeOffset now, CancellationToken ct)
    {
        // Committed events not numbered yet (PostgreSQL numbers them just after commit) are pending too: read with the
        // head in one statement, so that an event numbered meanwhile counts once.
        var unnumbered = (await db.QuerySingleOrDefaultAsync<Unnumbered>("""
            SELECT (SELECT position FROM outbox_cursors WHERE name = 'head') AS head, COUNT(*) AS count,
                   MIN(occurred_at) AS oldest
            FROM outbox WHERE position < 0
            """, null, ct))!;
        var head = unnumbered.Head;
        var done = await db.ScalarAsync<long>("SELECT position FROM outbox_cursors WHERE name = @cursor",
            new { cursor }, ct);
        // Lists, not scalars: an empty answer is no row rather than a NULL instant.
        var oldestEvent = await db.QueryAsync<DateTimeOffset>("SELECT occurred_at FROM outbox WHERE position = @next",
            new { next = done + 1 }, ct);
        var oldestDelivery = await db.QueryAsync<DateTimeOffset>($"""
            SELECT o.occurred_at FROM webhook_deliveries d JOIN outbox o ON o.position = d.event_position WHERE d.status = 'pending'
            ORDER BY d.event_position {db.Dialect.Page}
            """, new { skip = 0, take = 1 }, ct);
        var counts = (await db.QueryAsync<StatusCount>("SELECT status, COUNT(*) AS count FROM webhook_deliveries GROUP BY status", null, ct))
            .ToDictionary(c => c.Status, c => c.Count);
        var oldest = oldestEvent.Concat(oldestDelivery).Concat(unnumbered.Oldest is { } u ? [u] : [])
            .DefaultIfEmpty(now).Min();
        _last = new EventsHealth(head - done + unnumbered.Count, counts.GetValueOrDefault("pending"), Math.Max(0,
            (now - oldest).TotalSeconds),
            counts.GetValueOrDefault("delivered"), counts.GetValueOrDefault("failed"),
            new Dictionary<string, long> { ["delivered"] = _delivered, ["retry"] = _retried, ["failed"] = _failed });
        return _last;
    }

    public void Dispose() => _meter.Dispose();

    private sealed record Unnumbered
    {
        public long Head { get; init; }
        public long Count { get; init; }
        public DateTimeOffset? Oldest { get; init; }
    }

    private sealed record StatusCount
    {
        public string Status { get; init; } = "";
        public long Count { get; init; }
    }
}
