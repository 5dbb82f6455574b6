using Mediator;
using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Bookings;

public enum CancelledBy
{
    Client,
    Salon,
}

/// <summary>
/// Moves a booking along its life: check-in, completion, no-show, cancellation. The status is changed with a
/// compare-and-set on the row, so two desks pressing buttons at once cannot both win.
/// </summary>
public sealed record ChangeBookingStatus(Guid Id, BookingAction Action, CancelledBy? By = null, string? Reason = null) : ICommand<Result<BookingResponse>>
{
    internal sealed class Handler(DbSession db, SalonOptions salon, TimeProvider clock, CurrentUser user) : ICommandHandler<ChangeBookingStatus, Result<BookingResponse>>
    {
        public async ValueTask<Result<BookingResponse>> Handle(ChangeBookingStatus command, CancellationToken ct)
        {
            if (await BookingAccess.CheckAsync(db, user, command.Id, ct) is { } denied) return denied;
            await ClientLock.TakeForBookingAsync(db, command.Id, ct);
            var booking = (await db.QuerySingleOrDefaultAsync<BookingState>("""
                SELECT status, version, service_id, client_id, therapist_id, device_id, starts_at, ends_at, held_until, cancel_free_hours
                FROM bookings WHERE id = @id
                """, new { command.Id }, ct))!;
            var from = Enums.Parse<BookingStatus>(booking.Status);
            if (BookingTransitions.Next(from, command.Action) is not { } to)
                return BookingState.Illegal(booking.Status, Verb(command.Action));
            // Once the client is in the salon only the salon calls the visit off: the app shows it as under way.
            if (command.Action == BookingAction.Cancel && from == BookingStatus.CheckedIn && user.Role == Roles.Client)
                return BookingState.Illegal(booking.Status, "be cancelled from the app");

            var now = clock.GetUtcNow();
            if (command.Action == BookingAction.MarkNoShow && now < booking.StartsAt)
                return new Refusal(RefusalKind.BusinessRule, "too-early", "A visit is missed only once its start has passed");
            if (command.Action == BookingAction.CheckIn && (now < booking.StartsAt.AddHours(-2) || now >= booking.EndsAt))
                return new Refusal(RefusalKind.BusinessRule, "check-in-window", "Check-in opens two hours before the start and closes at the end");

            string? cancellation = null;
            if (command.Action == BookingAction.Cancel)
            {
                var byClient = user.Role == Roles.Client || command.By == CancelledBy.Client;
                cancellation = !byClient ? "salon"
                    : CancellationPolicy.IsLate(booking.StartsAt, now, booking.CancelFreeHours) ? "client_late" : "client_in_time";
            }

            var updated = await db.ExecuteAsync("""
                UPDATE bookings SET status = @to, cancellation = @cancellation, version = version + 1
                WHERE id = @id AND status = @from
                """, new { to = Enums.Name(to), cancellation, command.Id, from = booking.Status }, ct);
            if (updated == 0)
                return BookingState.Illegal("changed meanwhile", Verb(command.Action));
            if (!BookingTransitions.HoldsResources(to))
                await new BookingPlanner(db, salon, clock).ReleaseAsync(command.Id, ct);

            // A course session is used when the visit is given, and burned by a no-show or a late cancellation by the
            // client where the policy accepted at sale says so; a salon's or a health cancellation never uses one.
            var use = command.Action switch
            {
                BookingAction.Complete => "redeemed",
                BookingAction.MarkNoShow => "burned",
                BookingAction.Cancel when cancellation == "client_late" => "burned",
                _ => null,
            };
            // Nothing left to burn is no reason to refuse recording a no-show; nothing left to redeem refuses the completion.
            if (use is not null && await Packages.PackageRules.UseAsync(db, salon, user, command.Id, use, now, ct) is { } exhausted && use == "redeemed")
                return exhausted;

            if (command.Action == BookingAction.Complete)
                await Billing.Money.ReceiptPrepaidVisitAsync(db, salon, command.Id, now, ct);

            await BookingLog.WriteAsync(db, command.Id, EventKind(command.Action), now, user, booking.Placement,
                cancellation ?? command.Reason, ct);
            return (await BookingReader.ReadAsync(db, command.Id, salon, ct))!;
        }

        private static string EventKind(BookingAction action) => action switch
        {
            BookingAction.CheckIn => "checked_in",
            BookingAction.Complete => "completed",
            BookingAction.MarkNoShow => "no_show",
            _ => "cancelled",
        };

        private static string Verb(BookingAction action) => action switch
        {
            BookingAction.CheckIn => "be checked in",
            BookingAction.Complete => "be completed",
            BookingAction.MarkNoShow => "be marked as a no-show",
            _ => "be cancelled",
        };
    }
}
