using System.Globalization;
using System.Text.Json;
using Salon.Api.Infrastructure.Data;

namespace Salon.Api.Infrastructure.Events;

/// <summary>
/// Something that happened, raised by a handler on its data session and written to the outbox by that session just
/// before its transaction commits; a rolled-back command writes none. The data holds ids, times and what changed, never
/// health data. The subject is the booking, payment or package the event is about: deliveries keep order per subject.
/// </summary>
public sealed record OutboxEvent(string Type, Guid SubjectId, DateTimeOffset OccurredAt, object Data);

/// <summary>An event as stored, with its position in commit order.</summary>
public sealed record StoredEvent
{
    public long Position { get; init; }
    public Guid Id { get; init; }
    public string Type { get; init; } = "";
    public Guid SubjectId { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    public string Data { get; init; } = "";

    /// <summary>The message body webhooks and the live stream carry: {"id", "type", "timestamp", "data"}.</summary>
    public string ToJson()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("id", Id);
            w.WriteString("type", Type);
            w.WriteString("timestamp", OccurredAt.ToUniversalTime());
            w.WritePropertyName("data");
            w.WriteRawValue(Data, skipInputValidation: true);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

public static class Outbox
{
    private static readonly JsonSerializerOptions Json = CreateJson();

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions();
        Composition.ConfigureJson(options);
        return options;
    }

    public static string Serialize(object data) => JsonSerializer.Serialize(data, data.GetType(), Json);

    /// <summary>
    /// Inserts the events as writes that go with the commit (one round trip). Where the dialect numbers events after
    /// commit (PostgreSQL), they go in as pending and <see cref="PublishAsync"/> numbers them; otherwise positions are
    /// taken from the head cursor, whose row stays locked until the transaction ends, so writers number their events in
    /// the order they commit and a reader never sees position n without n - 1.
    /// </summary>
    public static void Write(DbSession db, IReadOnlyList<OutboxEvent> events)
    {
        var (sql, args) = Insert(db.Dialect, events);
        db.Defer(sql, args);
    }

    /// <summary>What <see cref="Write"/> sends, for a command that writes its events itself (in the batch of its
    /// other writes, after a savepoint they share).</summary>
    public static (string Sql, Dapper.DynamicParameters Args) Insert(ISqlDialect dialect,
        IReadOnlyList<OutboxEvent> events)
    {
        var pending = dialect.PendingEvents;
        var args = new Dapper.DynamicParameters();
        var sql = new System.Text.StringBuilder();
        if (pending is null)
        {
            sql.Append("UPDATE outbox_cursors SET position = position + @outboxCount WHERE name = 'head'")
                .Append(";\n");
            args.Add("outboxCount", events.Count);
        }
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            args.Add($"outboxId{i}", Guid.CreateVersion7());
            args.Add($"outboxType{i}", e.Type);
            args.Add($"outboxSubject{i}", e.SubjectId);
            args.Add($"outboxAt{i}", e.OccurredAt);
            args.Add($"outboxData{i}", Serialize(e.Data));
            if (pending is not null)
            {
                const string head = "INSERT INTO outbox (position, id, type, subject_id, occurred_at, data) VALUES";
                sql.Append(i > 0 ? "," : head)
                    .Append(CultureInfo.InvariantCulture, $"""

                        ({pending.Position}, @outboxId{i}, @outboxType{i}, @outboxSubject{i}, @outboxAt{i},
                         @outboxData{i})
                        """);
                continue;
            }
            args.Add($"outboxAhead{i}", events.Count - 1 - i);
            sql.Append(i == 0 ? "" : ";\n").Append(CultureInfo.InvariantCulture, $"""
                INSERT INTO outbox (position, id, type, subject_id, occurred_at, data)
                SELECT position - @outboxAhead{i}, @outboxId{i}, @outboxType{i}, @outboxSubject{i}, @outboxAt{i}, @outboxData{i}
                FROM outbox_cursors WHERE name = 'head'
                """);
        }
        return (sql.ToString(), args);
    }

    /// <summary>
    /// Numbers pending events (at most <paramref name="take"/>) after the head, in the transaction open on
    /// <paramref name="db"/>, which then holds the head row until it ends; whoever held it before has committed its
    /// numbering by then, so the caller reads it. Without pending events (SQLite, SQL Server) there is nothing to do.
    /// </summary>
    public static async Task<long> PublishAsync(DbSession db, int take, CancellationToken ct)
    {
        if (db.Dialect.PendingEvents is not { } pending) return 0;
        // Nothing pending, the usual case between writes: no lock taken, so an idle instance, polling every second,
        // writes nothing (locking the head row would take a transaction id and a WAL record each time). A pending
        // event committed before this read is seen by it; one committed after it waits for the next round.
        if (!await db.ScalarAsync<bool>(pending.Any, null, ct)) return 0;
        await db.ExecuteAsync(pending.Lock, null, ct);
        return await db.QuerySingleOrDefaultAsync<long?>(pending.Publish, new { take }, ct) ?? 0;
    }

    /// <summary>Events after a position, oldest first. Inside a transaction (a consumer holding its cursor), the
    /// pending events are numbered first, so that a consumer sees every event committed before its round.</summary>
    public static async Task<IReadOnlyList<StoredEvent>> ReadAfterAsync(DbSession db, long position, int take,
        CancellationToken ct)
    {
        if (db.Transaction is not null) await PublishAsync(db, int.MaxValue, ct);
        return await db.QueryAsync<StoredEvent>($"""
            SELECT position, id, type, subject_id, occurred_at, data FROM outbox WHERE position > @position ORDER BY position {db.Dialect.Page}
            """, new { position, skip = 0, take }, ct);
    }

    public static async Task<long> HeadAsync(DbSession db, CancellationToken ct) =>
        await db.ScalarAsync<long>("SELECT position FROM outbox_cursors WHERE name = 'head'", null, ct);
}

/// <summary>
/// A consumer's place in the outbox (webhooks; later reminders), one row per consumer. Taken inside a transaction, it
/// is held by one instance until that transaction ends; another instance asking meanwhile is told no at once, not made
/// to wait.
/// </summary>
public static class OutboxCursor
{
    /// <summary>The consumer's position if this transaction now holds its cursor; null when another instance holds
    /// it.</summary>
    public static Task<long?> TryTakeAsync(DbSession db, string name, CancellationToken ct) =>
        db.QuerySingleOrDefaultAsync<long?>($"""
            SELECT position FROM outbox_cursors {db.Dialect.SkipLockedHint} WHERE name = @name {db.Dialect.SkipLockedClause}
            """, new { name }, ct);

    public static Task AdvanceAsync(DbSession db, string name, long position, CancellationToken ct) =>
        db.ExecuteAsync("UPDATE outbox_cursors SET position = @position WHERE name = @name AND position < @position",
            new { name, position }, ct);
}

/// <summary>
/// Wakes whoever waits for new events in this process as soon as a transaction that wrote some commits; other
/// instances' events are found by polling at a modest interval.
/// </summary>
public sealed class OutboxSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _written = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next commit that wrote pending events, for the publisher that numbers
    /// them.</summary>
    public Task Written => Volatile.Read(ref _written).Task;

    public void NotifyWritten() => Interlocked.Exchange(ref _written,
        new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Completes when new events can be read (their commit, or their numbering). Take it before reading, so
    /// a commit in between is not missed.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Notify() => Interlocked.Exchange(ref _next,
        new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Waits for a commit or the poll interval, whichever comes first.</summary>
    public async Task WaitAsync(Task next, TimeSpan poll, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(poll);
        try { await next.WaitAsync(timeout.Token); }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { }
    }
}
