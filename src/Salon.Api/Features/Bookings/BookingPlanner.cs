using System.Globalization;
using System.Text;
using Salon.Api.Features.Availability;
using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Data;
using Salon.Domain;

namespace Salon.Api.Features.Bookings;

public sealed record Placement(DateTimeOffset Start, DateTimeOffset End, DateTimeOffset HeldUntil, Guid TherapistId, Guid? DeviceId);

/// <summary>
/// Places a booking in time: checks the time rules, finds a therapist (and device) free on the salon's calendar, and
/// claims them. The claim rows are the real guard: two requests that both saw a free slot cannot both claim it.
/// </summary>
internal sealed class BookingPlanner(DbSession db, SalonOptions salon, TimeProvider clock)
{
    public static readonly Refusal SlotTaken = new(RefusalKind.Conflict, "slot-taken", "The time is taken",
        "The therapist or device is already booked then; search availability again.");

    public async Task<Result<Placement>> PlaceAsync(Guid bookingId, ServiceSpec service, DateTimeOffset start, Guid? therapistId, Guid clientId, bool mobile,
        CancellationToken ct, Guid? packageId = null)
    {
        var zone = salon.Zone();
        var local = TimeZoneInfo.ConvertTime(start, zone);
        if (local.Second != 0 || local.Millisecond != 0 || (local.Hour * 60 + local.Minute) % salon.SlotMinutes != 0)
            return Rule("off-grid", "Not a bookable start time", $"Bookings start on the {salon.SlotMinutes}-minute grid of the salon's local time.");

        var now = clock.GetUtcNow();
        var (earliest, latest) = BookingWindow.For(salon, now, mobile);
        if (start < now) return Rule("in-the-past", "The time has passed");
        if (start < earliest) return Rule("too-soon", "Too close to the start", $"Book at least {salon.MobileMinLeadMinutes} minutes ahead in the app.");
        if (start > latest) return Rule("beyond-horizon", "Too far ahead", $"Bookings open {salon.BookingHorizonDays} days ahead.");

        // One booking change per client at a time: the client's weekly caps and "one couch at a time" are read, then
        // written, and this row lock (a no-op write) keeps two desks from both reading the old state.
        await ClientLock.TakeAsync(db, clientId, ct);
        if (await Screening.ScreeningGate.CheckAsync(db, salon, clientId, service, start, bookingId, now, ct) is { } unsafeForClient)
            return unsafeForClient;
        if (packageId is { } package &&
            await Packages.PackageRules.CheckForBookingAsync(db, salon, package, clientId, service, start, bookingId, now, ct) is { } courseRule)
            return courseRule;

        var therapists = await Calendars.QualifiedTherapistsAsync(db, service.RequiredSkill, therapistId, ct);
        if (therapistId is not null && therapists.Count == 0)
            return Rule("therapist-not-qualified", "The therapist does not give this service");

        var date = DateOnly.FromDateTime(local.DateTime);
        var held = start + SlotFinder.HeldLength(service.Duration, service.Buffer);
        var dayEnd = SlotFinder.StartOfDay(date.AddDays(1), zone);
        var window = new Interval(SlotFinder.StartOfDay(date, zone), held > dayEnd ? held : dayEnd);

        var clientBusy = await Calendars.ClientBusyAsync(db, clientId, window, bookingId, ct);
        if (!SlotFinder.IsFree(clientBusy, new Interval(start, start + service.Duration)))
            return new Refusal(RefusalKind.Conflict, "client-busy", "The client has another visit then");

        var calendars = await Calendars.TherapistCalendarsAsync(db, therapists.Select(t => t.Id).ToList(), window, bookingId, ct);
        var devices = service.DeviceType is null ? [] : await Calendars.DevicesAsync(db, service.DeviceType, ct);
        var deviceCalendars = await Calendars.DeviceCalendarsAsync(db, devices.Select(d => d.Id).ToList(), window, bookingId, ct);
        (calendars, deviceCalendars, var lapsed) = await Holds.AddAsync(db, calendars, deviceCalendars, window, now, ct);
        var slot = SlotFinder.Find(
            new SlotRequest(date, date, zone, salon.SlotMinutes, service.Duration, service.Buffer, service.DeviceType is not null, start, start),
            calendars, deviceCalendars).SingleOrDefault(s => s.Start == start);

        if (slot is null)
        {
            var session = new Interval(start, start + service.Duration);
            return calendars.Any(c => SlotFinder.IsWorking(c, date, zone, session))
                ? SlotTaken
                : Rule("outside-working-hours", "No therapist works then", "The time is outside the working hours of every therapist who gives this service.");
        }

        await Holds.ReleaseLapsedAsync(db, lapsed, [.. slot.TherapistIds, .. slot.DeviceIds], start, held, ct); // read as free already
        var therapist = await ClaimFirstAsync(slot.TherapistIds, bookingId, start, held, ct);
        if (therapist is null) return SlotTaken;
        Guid? device = null;
        if (service.DeviceType is not null)
        {
            device = await ClaimFirstAsync(slot.DeviceIds, bookingId, start, held, ct);
            if (device is null) return SlotTaken;
        }
        return new Placement(start, start + service.Duration, held, therapist.Value, device);
    }

    /// <summary>Gives back everything a booking holds, when it is cancelled, missed or moved.</summary>
    public Task ReleaseAsync(Guid bookingId, CancellationToken ct) =>
        db.ExecuteAsync("DELETE FROM resource_claims WHERE booking_id = @bookingId", new { bookingId }, ct);

    /// <summary>Claims the first candidate whose granules are all free; a unique-key clash means someone was faster.</summary>
    private async Task<Guid?> ClaimFirstAsync(IReadOnlyList<Guid> candidates, Guid bookingId, DateTimeOffset start, DateTimeOffset held, CancellationToken ct)
    {
        var granules = Occupancy.Granules(start, held);
        var sql = ClaimsInsert(granules.Count);
        var args = new Dapper.DynamicParameters();
        for (var i = 0; i < granules.Count; i++)
            args.Add($"s{i}", granules[i]);
        args.Add("booking", bookingId);

        foreach (var candidate in candidates)
        {
            args.Add("resource", candidate);
            await db.SavepointAsync("claim", ct);
            try
            {
                await db.ExecuteAsync(sql, args, ct);
                return candidate;
            }
            catch (Exception ex) when (db.Dialect.IsUniqueViolation(ex))
            {
                await db.RollbackToAsync("claim", ct);
            }
        }
        return null;
    }

    /// <summary>One multi-row insert of a booking's granules for one resource; all of them or none.</summary>
    internal static string ClaimsInsert(int granules)
    {
        var sql = new StringBuilder("INSERT INTO resource_claims (resource_id, slot_start, booking_id) VALUES ");
        for (var i = 0; i < granules; i++)
            sql.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"(@resource, @s{i}, @booking)");
        return sql.ToString();
    }

    private static Refusal Rule(string code, string title, string? detail = null) => new(RefusalKind.BusinessRule, code, title, detail);
}
