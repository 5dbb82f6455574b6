using Salon.Api.Features.Ledger;
using Mediator;
using Salon.Api.Features.Availability;
using Salon.Api.Features.Screening;
using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Bookings;

/// <summary>
/// Check-in asks the day-of questions again (fever, skin, thrombosis signs, pregnancy, anticoagulants, feeling unwell).
/// A D or A answer for the booked service means no session today; news that changes a lasting condition voids the
/// screening at once, so later visits become `screening due`. Either way the visit is cancelled free of charge and no
/// package session is used (<see cref="CheckInHealthRule"/> decides). The refusal carries no codes: the desk reads it.
/// </summary>
public sealed record CheckIn(Guid Id, IReadOnlyDictionary<string, bool> DayOfAnswers,
    string? Reason = null) : ICommand<Result<BookingResponse>>
{
    internal sealed class Handler(DbSession db, SalonOptions salon, TimeProvider clock,
        CurrentUser user) : ICommandHandler<CheckIn, Result<BookingResponse>>
    {
        public async ValueTask<Result<BookingResponse>> Handle(CheckIn command, CancellationToken ct)
        {
            if (!await ClientLock.TakeForBookingAsync(db, command.Id, ct)) return Refusal.NotFound("Booking");
            var booking = await db.QuerySingleOrDefaultAsync<BookingState>("""
                SELECT status, version, service_id, client_id, therapist_id, device_id, starts_at, ends_at, held_until, cancel_free_hours
                FROM bookings WHERE id = @id
                """, new { command.Id }, ct);
            if (booking is null) return Refusal.NotFound("Booking");
            if (BookingTransitions.Next(Enums.Parse<BookingStatus>(booking.Status), BookingAction.CheckIn) is null)
                return BookingState.Illegal(booking.Status, "be checked in");
            var now = clock.GetUtcNow();
            var zone = salon.Zone();
            if (CheckInWindow.Check(booking.StartsAt, booking.EndsAt, now,
                    SlotFinder.LocalDate(now, zone) == SlotFinder.LocalDate(booking.StartsAt,
                        zone), command.Reason) is { } window)
                return window;

            var asked = await db.QueryAsync<string>("SELECT code FROM screening_questions WHERE asked_on_day = @yes ORDER BY code", new { yes = true }, ct);
            var missing = asked.Where(code => !command.DayOfAnswers.ContainsKey(code)).ToList();
            if (missing.Count > 0)
                return new Refusal(RefusalKind.BusinessRule, "day-of-answers-required",
                    "The day-of questions must be answered at check-in",
                    "Answer every question the questionnaire marks askedOnDay.");
            var extra = command.DayOfAnswers.Keys.Except(asked).Order().ToList();
            if (extra.Count > 0)
                return Refusal.Invalid("dayOfAnswers",
                    $"only the day-of questions are asked at check-in; not {string.Join(", ", extra)}");

            // The day-of answers are health data too: none is stored without the consents on record.
            if (await HealthRecords.ConsentRefusalAsync(db, booking.ClientId, SlotFinder.LocalDate(now, salon.Zone()),
                ct) is { } consent)
                return consent;

            var service = (await Calendars.ServiceAsync(db, booking.ServiceId, ct))!;
            var kind = Enum.Parse<ScreeningKindCode>(service.ScreeningKind);
            var current = await HealthRecords.CurrentAsync(db, booking.ClientId, now, ct);
            var clearances = current is null ? [] : await HealthRecords.ClearancesAsync(db, current.Id,
                SlotFinder.LocalDate(booking.StartsAt, salon.Zone()), ct);
            var verdict = CheckInHealthRule.Decide(kind, current is null ? null : new ScreeningOnFile(current.Yes,
                current.ValidUntil, false),
                command.DayOfAnswers, await HealthRecords.RulesAsync(db, ct),
                    clearances.Select(c => c.Scope).ToList(), now);
            if (verdict.Action == CheckInAction.Refuse)
                return current is null && !await HealthRecords.HadScreeningAsync(db, booking.ClientId,
                    ct) ? ScreeningGate.ScreeningRequired : verdict.Refusal!;
            if (verdict.Action == CheckInAction.Admit
                && await ScreeningGate.CheckAsync(db, salon, booking.ClientId, service, booking.StartsAt, command.Id,
                    now, ct) is { } gate)
                return gate;
            await RecordDayCheckAsync(command, verdict.Action == CheckInAction.Admit, now, ct);

            if (verdict.Action == CheckInAction.CancelFree)
            {
                if (verdict.VoidScreening && await db.ExecuteAsync("""
                        UPDATE screenings SET voided_at = @now, void_reason = 'day_of_check' WHERE id = @id
                            AND voided_at IS NULL
                        """, new { now, current!.Id }, ct) > 0)
                    db.Raise(ScreeningEvents.Due(booking.ClientId, now));
                var cancelled = await db.ExecuteAsync("""
                    UPDATE bookings SET status = 'cancelled', cancellation = 'health_check', version = version + 1 WHERE id = @id AND status = 'booked'
                    """, new { command.Id }, ct);
                if (cancelled == 0) return BookingState.Illegal("changed meanwhile", "be checked in");
                await new BookingPlanner(db, salon, clock).ReleaseAsync(command.Id, ct);
                // Free of charge: a deposit on the visit goes back with its refund receipt.
                await Money.SettleUngivenVisitAsync(db, salon, user, command.Id, keep: false, now, ct);
                // The log says that the health check stopped the visit, never what was answered (health data stays out
                // of logs).
                await BookingLog.WriteAsync(db, command.Id, "cancelled", now, user, booking.Placement, "health_check",
                    ct);
                return verdict.Refusal! with { KeepChanges = true };
            }

            var updated = await db.ExecuteAsync(
                "UPDATE bookings SET status = 'checked_in', version = version + 1 WHERE id = @id AND status = 'booked'", new { command.Id }, ct);
            if (updated == 0) return BookingState.Illegal("changed meanwhile", "be checked in");
            await BookingLog.WriteAsync(db, command.Id, "checked_in", now, user, booking.Placement,
                now >= booking.EndsAt ? "late: " + command.Reason : null, ct);
            return (await BookingReader.ReadAsync(db, command.Id, salon, ct))!;
        }

        private async Task RecordDayCheckAsync(CheckIn command, bool passed, DateTimeOffset now, CancellationToken ct)
        {
            var id = Guid.CreateVersion7();
            await db.ExecuteAsync("INSERT INTO day_checks (id, booking_id, answered_at, answered_by, passed) VALUES (@id, @bookingId, @now, @by, @passed)",
                new { id, bookingId = command.Id, now, by = user.Id, passed }, ct);
            foreach (var (code, answer) in command.DayOfAnswers)
                await db.ExecuteAsync("INSERT INTO day_check_answers (day_check_id, question_code, answer) VALUES (@id, @code, @answer)",
                    new { id, code, answer }, ct);
        }
    }
}
