using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Events;
using Salon.Domain;

namespace Salon.Api.Features.Webhooks;

public sealed class WebhookOptions
{
    /// <summary>Run the dispatcher in this process (any number of instances may; they share the work through the
    /// database).</summary>
    public bool Dispatcher { get; set; } = true;
    public int PollSeconds { get; set; } = 5;
    public int TimeoutSeconds { get; set; } = 10;
    /// <summary>A delivery claimed and not marked within this time (a crashed instance) is sent again.</summary>
    public int LeaseSeconds { get; set; } = 60;
    public int BatchSize { get; set; } = 50;
    public int Parallelism { get; set; } = 8;
    /// <summary>Failed attempts in a row (across deliveries) after which a subscription is paused until an admin
    /// resumes it.</summary>
    public int PauseAfterFailures { get; set; } = 20;
}

/// <summary>
/// Turns outbox events into deliveries and sends what is due. Safe with several instances on one database: the fan-out
/// runs in whichever instance holds the 'webhooks' outbox cursor, and each due delivery is claimed by one instance with
/// a lease (skip-locked rows), so an attempt is made once; a crash between sending and marking leaves the lease to
/// expire and the delivery is sent again with the same webhook-id. Deliveries of one subject (a booking) go in order: a
/// later one waits while an earlier one is pending.
/// </summary>
public sealed class WebhookDispatcher(IServiceScopeFactory scopes, WebhookSender sender, TimeProvider clock,
    WebhookOptions options,
    WebhookMetrics metrics, ILogger<WebhookDispatcher> logger)
{
    public const string Cursor = "webhooks";

    /// <summary>This instance's name on the leases it takes.</summary>
    public Guid Owner { get; } = Guid.CreateVersion7();

    /// <summary>One round: queue deliveries for new events, then send one batch of what is due. Returns the work
    /// done.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var queued = await FanOutAsync(ct);
        var due = await ClaimAsync(ct);
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism,
            CancellationToken = ct },
            async (delivery, token) => await DeliverAsync(delivery, token));
        return queued + due.Count;
    }

    private Task<int> FanOutAsync(CancellationToken ct) =>
        OutboxBatch.HandleNextAsync(scopes, Cursor, options.BatchSize * 4, async (db, events) =>
        {
            var subscriptions = await db.QueryAsync<SubscriptionRow>(
                "SELECT id, event_types FROM webhook_subscriptions WHERE active = @yes", new { yes = true }, ct);
            var now = clock.GetUtcNow();
            foreach (var e in events)
                foreach (var s in subscriptions.Where(s => s.Types.Contains(e.Type)))
                    await db.ExecuteAsync("""
                        INSERT INTO webhook_deliveries (id, subscription_id, event_position, subject_id, status, attempts, next_attempt_at, give_up_at, created_at)
                        VALUES (@id, @subscriptionId, @position, @subjectId, 'pending', 0, @now, @giveUpAt, @now)
                        """, new { id = Guid.CreateVersion7(), subscriptionId = s.Id, e.Position, e.SubjectId, now,
                            giveUpAt = now + WebhookRetry.Window }, ct);
        }, ct);

    /// <summary>Leases a batch of due deliveries to this instance and reads what sending them needs.</summary>
    private async Task<IReadOnlyList<DueDelivery>> ClaimAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbSession>();
        var now = clock.GetUtcNow();
        await db.BeginAsync(ct);
        var ids = await db.QueryAsync<Guid>($"""
            SELECT d.id FROM webhook_deliveries d {db.Dialect.SkipLockedHint}
            WHERE d.status = 'pending' AND d.next_attempt_at <= @now AND (d.lease_until IS NULL OR d.lease_until <= @now)
              AND EXISTS (SELECT 1 FROM webhook_subscriptions s WHERE s.id = d.subscription_id AND s.active = @yes AND s.paused_at IS NULL)
              AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e WHERE e.subscription_id = d.subscription_id AND e.subject_id = d.subject_id
                              AND e.event_position < d.event_position AND e.status = 'pending')
            ORDER BY d.event_position {db.Dialect.Page} {db.Dialect.SkipLockedClause}
            """, new { now, yes = true, skip = 0, take = options.BatchSize }, ct);
        if (ids.Count == 0) return [];
        var leaseUntil = now.AddSeconds(options.LeaseSeconds);
        leaseUntil = leaseUntil.AddTicks(-(leaseUntil.Ticks % TimeSpan.TicksPerMillisecond)); // read back below by equality: no sub-µs part
        await db.ExecuteAsync($"""
            UPDATE webhook_deliveries SET lease_until = @leaseUntil, lease_owner = @owner, attempts = attempts + 1, last_attempt_at = @now
            WHERE {db.Dialect.AnyOf("id", "ids")}
            """, new { leaseUntil, owner = Owner, now, ids }, ct);
        var due = await db.QueryAsync<DueDelivery>("""
            SELECT d.id, d.subscription_id, d.attempts, d.give_up_at, s.url, s.secret,
                   o.position, o.id AS event_id, o.type, o.subject_id, o.occurred_at, o.data
            FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id JOIN outbox o ON o.position = d.event_position
            WHERE d.lease_owner = @owner AND d.lease_until = @leaseUntil AND d.status = 'pending'
            ORDER BY o.position
            """, new { owner = Owner, leaseUntil }, ct);
        await db.CommitAsync(ct);
        return due;
    }

    private async Task DeliverAsync(DueDelivery d, CancellationToken ct)
    {
        var result = await sender.SendAsync(d.Url, d.Secret, d.EventId.ToString(), d.Event.ToJson(), ct);
        // A crash (or shutdown) from here until the mark commits leaves the lease to expire: the message is sent again.
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbSession>();
        var now = clock.GetUtcNow();
        await db.BeginAsync(ct);
        if (result.Delivered)
        {
            await db.ExecuteAsync("""
                UPDATE webhook_deliveries SET status = 'delivered', delivered_at = @now, last_status = @code, last_error = NULL,
                    lease_until = NULL, lease_owner = NULL
                WHERE id = @id AND lease_owner = @owner
                """, new { now, code = result.StatusCode, d.Id, owner = Owner }, ct);
            await db.ExecuteAsync("UPDATE webhook_subscriptions SET failures_in_row = 0 WHERE id = @subscriptionId AND failures_in_row <> 0",
                new { d.SubscriptionId }, ct);
            metrics.Delivered();
        }
        else
        {
            var next = WebhookRetry.Next(d.Attempts, now, d.GiveUpAt, Random.Shared.NextDouble());
            await db.ExecuteAsync("""
                UPDATE webhook_deliveries SET status = @status, next_attempt_at = @next, last_status = @code, last_error = @error,
                    lease_until = NULL, lease_owner = NULL
                WHERE id = @id AND lease_owner = @owner
                """, new { status = next is null ? "failed" : "pending", next = next ?? now, code = result.StatusCode, error = result.Error, d.Id, owner = Owner }, ct);
            await db.ExecuteAsync("""
                UPDATE webhook_subscriptions SET failures_in_row = failures_in_row + 1,
                    paused_at = CASE WHEN paused_at IS NULL AND failures_in_row + 1 >= @limit THEN @now ELSE paused_at END
                WHERE id = @subscriptionId
                """, new { d.SubscriptionId, limit = options.PauseAfterFailures, now }, ct);
            logger.LogWarning("Webhook delivery {Delivery} to subscription {Subscription} failed (attempt {Attempt}): {Error}",
                d.Id, d.SubscriptionId, d.Attempts, result.Error);
            if (next is null) metrics.Failed(); else metrics.Retried();
        }
        await db.CommitAsync(ct);
    }

    private sealed record SubscriptionRow
    {
        public Guid Id { get; init; }
        public string EventTypes { get; init; } = "";
        public IReadOnlyList<string> Types => WebhookRules.Split(EventTypes);
    }

    private sealed record DueDelivery
    {
        public Guid Id { get; init; }
        public Guid SubscriptionId { get; init; }
        public int Attempts { get; init; }
        public DateTimeOffset GiveUpAt { get; init; }
        public string Url { get; init; } = "";
        public string Secret { get; init; } = "";
        public long Position { get; init; }
        public Guid EventId { get; init; }
        public string Type { get; init; } = "";
        public Guid SubjectId { get; init; }
        public DateTimeOffset OccurredAt { get; init; }
        public string Data { get; init; } = "";

        public StoredEvent Event => new() { Position = Position, Id = EventId, Type = Type, SubjectId = SubjectId,
            OccurredAt = OccurredAt, Data = Data };
    }
}

/// <summary>Runs the dispatcher: at once after a commit with events in this process, otherwise every few
/// seconds.</summary>
public sealed class WebhookDispatcherService(WebhookDispatcher dispatcher, OutboxSignal signal, WebhookOptions options,
    ILogger<WebhookDispatcherService> logger)
    : OutboxWorker(signal, TimeSpan.FromSeconds(options.PollSeconds), logger, "webhook dispatcher")
{
    protected override Task<int> RunOnceAsync(CancellationToken ct) => dispatcher.RunOnceAsync(ct);
}
