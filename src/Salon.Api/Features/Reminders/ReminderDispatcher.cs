using System.Globalization;
using System.Text.Json;
using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Events;
using Salon.Domain;

namespace Salon.Api.Features.Reminders;

/// <summary>
/// Plans reminders from booking events and sends what is due. Safe with several instances on one database, as the
/// webhook dispatcher is: planning runs in whichever instance holds the 'reminders' outbox cursor, and due reminders
/// are leased to one instance (skip-locked rows). A reminder goes out at most once: it is sent inside a transaction
/// that holds its row and the booking's row and finds the visit still booked at the planned time, so a cancellation or
/// move either commits first (nothing is sent) or waits for the send; a lease that runs out unmarked (a stopped
/// instance) marks it failed, not resent.
/// </summary>
public sealed class ReminderDispatcher(IServiceScopeFactory scopes, IEnumerable<IReminderChannel> channels,
    TimeProvider clock,
    ReminderOptions options, SalonOptions salon, ILogger<ReminderDispatcher> logger)
{
    public const string Cursor = "reminders";
    private readonly Dictionary<string, IReminderChannel> _channels = channels.ToDictionary(c => c.Name);

    public Guid Owner { get; } = Guid.CreateVersion7();

    /// <summary>One round: plan from new events, then send one batch of what is due. Returns the work done.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var planned = await PlanAsync(ct);
        var due = await ClaimAsync(ct);
        foreach (var reminder in due)
            await SendAsync(reminder, ct);
        return planned + due.Count;
    }

    private Task<int> PlanAsync(CancellationToken ct) =>
        OutboxBatch.HandleNextAsync(scopes, Cursor, options.BatchSize * 4, async (db, events) =>
        {
            foreach (var e in events.Where(e => e.Type.StartsWith("booking.", StringComparison.Ordinal)))
            {
                var visit = JsonSerializer.Deserialize<Visit>(e.Data, JsonWeb)!;
                // Any change ends the reminders planned for an earlier state of the visit.
                await db.ExecuteAsync(CancelScheduled, new { bookingId = e.SubjectId }, ct);
                if (e.Type is not (EventTypes.BookingCreated or EventTypes.BookingRescheduled)
                    || visit.Status != "booked") continue;
                foreach (var plan in ReminderSchedule.Plan(visit.StartsAt, e.OccurredAt, salon.Zone(),
                    options.HoursBefore, options.Quiet()))
                    await db.ExecuteAsync(InsertReminder, new
                    {
                        id = Guid.CreateVersion7(), bookingId = e.SubjectId, visit.ClientId, plan.Kind, visit.StartsAt,
                        dueAt = plan.DueAt, eventPosition = e.Position, createdAt = clock.GetUtcNow(),
                    }, ct);
            }
        }, ct);

    private const string CancelScheduled =
        "UPDATE reminders SET status = 'cancelled', lease_until = NULL, lease_owner = NULL WHERE booking_id = @bookingId AND status = 'scheduled'";

    private const string InsertReminder = """
        INSERT INTO reminders (id, booking_id, client_id, kind, starts_at, due_at, status, attempts, event_position, created_at)
        VALUES (@id, @bookingId, @clientId, @kind, @startsAt, @dueAt, 'scheduled', 0, @eventPosition, @createdAt)
        """;

    /// <summary>Leases due reminders to this instance; ones whose earlier lease ran out unmarked are failed
    /// instead.</summary>
    private async Task<IReadOnlyList<DueReminder>> ClaimAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbSession>();
        var now = clock.GetUtcNow();
        await db.BeginAsync(ct);
        var claimed = await db.QueryAsync<Claimed>($"""
            SELECT r.id, r.lease_until FROM reminders r {db.Dialect.SkipLockedHint}
            WHERE r.status = 'scheduled' AND r.due_at <= @now AND (r.lease_until IS NULL OR r.lease_until <= @now)
            ORDER BY r.due_at {db.Dialect.Page} {db.Dialect.SkipLockedClause}
            """, new { now, skip = 0, take = options.BatchSize }, ct);
        if (claimed.Count == 0) return [];
        var lost = claimed.Where(c => c.LeaseUntil is not null).Select(c => c.Id).ToList();
        if (lost.Count > 0)
            await db.ExecuteAsync($"""
                UPDATE reminders SET status = 'failed', lease_until = NULL, lease_owner = NULL,
                    last_error = 'outcome unknown: the sending instance stopped; not resent'
                WHERE {db.Dialect.AnyOf("id", "ids")}
                """, new { ids = lost }, ct);
        var ids = claimed.Where(c => c.LeaseUntil is null).Select(c => c.Id).ToList();
        if (ids.Count > 0)
            await db.ExecuteAsync($"""
                UPDATE reminders SET lease_until = @leaseUntil, lease_owner = @owner, attempts = attempts + 1
                WHERE {db.Dialect.AnyOf("id", "ids")}
                """, new { leaseUntil = now.AddSeconds(options.LeaseSeconds), owner = Owner, ids }, ct);
        var due = ids.Count == 0 ? [] : await db.QueryAsync<DueReminder>($"""
            SELECT r.id, r.booking_id, r.client_id, r.kind, r.starts_at, r.attempts,
                   (SELECT c.phone FROM clients c WHERE c.id = r.client_id) AS phone
            FROM reminders r WHERE {db.Dialect.AnyOf("id", "ids")} ORDER BY r.due_at
            """, new { ids }, ct);
        await db.CommitAsync(ct);
        return due;
    }

    private async Task SendAsync(DueReminder r, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbSession>();
        await db.BeginAsync(ct);
        // Row locks, reminder first, then the booking, both held until the mark commits (see the class comment).
        if (await db.ExecuteAsync("UPDATE reminders SET lease_owner = @owner WHERE id = @id AND lease_owner = @owner AND status = 'scheduled'",
                new { r.Id, owner = Owner }, ct) == 0)
            return; // cancelled meanwhile
        var stillBooked = await db.ExecuteAsync(
            "UPDATE bookings SET status = status WHERE id = @bookingId AND status = 'booked' AND starts_at = @startsAt",
            new { r.BookingId, r.StartsAt }, ct) == 1;
        var now = clock.GetUtcNow();
        if (!stillBooked)
        {
            await MarkAsync(db, r.Id, "cancelled", null, null, now, ct);
            await db.CommitAsync(ct);
            return;
        }
        // Checked again at sending: a dispatcher that was down, a poll or a retry can reach a message late.
        var allowed = options.Quiet().NextAllowed(now, salon.Zone());
        if (now >= r.StartsAt || allowed >= r.StartsAt)
        {
            await MarkAsync(db, r.Id, "skipped", null, "too late: the visit starts before the message may go out", now,
                ct);
            await db.CommitAsync(ct);
            return;
        }
        if (allowed > now)
        {
            await db.ExecuteAsync("""
                UPDATE reminders SET due_at = @allowed, attempts = attempts - 1, lease_until = NULL, lease_owner = NULL WHERE id = @id
                """, new { r.Id, allowed }, ct);
            await db.CommitAsync(ct);
            return;
        }
        var optedOut = await db.QueryAsync<string>("SELECT channel FROM reminder_opt_outs WHERE client_id = @clientId",
            new { r.ClientId }, ct);
        if (options.Channels.FirstOrDefault(c => !optedOut.Contains(c)) is not { } name)
        {
            await MarkAsync(db, r.Id, "skipped", null, "the client opted out of every channel", now, ct);
            await db.CommitAsync(ct);
            return;
        }
        var result = await _channels[name].SendAsync(new ReminderMessage(r.Id, r.ClientId, r.Phone, r.Kind, Text(r)),
            ct);
        now = clock.GetUtcNow();
        if (result.Sent)
            await MarkAsync(db, r.Id, "sent", name, null, now, ct);
        else if (r.Attempts >= options.MaxAttempts)
            await MarkAsync(db, r.Id, "failed", name, result.Error, now, ct);
        else
        {
            await db.ExecuteAsync("""
                UPDATE reminders SET due_at = @retryAt, channel = @name, last_error = @error, lease_until = NULL, lease_owner = NULL
                WHERE id = @id
                """, new { r.Id, retryAt = now.AddMinutes(options.RetryMinutes * r.Attempts), name, error = result.Error }, ct);
            logger.LogWarning("Reminder {Reminder} through {Channel} failed (attempt {Attempt}): {Error}", r.Id, name,
                r.Attempts, result.Error);
        }
        await db.CommitAsync(ct);
    }

    private static Task MarkAsync(DbSession db, Guid id, string status, string? channel, string? error,
        DateTimeOffset now,
        CancellationToken ct) =>
        db.ExecuteAsync("""
            UPDATE reminders SET status = @status, channel = @channel, last_error = @error, lease_until = NULL, lease_owner = NULL,
                sent_at = CASE WHEN @status = 'sent' THEN @now ELSE NULL END
            WHERE id = @id
            """, new { id, status, channel, error, now }, ct);

    private string Text(DueReminder r)
    {
        var local = TimeZoneInfo.ConvertTime(r.StartsAt, salon.Zone());
        var template = options.Template(r.Kind);
        return template.Replace("{salon}", options.SalonName, StringComparison.Ordinal)
            .Replace("{date}", local.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{time}", local.ToString("HH:mm", CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    private static readonly JsonSerializerOptions JsonWeb = new(JsonSerializerDefaults.Web);

    private sealed record Visit(Guid ClientId, DateTimeOffset StartsAt, string Status);

    private sealed record Claimed
    {
        public Guid Id { get; init; }
        public DateTimeOffset? LeaseUntil { get; init; }
    }

    private sealed record DueReminder
    {
        public Guid Id { get; init; }
        public Guid BookingId { get; init; }
        public Guid ClientId { get; init; }
        public string Kind { get; init; } = "";
        public DateTimeOffset StartsAt { get; init; }
        public int Attempts { get; init; }
        public string Phone { get; init; } = "";
    }
}

/// <summary>Runs the reminder dispatcher: after a commit with events in this process, otherwise every
/// PollSeconds.</summary>
public sealed class ReminderDispatcherService(ReminderDispatcher dispatcher, OutboxSignal signal,
    ReminderOptions options,
    ILogger<ReminderDispatcherService> logger)
    : OutboxWorker(signal, TimeSpan.FromSeconds(options.PollSeconds), logger, "reminder dispatcher")
{
    protected override Task<int> RunOnceAsync(CancellationToken ct) => dispatcher.RunOnceAsync(ct);
}
