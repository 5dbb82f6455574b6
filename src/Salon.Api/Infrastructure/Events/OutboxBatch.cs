using Salon.Api.Infrastructure.Data;

namespace Salon.Api.Infrastructure.Events;

/// <summary>
/// A consumer's next batch of events (webhook fan-out, reminder planning): its cursor taken, the events after it
/// handled, and the cursor moved past them, all in one transaction, so a batch is handled once however many instances
/// run.
/// </summary>
public static class OutboxBatch
{
    /// <returns>How many events were handled: 0 when another instance holds the cursor or nothing is new.</returns>
    public static async Task<int> HandleNextAsync(IServiceScopeFactory scopes, string cursor, int take,
        Func<DbSession, IReadOnlyList<StoredEvent>, Task> handle, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbSession>();
        await db.BeginAsync(ct);
        // Another instance holds the cursor: disposing the session rolls back.
        if (await OutboxCursor.TryTakeAsync(db, cursor, ct) is not { } position) return 0;
        var events = await Outbox.ReadAfterAsync(db, position, take, ct);
        if (events.Count == 0) return 0;
        await handle(db, events);
        await OutboxCursor.AdvanceAsync(db, cursor, events[^1].Position, ct);
        await db.CommitAsync(ct);
        return events.Count;
    }
}
