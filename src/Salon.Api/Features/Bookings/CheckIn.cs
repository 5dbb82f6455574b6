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
/// A D or A answer for the booked service, or an R answer no clearance covers, means no session today: the visit is
/// cancelled free of charge, no package session is used, and the check-in is refused with the codes behind it.
/// </summary>
public sealed record CheckIn(Guid Id, IReadOnlyDictionary<string, bool> DayOfAnswers, string? Reason = null) : ICommand<Result<BookingResponse>>
{
    internal sealed class Handler(DbSession db, SalonOptions salon, TimeProvider clock, CurrentUser user) : ICommandHandler<CheckIn, Result<BookingResponse>>
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
                    SlotFinder.LocalDate(now, zone) == SlotFinder.LocalDate(booking.StartsAt, zone), command.Reason) is { } window)
                return window;

            var asked = await db.QueryAsync<string>("SELECT code FROM screening_questions WHERE asked_on_day = @yes ORDER BY code", new { yes = true }, ct);
            var missing = asked.Where(code => !command.DayOfAnswers.ContainsKey(code)).ToList();
            if (missing.Count > 0)
                return new Refusal(RefusalKind.BusinessRule, "day-of-answers-required", "The day-of questions must be answered at check-in",
                    $"Answer {string.Join(", ", asked)}.") { Codes = missing };
            var extra = command.DayOfAnswers.Keys.Except(asked).Order().ToList();
            if (extra.Count > 0)
                return Refusal.Invalid("dayOfAnswers", $"only the day-of questions are asked at check-in; not {string.Join(", ", extra)}");

            // The day-of answers are health data too: none is stored without the consents on record.
            if (await HealthRecords.ConsentRefusalAsync(db, booking.ClientId, SlotFinder.LocalDate(now, salon.Zone()), ct) is { } consent)
                return consent;

            var service = (await Calendars.ServiceAsync(db, booking.ServiceId, ct))!;
            var kind = Enum.Parse<ScreeningKindCode>(service.ScreeningKind);
            var yes = command.DayOfAnswers.Where(a => a.Value).Select(a => a.Key).ToHashSet();
            var refusals = ScreeningRules.DayOfRefusals(kind, yes, await HealthRecords.RulesAsync(db, ct));
            if (refusals.Count == 0 && await ScreeningGate.CheckAsync(db, salon, booking.ClientId, service, booking.StartsAt, command.Id, now, ct, yes) is { } gate)
            {
                // News told only today (a pregnancy, anticoagulants) that needs a clearance rules out today's session like a D does;
                // what was on file already (a clearance lapsed since booking) is the desk's to sort out, so the visit stays.
                var onFile = (await HealthRecords.CurrentAsync(db, booking.ClientId, now, ct))?.Yes ?? new HashSet<string>();
                if (gate.Codes?.Intersect(yes.Except(onFile)).Any() != true) return gate;
                refusals = gate.Codes;
            }
            await RecordDayCheckAsync(command, refusals.Count == 0, now, ct);

            if (refusals.Count > 0)
            {
                var cancelled = await db.ExecuteAsync("""
                    UPDATE bookings SET status = 'cancelled', cancellation = 'health_check', version = version + 1 WHERE id = @id AND status = 'booked'
                    """, new { command.Id }, ct);
                if (cancelled == 0) return BookingState.Illegal("changed meanwhile", "be checked in");
                await new BookingPlanner(db, salon, clock).ReleaseAsync(command.Id, ct);
                // Free of charge: a deposit on the visit goes back with its refund receipt.
                await Billing.Money.SettleUngivenVisitAsync(db, salon, user, command.Id, keep: false, now, ct);
                await BookingLog.WriteAsync(db, command.Id, "cancelled", now, user, booking.Placement, "health_check: " + string.Join(",", refusals), ct);
                return new Refusal(RefusalKind.BusinessRule, "day-of-check-failed", "No session today: the day-of health check rules it out",
                    "The visit is cancelled free of charge and no package session is used.") { Codes = refusals, KeepChanges = true };
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
