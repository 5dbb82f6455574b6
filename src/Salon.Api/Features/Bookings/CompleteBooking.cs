using Mediator;
using Salon.Api.Features.Ledger;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Api.Infrastructure;
using Salon.Domain;

namespace Salon.Api.Features.Bookings;

/// <summary>
/// Closes a visit that was given: a course session is redeemed (none left refuses the completion), and a visit paid
/// in full by deposits gets the service's own receipt now.
/// </summary>
public sealed record CompleteBooking(Guid Id) : ICommand<Result<BookingResponse>>
{
    private const string Verb = "be completed";

    internal sealed class Handler(DbSession db, SalonOptions salon, TimeProvider clock, CurrentUser user)
        : ICommandHandler<CompleteBooking, Result<BookingResponse>>
    {
        private readonly BookingStatusChange change = new(db, salon, clock, user);

        public async ValueTask<Result<BookingResponse>> Handle(CompleteBooking command, CancellationToken ct)
        {
            var (booking, _, to, refusal) = await change.LoadAsync(command.Id, BookingAction.Complete, Verb, ct);
            if (refusal is not null) return refusal;
            var now = clock.GetUtcNow();
            if (await change.WriteAsync(command.Id, booking!, to, null, Verb, ct) is { } changed) return changed;
            if (await change.UseCourseSessionAsync(command.Id, "redeemed", now, ct) is { } exhausted) return exhausted;
            await Money.ReceiptPrepaidVisitAsync(db, salon, command.Id, now, ct);
            return await change.LogAndReadAsync(command.Id, "completed", booking!, null, now, ct);
        }
    }
}
