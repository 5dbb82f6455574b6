using Mediator;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Api.Infrastructure;
using Salon.Domain;

namespace Salon.Api.Features.Bookings;

public enum CancelledBy
{
    Client,
    Salon,
}

/// <summary>
/// Calls a visit off. The desk says who cancels; the app always cancels for the client. A client's cancellation inside
/// the late window (<see cref="CancellationPolicy"/>) burns a course session and keeps a deposit where the client
/// accepted that policy; otherwise money paid for the visit goes back.
/// </summary>
public sealed record CancelBooking(Guid Id, CancelledBy? By = null,
    string? Reason = null) : ICommand<Result<BookingResponse>>
{
    private const string Verb = "be cancelled";

    internal sealed class Handler(DbSession db, SalonOptions salon, TimeProvider clock, CurrentUser user)
        : ICommandHandler<CancelBooking, Result<BookingResponse>>
    {
        private readonly BookingStatusChange change = new(db, salon, clock, user);

        public async ValueTask<Result<BookingResponse>> Handle(CancelBooking command, CancellationToken ct)
        {
            var (booking, from, to, refusal) = await change.LoadAsync(command.Id, BookingAction.Cancel, Verb, ct);
            if (refusal is not null) return refusal;
            // Once the client is in the salon only the salon calls the visit off: the app shows it as under way.
            if (from == BookingStatus.CheckedIn && user.Role == Roles.Client)
                return BookingState.Illegal(booking!.Status, "be cancelled from the app");
            // Who cancelled decides who pays for a late cancellation: the desk must say, never a silent default.
            if (user.Role != Roles.Client && command.By is null)
                return Refusal.Invalid("by", "say who cancels: client or salon");

            var now = clock.GetUtcNow();
            var cancellation = CancellationPolicy.Classify(user.Role == Roles.Client
                || command.By == CancelledBy.Client,
                booking!.LateMoves > 0, booking.StartsAt, now, booking.CancelFreeHours);
            if (await change.WriteAsync(command.Id, booking, to, cancellation, Verb, ct) is { } changed) return changed;
            var late = cancellation == Cancellation.ClientLate;
            // Nothing left to burn is no reason to refuse recording the cancellation.
            if (late) await change.UseCourseSessionAsync(command.Id, "burned", now, ct);
            await change.SettleUngivenVisitAsync(command.Id, late && booking.PolicyAccepted, now, ct);
            return await change.LogAndReadAsync(command.Id, "cancelled", booking,
                Infrastructure.Data.Enums.Name(cancellation), now, ct);
        }
    }
}
