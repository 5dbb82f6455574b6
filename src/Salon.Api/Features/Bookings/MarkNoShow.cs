using Mediator;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Api.Infrastructure;
using Salon.Domain;

namespace Salon.Api.Features.Bookings;

/// <summary>
/// Records that the client did not come, once the grace period past the start is over (<see cref="NoShowRule"/>). A
/// course session is burned and a deposit kept where the client accepted that policy; otherwise the deposit goes back.
/// </summary>
public sealed record MarkNoShow(Guid Id) : ICommand<Result<BookingResponse>>
{
    private const string Verb = "be marked as a no-show";

    internal sealed class Handler(DbSession db, SalonOptions salon, TimeProvider clock, CurrentUser user)
        : ICommandHandler<MarkNoShow, Result<BookingResponse>>
    {
        private readonly BookingStatusChange change = new(db, salon, clock, user);

        public async ValueTask<Result<BookingResponse>> Handle(MarkNoShow command, CancellationToken ct)
        {
            var (booking, _, to, refusal) = await change.LoadAsync(command.Id, BookingAction.MarkNoShow, Verb, ct);
            if (refusal is not null) return refusal;
            var now = clock.GetUtcNow();
            if (NoShowRule.Check(booking!.StartsAt, now, salon.NoShowGraceMinutes) is { } early) return early;

            if (await change.WriteAsync(command.Id, booking, to, null, Verb, ct) is { } changed) return changed;
            // Nothing left to burn is no reason to refuse recording a no-show.
            await change.UseCourseSessionAsync(command.Id, "burned", now, ct);
            await change.SettleUngivenVisitAsync(command.Id, booking.PolicyAccepted, now, ct);
            return await change.LogAndReadAsync(command.Id, "no_show", booking, null, now, ct);
        }
    }
}
