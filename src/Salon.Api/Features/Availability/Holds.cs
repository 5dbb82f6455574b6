using Salon.Api.Infrastructure.Data;
using Salon.Domain;

namespace Salon.Api.Features.Availability;

/// <summary>
/// Waitlist holds as the calendars see them. A hold is an offer's claim rows in resource_claims (owned by the offer's
/// id, so the primary key keeps every booking off those granules) plus its waitlist_offers row, which reads use. A hold
/// counts as busy until its expiry; past it the time reads as free and a booking may take the claims over at once,
/// before the waitlist worker has marked the offer expired.
/// </summary>
internal static class Holds
{
    /// <summary>Holds not yet marked, reaching into the window (few: one per waiting entry at most); read with the
    /// calendars in <see cref="Calendars.SearchSql"/> (@earliest, @to).</summary>
    internal const string Unmarked = """
        SELECT id, therapist_id, device_id, starts_at, held_until, expires_at FROM waitlist_offers
        WHERE status = 'offered' AND starts_at >= @earliest AND starts_at < @to
        """;

    /// <summary>Drops the claims of these lapsed holds on the resources in [start, end): the granules are free
    /// again.</summary>
    public static Task ReleaseLapsedAsync(DbSession db, IReadOnlyList<Guid> lapsed, IReadOnlyList<Guid> resources,
        DateTimeOffset start,
        DateTimeOffset end, CancellationToken ct) =>
        lapsed.Count == 0 || resources.Count == 0 ? Task.CompletedTask : db.ExecuteAsync($"""
            DELETE FROM resource_claims
            WHERE {db.Dialect.AnyOf("booking_id", "lapsed")} AND {db.Dialect.AnyOf("resource_id", "resources")}
              AND slot_start >= @start AND slot_start < @end
            """, new { lapsed, resources, start, end }, ct);

    internal sealed record HoldRow
    {
        public Guid Id { get; init; }
        public Guid TherapistId { get; init; }
        public Guid? DeviceId { get; init; }
        public DateTimeOffset StartsAt { get; init; }
        public DateTimeOffset HeldUntil { get; init; }
        public DateTimeOffset ExpiresAt { get; init; }
    }
}
