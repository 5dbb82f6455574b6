using Salon.Api.Infrastructure.Data;

namespace Salon.Api.Features.Availability;

/// <summary>
/// Waitlist holds as the calendars see them. A hold is an offer's claim rows in resource_claims (owned by the offer's id,
/// so the primary key keeps every booking off those granules) plus its waitlist_offers row, which reads use. A hold
/// counts as busy until its expiry; past it the time reads as free and a booking may take the claims over at once,
/// before the waitlist worker has marked the offer expired.
/// </summary>
internal static class Holds
{
    /// <summary>Open holds of therapists reaching into the window, as busy rows (few: the calendar keeps its own).</summary>
    public const string OfTherapists = """
        SELECT id, therapist_id AS resource_id, starts_at, held_until FROM waitlist_offers
        WHERE status = 'offered' AND expires_at > @now AND starts_at >= @earliest AND starts_at < @to
        """;

    /// <summary>Open holds of device units reaching into the window, as busy rows.</summary>
    public const string OfDevices = """
        SELECT id, device_id AS resource_id, starts_at, held_until FROM waitlist_offers
        WHERE status = 'offered' AND device_id IS NOT NULL AND expires_at > @now AND starts_at >= @earliest AND starts_at < @to
        """;

    /// <summary>Drops the claims of lapsed holds on these resources in [start, end): the granules are free again.</summary>
    public static Task ReleaseLapsedAsync(DbSession db, IReadOnlyList<Guid> resources, DateTimeOffset start, DateTimeOffset end,
        DateTimeOffset now, CancellationToken ct) =>
        resources.Count == 0 ? Task.CompletedTask : db.ExecuteAsync($"""
            DELETE FROM resource_claims
            WHERE {db.Dialect.AnyOf("resource_id", "resources")} AND slot_start >= @start AND slot_start < @end
              AND booking_id IN (SELECT o.id FROM waitlist_offers o WHERE o.status = 'offered' AND o.expires_at <= @now)
            """, new { resources, start, end, now }, ct);
}
