using Salon.Api.Features.Ledger;
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
                SELECT b.status, b.version, b.service_id, b.client_id, b.therapist_id, b.device_id, b.starts_at, b.ends_at, b.held_until,
                       b.cancel_free_hours, b.package_id,
                       b.policy_accepted_at, k.policy_accepted_at AS course_policy_accepted_at,
                       (SELECT COUNT(*) FROM booking_events e WHERE e.booking_id = b.id AND e.detail = @lateMove) AS late_moves
                FROM bookings b LEFT JOIN packages k ON k.id = b.package_id WHERE b.id = @id
                """, new { command.Id, lateMove = CancellationPolicy.LateMove }, ct))!;
            var from = Enums.Parse<BookingStatus>(booking.Status);
            if (BookingTransitions.Next(from, command.Action) is not { } to)
                return BookingState.Illegal(booking.Status, Verb(command.Action));
            // Once the client is in the salon only the salon calls the visit off: the app shows it as under way.
            if (command.Action == BookingAction.Cancel && from == BookingStatus.CheckedIn && user.Role == Roles.Client)
                return BookingState.Illegal(booking.Status, "be cancelled from the app");

            // Who cancelled decides who pays for a late cancellation: the desk must say, never a silent default.
            if (command.Action == BookingAction.Cancel && user.Role != Roles.Client && command.By is null)
                return Refusal.Invalid("by", "say who cancels: client or salon");
            var now = clock.GetUtcNow();
            if (command.Action == BookingAction.MarkNoShow && NoShowRule.Check(booking.StartsAt, now, salon.NoShowGraceMinutes) is { } early)
                return early;
            if (command.Action == BookingAction.CheckIn && (now < booking.StartsAt.AddHours(-2) || now >= booking.EndsAt))
                return new Refusal(RefusalKind.BusinessRule, "check-in-window", "Check-in opens two hours before the start and closes at the end");

            string? cancellation = null;
            if (command.Action == BookingAction.Cancel)
            {
                var byClient = user.Role == Roles.Client || command.By == CancelledBy.Client;
                cancellation = !byClient ? "salon"
                    : booking.LateMoves > 0 || CancellationPolicy.IsLate(booking.StartsAt, now, booking.CancelFreeHours) ? "client_late"
                    : "client_in_time";
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
                await Money.ReceiptPrepaidVisitAsync(db, salon, command.Id, now, ct);
            // Money for a visit that will not be given closes now: refunded, or kept where the client accepted the policy.
            if (command.Action is BookingAction.Cancel or BookingAction.MarkNoShow)
                await Money.SettleUngivenVisitAsync(db, salon, user, command.Id,
                    (cancellation == "client_late" || command.Action == BookingAction.MarkNoShow) && booking.PolicyAccepted, now, ct);

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
