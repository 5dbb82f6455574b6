using Salon.Api.Features.Ledger;
using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Bookings;

/// <summary>
/// What cancelling, completing and marking a no-show share: the booking is read under its client's lock, the move is
/// checked against <see cref="BookingTransitions"/>, and the status is changed with a compare-and-set on the row, so
/// two desks pressing buttons at once cannot both win. Each command (CancelBooking, CompleteBooking, MarkNoShow) adds
/// its own rule and its own money and course consequences.
/// </summary>
internal sealed class BookingStatusChange(DbSession db, SalonOptions salon, TimeProvider clock, CurrentUser user)
{
    public async Task<(BookingState? Booking, BookingStatus From, BookingStatus To, Refusal? Refusal)> LoadAsync(
        Guid id, BookingAction action, string verb, CancellationToken ct)
    {
        if (await BookingAccess.CheckAsync(db, user, id, ct) is { } denied) return (null, default, default, denied);
        await ClientLock.TakeForBookingAsync(db, id, ct);
        var booking = (await db.QuerySingleOrDefaultAsync<BookingState>("""
            SELECT b.status, b.version, b.service_id, b.client_id, b.therapist_id, b.device_id, b.starts_at, b.ends_at, b.held_until,
                   b.cancel_free_hours, b.package_id,
                   b.policy_accepted_at, k.policy_accepted_at AS course_policy_accepted_at,
                   (SELECT COUNT(*) FROM booking_events e WHERE e.booking_id = b.id AND e.detail = @lateMove) AS late_moves
            FROM bookings b LEFT JOIN packages k ON k.id = b.package_id WHERE b.id = @id
            """, new { id, lateMove = CancellationPolicy.LateMove }, ct))!;
        var from = Enums.Parse<BookingStatus>(booking.Status);
        return BookingTransitions.Next(from, action) is { } to
            ? (booking, from, to, null)
            : (booking, from, default, BookingState.Illegal(booking.Status, verb));
    }

    /// <summary>The compare-and-set; a booking that stops holding its therapist and device gives them back.</summary>
    public async Task<Refusal?> WriteAsync(Guid id, BookingState booking, BookingStatus to, Cancellation? cancellation,
        string verb,
        CancellationToken ct)
    {
        var updated = await db.ExecuteAsync("""
            UPDATE bookings SET status = @to, cancellation = @cancellation, version = version + 1
            WHERE id = @id AND status = @from
            """, new { to, cancellation, id, from = booking.Status }, ct);
        if (updated == 0)
            return BookingState.Illegal("changed meanwhile", verb);
        if (!BookingTransitions.HoldsResources(to))
            await new BookingPlanner(db, salon, clock).ReleaseAsync(id, ct);
        return null;
    }

    /// <summary>
    /// A course session is used when the visit is given, and burned by a no-show or a late cancellation by the client
    /// where the policy accepted at sale says so; a salon's or a health cancellation never uses one.
    /// </summary>
    public Task<Refusal?> UseCourseSessionAsync(Guid id, string use, DateTimeOffset now, CancellationToken ct) =>
        Packages.PackageRules.UseAsync(db, salon, user, id, use, now, ct);

    /// <summary>Money for a visit that will not be given closes now: refunded, or kept where the client accepted the
    /// policy.</summary>
    public Task SettleUngivenVisitAsync(Guid id, bool keep, DateTimeOffset now, CancellationToken ct) =>
        Money.SettleUngivenVisitAsync(db, salon, user, id, keep, now, ct);

    public async Task<Result<BookingResponse>> LogAndReadAsync(Guid id, string eventKind, BookingState booking,
        string? detail,
        DateTimeOffset now, CancellationToken ct)
    {
        await BookingLog.WriteAsync(db, id, eventKind, now, user, booking.Placement, detail, ct);
        return (await BookingReader.ReadAsync(db, id, salon, ct))!;
    }
}
