using Salon.Api.Features.Shared;
using Mediator;
using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Behaviors;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Availability;

public sealed record SlotResponse(DateTimeOffset Start, DateTimeOffset End, IReadOnlyList<NamedRef> Therapists);

/// <summary>Why a client sees no slots at all: the stable problem type a booking would get; screening refusals carry no
/// codes.</summary>
public sealed record AvailabilityBlock(string Type, string Title, IReadOnlyList<string> Codes);

public sealed record AvailabilityResponse(Guid ServiceId, string TimeZone, DateOnly From, DateOnly To,
    IReadOnlyList<SlotResponse> Slots,
    AvailabilityBlock? BlockedForClient = null);

/// <summary>A free start time in the compact answer: the therapists who can take it, as indexes into the answer's
/// list.</summary>
public sealed record CompactSlot(DateTimeOffset Start, IReadOnlyList<int> Therapists);

/// <summary>
/// The same free times for a screen that lists many: each therapist once, each start with indexes into that list; a
/// session ends <see cref="DurationMinutes"/> after its start.
/// </summary>
public sealed record CompactAvailabilityResponse(Guid ServiceId, string TimeZone, DateOnly From, DateOnly To,
    int DurationMinutes,
    IReadOnlyList<NamedRef> Therapists, IReadOnlyList<CompactSlot> Slots, AvailabilityBlock? BlockedForClient = null);

/// <summary>What a search found, before it is shaped into the full or the compact answer (the endpoints write those
/// straight from here, see <see cref="FreeTimesJson"/>; <see cref="Full"/> and <see cref="Compact"/> are their
/// declared shapes).</summary>
public sealed record FreeTimes(ServiceSpec Service, string TimeZone, TimeZoneInfo Zone, DateOnly From, DateOnly To,
    IReadOnlyList<NamedRef> Therapists, IReadOnlyList<FreeSlot> Slots, AvailabilityBlock? Block = null)
{
    /// <summary>The cache entry holding this answer, which keeps its JSON once written; null when not cached.</summary>
    internal CachedAnswer? Cached { get; init; }

    public AvailabilityResponse Full()
    {
        var names = Therapists.ToDictionary(t => t.Id);
        var slots = new SlotResponse[Slots.Count];
        var offsets = new LocalTimes(Zone);
        for (var i = 0; i < slots.Length; i++)
        {
            var s = Slots[i];
            var people = new NamedRef[s.TherapistIds.Count];
            for (var t = 0; t < people.Length; t++) people[t] = names[s.TherapistIds[t]];
            slots[i] = new SlotResponse(offsets.Local(s.Start), offsets.Local(s.Start + Service.Duration), people);
        }
        return new AvailabilityResponse(Service.Id, TimeZone, From, To, slots, Block);
    }

    public CompactAvailabilityResponse Compact()
    {
        var index = new Dictionary<Guid, int>(Therapists.Count);
        for (var t = 0; t < Therapists.Count; t++) index[Therapists[t].Id] = t;
        var slots = new CompactSlot[Slots.Count];
        var offsets = new LocalTimes(Zone);
        for (var i = 0; i < slots.Length; i++)
        {
            var s = Slots[i];
            var therapists = new int[s.TherapistIds.Count];
            for (var t = 0; t < therapists.Length; t++) therapists[t] = index[s.TherapistIds[t]];
            slots[i] = new CompactSlot(offsets.Local(s.Start), therapists);
        }
        return new CompactAvailabilityResponse(Service.Id, TimeZone, From, To, Service.DurationMinutes,
            Block is null ? Therapists : [], slots, Block);
    }
}

/// <summary>
/// Free start times for a service over salon-local dates: a qualified therapist working and free for the session plus
/// its buffer, a device unit free and in service for hardware, within the horizon and, for app users, the lead time.
/// With a package, only the days a booking on it would accept: within validity, outside freezes, keeping the course
/// cadence.
/// </summary>
public sealed record FindFreeSlots(Guid ServiceId, DateOnly From, DateOnly To, Guid? TherapistId, Guid? ClientId,
    Guid? PackageId = null)
    : IQuery<Result<FreeTimes>>, IValidate, IClientScoped
{
    Guid? IClientScoped.ScopedClientId => ClientId;
    string IClientScoped.ForeignClientTitle => "A client searches only for themself";

    public const int MaxDays = 31;

    public void Validate(ValidationErrors errors)
    {
        if (To < From) errors.Add("to", "must not be before from");
        else if (To.DayNumber - From.DayNumber >= MaxDays) errors.Add("to", $"a search covers at most {MaxDays} days");
    }

    internal sealed class Handler(DbSession db, SalonOptions salon, TimeProvider clock,
        CurrentUser user, AnswerCache? cache = null) : IQueryHandler<FindFreeSlots, Result<FreeTimes>>
    {
        public async ValueTask<Result<FreeTimes>> Handle(FindFreeSlots query, CancellationToken ct)
        {
            var clientId = user.ClientScope(query.ClientId);

            if (query.PackageId is { } packageId)
            {
                // A course session is booked for the package's own client; a client's token reaches only their own
                // packages.
                var package = await Packages.PackageBook.RowAsync(db, packageId, ct);
                if (package is null || (clientId is not null
                    && package.ClientId != clientId)) return Refusal.NotFound("Package");
                clientId = package.ClientId;
            }

            // Who may ask was settled above and by the pipeline; what is left depends on the data, the time and this
            // key. The token is read before any of the data the answer reads.
            var now = clock.GetUtcNow();
            var forClient = user.Role == Roles.Client;
            if (cache is null || await cache.TokenAsync(db, ct) is not { } token)
                return await SearchAsync(query, clientId, forClient, now, ct);
            var key = new AnswerKey(query.ServiceId, query.From, query.To, query.TherapistId, clientId,
                query.PackageId, forClient);
            return await cache.AnswerAsync(key, token, now, () => SearchAsync(query, clientId, forClient, now, ct), ct);
        }

        private async Task<Result<FreeTimes>> SearchAsync(FindFreeSlots query, Guid? clientId, bool forClient,
            DateTimeOffset now, CancellationToken ct)
        {
            var zone = salon.Zone();
            var window = new Interval(SlotFinder.StartOfDay(query.From, zone),
                SlotFinder.StartOfDay(query.To.AddDays(1), zone));
            var search = await Calendars.SearchAsync(db, query.ServiceId, query.TherapistId, window, now,
                ct, query.From, query.To.DayNumber - query.From.DayNumber + 1);
            var service = search.Service;
            if (service is null || !service.Active) return Refusal.NotFound("Service");
            var therapists = search.Therapists;
            var calendars = search.Calendars;
            var deviceCalendars = service.DeviceType is null ? [] : search.DeviceCalendars;

            if (clientId is { } client)
            {
                // The client's own visits block those times for every therapist. The finder tests session plus buffer
                // against busy time, but a client is busy only for the session (as the booking rule checks): starting
                // each visit (hold - duration) later makes that test exactly "this session overlaps the visit".
                var slack = SlotFinder.HeldLength(service.Duration, service.Buffer) - service.Duration;
                var own = (await Calendars.ClientBusyAsync(db, client, window, null, ct)).Select(v
                    => v with { Start = v.Start + slack }).ToList();
                calendars = calendars.Select(c => c with { Busy = c.Busy.Concat(own).OrderBy(i
                    => i.Start).ToList() }).ToList();
            }

            var (earliest, latest) = BookingWindow.For(salon, now, forClient);
            IEnumerable<FreeSlot> slots = SlotFinder.Find(
                new SlotRequest(query.From, query.To, zone, salon.SlotMinutes, service.Duration, service.Buffer,
                    service.DeviceType is not null, earliest, latest),
                calendars, deviceCalendars);

            if (clientId is { } screened)
            {
                // What the client may not book is not offered: the screening gate as a booking would meet it, and the
                // pregnancy cap per day.
                var probe = window.Start > now ? window.Start : now;
                var gate = await Screening.ScreeningGate.CheckAsync(db, salon, screened, service, probe, null, now, ct);
                if (gate is not null && gate.Code != "pregnancy-weekly-cap")
                    return new FreeTimes(service, salon.TimeZone, zone, query.From, query.To, therapists, [],
                        new AvailabilityBlock(Problems.Type(gate.Code), gate.Title, gate.Codes ?? []));
                var current = await Screening.HealthRecords.CurrentAsync(db, screened, now, ct);
                // A clearance that opened the first day may end within the range: the days after it are not offered.
                if (current is not null && await Screening.HealthRecords.ClearedUntilAsync(db, current,
                    Enum.Parse<ScreeningKindCode>(service.ScreeningKind),
                        SlotFinder.LocalDate(probe, zone), ct) is { } lastCleared)
                    slots = slots.Where(s => SlotFinder.LocalDate(s.Start, zone) <= lastCleared).ToList();
                if (current is not null && current.Yes.Contains(ScreeningRules.Pregnancy))
                {
                    var sessions = await Screening.ScreeningGate.SessionDatesAsync(db, screened,
                        window.Start.AddDays(-8), window.End.AddDays(8), null, zone, ct);
                    slots = slots.Where(s => ScreeningRules.FitsWeeklyCap(SlotFinder.LocalDate(s.Start, zone),
                        sessions)).ToList();
                }
            }

            if (query.PackageId is { } course)
            {
                var (refusal, days) = await Packages.PackageRules.CourseAsync(db, salon, course, clientId!.Value,
                    service, null, now, ct);
                if (refusal is not null)
                    return new FreeTimes(service, salon.TimeZone, zone, query.From, query.To, therapists, [],
                        new AvailabilityBlock(Problems.Type(refusal.Code), refusal.Title, refusal.Codes ?? []));
                slots = slots.Where(s => days!.Check(SlotFinder.LocalDate(s.Start, zone)) is null).ToList();
            }

            return new FreeTimes(service, salon.TimeZone, zone, query.From, query.To, therapists,
                slots as IReadOnlyList<FreeSlot> ?? slots.ToList());
        }
    }
}
