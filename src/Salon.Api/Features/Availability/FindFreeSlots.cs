using Mediator;
using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Behaviors;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Availability;

public sealed record SlotResponse(DateTimeOffset Start, DateTimeOffset End, IReadOnlyList<Person> Therapists);

/// <summary>Why a client sees no slots at all: the stable problem type a booking would get; screening refusals carry no
/// codes.</summary>
public sealed record AvailabilityBlock(string Type, string Title, IReadOnlyList<string> Codes);

public sealed record AvailabilityResponse(Guid ServiceId, string TimeZone, DateOnly From, DateOnly To, IReadOnlyList<SlotResponse> Slots,
    AvailabilityBlock? BlockedForClient = null);

/// <summary>
/// Free start times for a service over salon-local dates: a qualified therapist working and free for the session plus
/// its buffer, a device unit free and in service for hardware, within the horizon and, for app users, the lead time.
/// With a package, only the days a booking on it would accept: within validity, outside freezes, keeping the course cadence.
/// </summary>
public sealed record FindFreeSlots(Guid ServiceId, DateOnly From, DateOnly To, Guid? TherapistId, Guid? ClientId, Guid? PackageId = null)
    : IQuery<Result<AvailabilityResponse>>, IValidate
{
    public const int MaxDays = 31;

    public void Validate(ValidationErrors errors)
    {
        if (To < From) errors.Add("to", "must not be before from");
        else if (To.DayNumber - From.DayNumber >= MaxDays) errors.Add("to", $"a search covers at most {MaxDays} days");
    }

    internal sealed class Handler(DbSession db, SalonOptions salon, TimeProvider clock, CurrentUser user) : IQueryHandler<FindFreeSlots, Result<AvailabilityResponse>>
    {
        public async ValueTask<Result<AvailabilityResponse>> Handle(FindFreeSlots query, CancellationToken ct)
        {
            var clientId = query.ClientId;
            if (user.Role == Roles.Client)
            {
                if (clientId is not null && clientId != user.ClientId)
                    return new Refusal(RefusalKind.Forbidden, "forbidden", "A client searches only for themself");
                clientId = user.ClientId;
            }

            if (query.PackageId is { } packageId)
            {
                // A course session is booked for the package's own client; a client's token reaches only their own packages.
                var package = await Packages.PackageBook.RowAsync(db, packageId, ct);
                if (package is null || (clientId is not null && package.ClientId != clientId)) return Refusal.NotFound("Package");
                clientId = package.ClientId;
            }

            var service = await Calendars.ServiceAsync(db, query.ServiceId, ct);
            if (service is null || !service.Active) return Refusal.NotFound("Service");

            var zone = salon.Zone();
            var window = new Interval(SlotFinder.StartOfDay(query.From, zone), SlotFinder.StartOfDay(query.To.AddDays(1), zone));
            var therapists = await Calendars.QualifiedTherapistsAsync(db, service.RequiredSkill, query.TherapistId, ct);
            var devices = service.DeviceType is null ? [] : await Calendars.DevicesAsync(db, service.DeviceType, ct);
            var calendars = await Calendars.TherapistCalendarsAsync(db, therapists.Select(t => t.Id).ToList(), window, null, ct);
            var deviceCalendars = await Calendars.DeviceCalendarsAsync(db, devices.Select(d => d.Id).ToList(), window, null, ct);
            (calendars, deviceCalendars, _) = await Holds.AddAsync(db, calendars, deviceCalendars, window, clock.GetUtcNow(), ct);

            if (clientId is { } client)
            {
                // The client's own visits block those times for every therapist. The finder tests session plus buffer
                // against busy time, but a client is busy only for the session (as the booking rule checks): starting each
                // visit (hold - duration) later makes that test exactly "this session overlaps the visit".
                var slack = SlotFinder.HeldLength(service.Duration, service.Buffer) - service.Duration;
                var own = (await Calendars.ClientBusyAsync(db, client, window, null, ct)).Select(v => v with { Start = v.Start + slack }).ToList();
                calendars = calendars.Select(c => c with { Busy = c.Busy.Concat(own).OrderBy(i => i.Start).ToList() }).ToList();
            }

            var now = clock.GetUtcNow();
            var (earliest, latest) = BookingWindow.For(salon, now, user.Role == Roles.Client);
            IEnumerable<FreeSlot> slots = SlotFinder.Find(
                new SlotRequest(query.From, query.To, zone, salon.SlotMinutes, service.Duration, service.Buffer, service.DeviceType is not null, earliest, latest),
                calendars, deviceCalendars);

            if (clientId is { } screened)
            {
                // What the client may not book is not offered: the screening gate as a booking would meet it, and the
                // pregnancy cap per day.
                var probe = window.Start > now ? window.Start : now;
                var gate = await Screening.ScreeningGate.CheckAsync(db, salon, screened, service, probe, null, now, ct);
                if (gate is not null && gate.Code != "pregnancy-weekly-cap")
                    return new AvailabilityResponse(service.Id, salon.TimeZone, query.From, query.To, [],
                        new AvailabilityBlock(Problems.Type(gate.Code), gate.Title, gate.Codes ?? []));
                var current = await Screening.HealthRecords.CurrentAsync(db, screened, now, ct);
                // A clearance that opened the first day may end within the range: the days after it are not offered.
                if (current is not null && await Screening.HealthRecords.ClearedUntilAsync(db, current,
                    Enum.Parse<ScreeningKindCode>(service.ScreeningKind),
                        SlotFinder.LocalDate(probe, zone), ct) is { } lastCleared)
                    slots = slots.Where(s => SlotFinder.LocalDate(s.Start, zone) <= lastCleared).ToList();
                if (current is not null && current.Yes.Contains(ScreeningRules.Pregnancy))
                {
                    var sessions = await Screening.ScreeningGate.SessionDatesAsync(db, screened, window.Start.AddDays(-8), window.End.AddDays(8), null, zone, ct);
                    slots = slots.Where(s => ScreeningRules.FitsWeeklyCap(SlotFinder.LocalDate(s.Start, zone), sessions)).ToList();
                }
            }

            if (query.PackageId is { } course)
            {
                var (refusal, days) = await Packages.PackageRules.CourseAsync(db, salon, course, clientId!.Value, service, null, now, ct);
                if (refusal is not null)
                    return new AvailabilityResponse(service.Id, salon.TimeZone, query.From, query.To, [],
                        new AvailabilityBlock(Problems.Type(refusal.Code), refusal.Title, refusal.Codes ?? []));
                slots = slots.Where(s => days!.Check(SlotFinder.LocalDate(s.Start, zone)) is null).ToList();
            }

            var names = therapists.ToDictionary(t => t.Id);
            return new AvailabilityResponse(service.Id, salon.TimeZone, query.From, query.To,
                slots.Select(s => new SlotResponse(
                    TimeZoneInfo.ConvertTime(s.Start, zone),
                    TimeZoneInfo.ConvertTime(s.Start + service.Duration, zone),
                    s.TherapistIds.Select(id => names[id]).ToList())).ToList());
        }
    }
}

/// <summary>When a booking may start: not in the past, not beyond the horizon, and for app users not before the lead time.</summary>
public static class BookingWindow
{
    public static (DateTimeOffset Earliest, DateTimeOffset Latest) For(SalonOptions salon, DateTimeOffset now, bool mobile) =>
        (mobile ? now.AddMinutes(salon.MobileMinLeadMinutes) : now, now.AddDays(salon.BookingHorizonDays));
}
