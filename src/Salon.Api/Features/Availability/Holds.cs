using Salon.Api.Infrastructure.Data;
using Salon.Domain;

namespace Salon.Api.Features.Availability;

/// <summary>
/// Waitlist holds as the calendars see them. A hold is an offer's claim rows in resource_claims (owned by the offer's id,
/// so the primary key keeps every booking off those granules) plus its waitlist_offers row, which reads use. A hold
/// counts as busy until its expiry; past it the time reads as free and a booking may take the claims over at once,
/// before the waitlist worker has marked the offer expired.
/// </summary>
internal static class Holds
{
    /// <summary>Open holds reaching into the window (few: one per waiting entry at most).</summary>
    private const string Open = """
        SELECT id, therapist_id, device_id, starts_at, held_until FROM waitlist_offers
        WHERE status = 'offered' AND expires_at > @now AND starts_at >= @earliest AND starts_at < @to
        """;

    /// <summary>The calendars with the open holds of their therapists and device units added to the busy time.</summary>
    public static async Task<(IReadOnlyList<TherapistCalendar>, IReadOnlyList<DeviceCalendar>)> AddAsync(DbSession db,
        IReadOnlyList<TherapistCalendar> therapists, IReadOnlyList<DeviceCalendar> devices, Interval window, DateTimeOffset now,
        CancellationToken ct)
    {
        var holds = await db.QueryAsync<HoldRow>(Open, new { now, earliest = window.Start - Calendars.LongestHold, to = window.End }, ct);
        if (holds.Count == 0) return (therapists, devices);
        List<Interval> With(IReadOnlyList<Interval> busy, Func<HoldRow, bool> mine) =>
            busy.Concat(holds.Where(mine).Select(h => new Interval(h.StartsAt, h.HeldUntil))).OrderBy(i => i.Start).ToList();
        return (therapists.Select(c => c with { Busy = With(c.Busy, h => h.TherapistId == c.TherapistId) }).ToList(),
            devices.Select(d => d with { Busy = With(d.Busy, h => h.DeviceId == d.DeviceId) }).ToList());
    }

    /// <summary>Drops the claims of lapsed holds on these resources in [start, end): the granules are free again.</summary>
    public static Task ReleaseLapsedAsync(DbSession db, IReadOnlyList<Guid> resources, DateTimeOffset start, DateTimeOffset end,
        DateTimeOffset now, CancellationToken ct) =>
        resources.Count == 0 ? Task.CompletedTask : db.ExecuteAsync($"""
            DELETE FROM resource_claims
            WHERE {db.Dialect.AnyOf("resource_id", "resources")} AND slot_start >= @start AND slot_start < @end
              AND booking_id IN (SELECT o.id FROM waitlist_offers o WHERE o.status = 'offered' AND o.expires_at <= @now)
            """, new { resources, start, end, now }, ct);

    private sealed record HoldRow
    {
        public Guid Id { get; init; }
        public Guid TherapistId { get; init; }
        public Guid? DeviceId { get; init; }
        public DateTimeOffset StartsAt { get; init; }
        public DateTimeOffset HeldUntil { get; init; }
    }
}
