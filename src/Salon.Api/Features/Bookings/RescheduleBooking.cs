using Mediator;
using Salon.Api.Features.Availability;
using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Bookings;

/// <summary>Moves a booking to another time (and to another therapist only when one is named), re-checking every rule;
/// the id, price and history stay.</summary>
public sealed record RescheduleBooking(Guid Id, DateTimeOffset StartsAt, Guid? TherapistId,
    long? ExpectedVersion) : ICommand<Result<BookingResponse>>
{
    internal sealed class Handler(DbSession db, SalonOptions salon, TimeProvider clock,
        CurrentUser user) : ICommandHandler<RescheduleBooking, Result<BookingResponse>>
    {
        public async ValueTask<Result<BookingResponse>> Handle(RescheduleBooking command, CancellationToken ct)
        {
            if (await BookingAccess.CheckAsync(db, user, command.Id, ct) is { } denied) return denied;
            await ClientLock.TakeForBookingAsync(db, command.Id, ct);
            var booking = await db.QuerySingleOrDefaultAsync<BookingState>(
                "SELECT status, version, service_id, client_id, therapist_id, package_id, starts_at, cancel_free_hours FROM bookings WHERE id = @id", new { command.Id }, ct);
            if (booking is null) return Refusal.NotFound("Booking");
            if (command.ExpectedVersion is { } expected && expected != booking.Version) return Refusal.StaleVersion();
            if (BookingTransitions.Next(Enums.Parse<BookingStatus>(booking.Status), BookingAction.Reschedule) is null)
                return BookingState.Illegal(booking.Status, "reschedule");

            var service = (await Calendars.ServiceAsync(db, booking.ServiceId, ct))!;
            var planner = new BookingPlanner(db, salon, clock);
            await planner.ReleaseAsync(command.Id, ct);
            // A move keeps the client's therapist unless another one is named: a client who booked Anna expects Anna.
            var therapist = command.TherapistId ?? booking.TherapistId;
            var placed = await planner.PlaceAsync(command.Id, service, command.StartsAt.ToUniversalTime(), therapist,
                booking.ClientId, user.Role == Roles.Client, ct, booking.PackageId);
            if (placed.Refusal is { } refusal) return refusal;
            var p = placed.Value!;

            var updated = await db.ExecuteAsync("""
                UPDATE bookings SET starts_at = @start, ends_at = @end, held_until = @heldUntil, therapist_id = @therapistId, device_id = @deviceId,
                    version = version + 1
                WHERE id = @id AND version = @version AND status = 'booked'
                """, new { p.Start, p.End, p.HeldUntil, p.TherapistId, p.DeviceId, command.Id, booking.Version }, ct);
            if (updated == 0) return Refusal.StaleVersion();
            // A move inside the late window counts as a late cancellation for the policy: the log remembers it.
            var now = clock.GetUtcNow();
            var lateMove = CancellationPolicy.IsLate(booking.StartsAt, now, booking.CancelFreeHours);
            await BookingLog.WriteAsync(db, command.Id, "rescheduled", now, user, p,
                lateMove ? CancellationPolicy.LateMove : null, ct);
            return (await BookingReader.ReadAsync(db, command.Id, salon, ct))!;
        }
    }
}

internal sealed record BookingState
{
    public string Status { get; init; } = "";
    public long Version { get; init; }
    public Guid ServiceId { get; init; }
    public Guid ClientId { get; init; }
    public Guid TherapistId { get; init; }
    public Guid? DeviceId { get; init; }
    public DateTimeOffset StartsAt { get; init; }
    public DateTimeOffset EndsAt { get; init; }
    public DateTimeOffset HeldUntil { get; init; }
    public int CancelFreeHours { get; init; }
    public Guid? PackageId { get; init; }
    public DateTimeOffset? PolicyAcceptedAt { get; init; }
    public DateTimeOffset? CoursePolicyAcceptedAt { get; init; }

    /// <summary>The client accepted the late-cancellation and no-show policy at booking, or at the sale of its
    /// course.</summary>
    public bool PolicyAccepted => PolicyAcceptedAt is not null || CoursePolicyAcceptedAt is not null;

    /// <summary>Moves made inside the late window.</summary>
    public long LateMoves { get; init; }

    public Placement Placement => new(StartsAt, EndsAt, HeldUntil, TherapistId, DeviceId);

    public static Refusal Illegal(string status, string action) => new(RefusalKind.Conflict, "illegal-transition",
        "The booking cannot change that way", $"A booking that is {status.Replace('_', ' ')} cannot {action}.");
}
