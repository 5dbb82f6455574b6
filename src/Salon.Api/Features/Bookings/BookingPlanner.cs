using Salon.Api.Features.Shared;
using System.Globalization;
using System.Text;
using Salon.Api.Features.Availability;
using Salon.Api.Features.Screening;
using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Data;
using Salon.Domain;

namespace Salon.Api.Features.Bookings;

public sealed record Placement(DateTimeOffset Start, DateTimeOffset End, DateTimeOffset HeldUntil, Guid TherapistId,
    Guid? DeviceId);

/// <summary>
/// Places a booking in time: checks the time rules, finds a therapist (and device) free on the salon's calendar, and
/// claims them. The claim rows are the real guard: two requests that both saw a free slot cannot both claim it.
/// </summary>
internal sealed class BookingPlanner(DbSession db, SalonOptions salon, TimeProvider clock)
{
    public static readonly Refusal SlotTaken = new(RefusalKind.Conflict, "slot-taken", "The time is taken",
        "The therapist or device is already booked then; search availability again.");

    /// <summary>The time rules, which need no data: the salon's grid, not in the past, the lead time, the
    /// horizon.</summary>
    public Refusal? CheckTime(DateTimeOffset start, bool mobile)
    {
        return BookingWindow.Rules(salon).Check(start, clock.GetUtcNow(), mobile);
    }

    /// <summary>Everything a placement decides on, read in one round trip after the client's lock.</summary>
    internal sealed record Facts(ServiceSpec? Service, long? Price, ScreeningGate.Facts Gate,
        DateTimeOffset? ScreeningValidUntil,
        IReadOnlyList<Interval> ClientBusy, IReadOnlyList<NamedRef> Therapists, IReadOnlyList<TherapistCalendar> Calendars,
        IReadOnlyList<NamedRef> Devices, IReadOnlyList<DeviceCalendar> DeviceCalendars, IReadOnlyList<Guid> LapsedHolds,
        Packages.PackageRules.CourseFacts? Course = null);

    /// <summary>
    /// One command: first the client's row lock, so that what follows reads the state the previous booking change of
    /// this client committed (one booking change per client at a time: weekly caps and "one couch at a time" are read,
    /// then written); then the service with the calendars of its qualified therapists and device units around the start
    /// (as a search reads them), its price, what the screening gate needs, the client's own visits, and with a
    /// <paramref name="packageId"/> what the course rules need.
    /// </summary>
    public async Task<Facts> ReadAsync(Guid clientId, Guid serviceId, DateTimeOffset start, Guid? therapistId,
        Guid bookingId,
        CancellationToken ct, Guid? packageId = null)
    {
        // A start outside the bookable window is refused by the time rules after these reads (so that an unknown
        // service or client is reported first); the reads then look around the nearest bookable day instead.
        var now = clock.GetUtcNow();
        start = start < now ? now : start > now.AddDays(salon.BookingHorizonDays + 1) ? now.AddDays(salon.BookingHorizonDays + 1) : start;
        var zone = salon.Zone();
        var date = SlotFinder.LocalDate(start, zone);
        var dayEnd = SlotFinder.StartOfDay(date.AddDays(1), zone);
        var longest = start + Calendars.LongestHold; // the service's hold is not known yet: read as far as any can reach
        var window = new Interval(SlotFinder.StartOfDay(date, zone), longest > dayEnd ? longest : dayEnd);
        var (from, to, earliest) = Calendars.Range(window);
        var args = SqlParametersOf(ScreeningGate.FactsArguments(salon, clientId, start, now));
        args.AddDynamicParams(new { serviceId, at = now, active = true, only = therapistId, from, to, earliest });
        if (packageId is not null) args.AddDynamicParams(new { packageId, ignoreBooking = bookingId });

        Calendars.Search search;
        long? price;
        Dapper.SqlMapper.GridReader grid;
        if (db.BeginPending)
        {
            // SQLite: the calendars and the price before the writer lock (the claims' key still guards the time);
            // what the client's lock guards after it.
            await using (var before = await db.ReadBeforeWritesAsync(BeforeSql(therapistId is not null), args, ct))
            {
                search = await Calendars.ReadSearchAsync(before, bookingId, now);
                price = await before.ReadSingleOrDefaultAsync<long?>();
            }
            grid = await db.QueryMultipleAsync(LockedReadSql(db.Dialect, packageId is not null), args, ct);
        }
        else
        {
            grid = await db.QueryMultipleOnReusedPlansAsync(ReadSql(db.Dialect, therapistId is not null,
                packageId is not null), args, ct);
            search = await Calendars.ReadSearchAsync(grid, bookingId, now);
            price = await grid.ReadSingleOrDefaultAsync<long?>();
        }
        await using var _ = grid;
        var gate = await ScreeningGate.ReadFactsAsync(grid);
        var validUntil = await grid.ReadSingleOrDefaultAsync<DateTimeOffset?>();
        var clientBusy = Calendars.ClientBusy(await grid.ReadAsync<Calendars.BusyRow>(), clientId, bookingId);
        var course = packageId is null ? null : await Packages.PackageRules.ReadCourseAsync(grid);
        return new Facts(search.Service, price, gate, validUntil, clientBusy, search.Therapists, search.Calendars,
            search.Devices,
            search.DeviceCalendars, search.LapsedHolds, course);
    }

    /// <summary>What <see cref="ReadAsync"/> sends: the lock first, then the reads it guards.</summary>
    internal static string ReadSql(ISqlDialect dialect, bool oneTherapist, bool course = false) =>
        Assembled.GetOrAdd((dialect.Name, oneTherapist, course, false), static (key, d) =>
            $"{ClientLock.Sql};\n{BeforeSql(key.OneTherapist)};\n{LockedSql(d, key.Course)}", dialect);

    /// <summary>The lock and the reads it guards, after <see cref="BeforeSql"/> ran outside the transaction
    /// (SQLite).</summary>
    private static string LockedReadSql(ISqlDialect dialect, bool course) =>
        Assembled.GetOrAdd((dialect.Name, false, course, true), static (key, d) =>
            $"{ClientLock.Sql};\n{LockedSql(d, key.Course)}", dialect);

    // Each text is several kilobytes: assembled once per dialect and shape, not on every booking.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Dialect, bool OneTherapist,
        bool Course, bool LockedOnly), string> Assembled = new();

    /// <summary>The reads that need no lock: the calendars and the price.</summary>
    private static string BeforeSql(bool oneTherapist) => oneTherapist ? BeforeOne : BeforeAny;

    private static readonly string BeforeAny = $"{Calendars.SearchSql(false)};\n{Catalog.ServiceCatalog.PriceInForce}";
    private static readonly string BeforeOne = $"{Calendars.SearchSql(true)};\n{Catalog.ServiceCatalog.PriceInForce}";

    /// <summary>The reads the client's lock guards: the gate, the latest screening, the client's visits, the
    /// course.</summary>
    private static string LockedSql(ISqlDialect dialect, bool course) => $"""
        {ScreeningGate.FactsSql(dialect)};
        {LatestScreening} ORDER BY valid_until DESC {dialect.Page};
        {Calendars.ClientBusySql}{(course ? ";\n" + Packages.PackageRules.CourseSql : "")}
        """;

    /// <summary>Until when the client's last screening is valid: a visit after it is booked as `screening
    /// due`.</summary>
    private const string LatestScreening =
        "SELECT valid_until FROM screenings WHERE client_id = @clientId AND superseded_at IS NULL AND voided_at IS NULL";

    private Dapper.DynamicParameters SqlParametersOf(object values) =>
        SqlParameters.From(values, db.Dialect);

    /// <summary>Places a booking (a move, or a new one): the time rules, one read, the decisions, then the
    /// claims.</summary>
    public async Task<Result<Placement>> PlaceAsync(Guid bookingId, ServiceSpec service, DateTimeOffset start,
        Guid? therapistId, Guid clientId, bool mobile,
        CancellationToken ct, Guid? packageId = null)
    {
        if (CheckTime(start, mobile) is { } timeRule) return timeRule;
        var facts = await ReadAsync(clientId, service.Id, start, therapistId, bookingId, ct, packageId);
        var planned = await PlanAsync(bookingId, service, start, therapistId, clientId, facts, ct, packageId);
        if (planned.Refusal is { } refusal) return refusal;
        return await ClaimAsync(planned.Value!, bookingId, null, ct);
    }

    /// <summary>A free slot at the start, with the therapists (and devices) that may take it, in the order to try
    /// them.</summary>
    internal sealed record Plan(DateTimeOffset Start, DateTimeOffset End, DateTimeOffset Held, bool NeedsDevice,
        FreeSlot Slot,
        IReadOnlyList<Guid> LapsedHolds);

    /// <summary>The decisions on what <see cref="ReadAsync"/> read: the screening gate, the course, the client's other
    /// visits, and a therapist (and device) free then.</summary>
    public async Task<Result<Plan>> PlanAsync(Guid bookingId, ServiceSpec service, DateTimeOffset start,
        Guid? therapistId, Guid clientId,
        Facts facts, CancellationToken ct, Guid? packageId = null)
    {
        var zone = salon.Zone();
        var now = clock.GetUtcNow();
        if (ScreeningGate.Decide(facts.Gate, salon, service, start, bookingId, now) is { } unsafeForClient)
            return unsafeForClient;
        if (packageId is { } package)
        {
            // Read with the other facts when the caller asked for this package; otherwise read now.
            var (courseRefusal, days) = facts.Course is { } course
                ? Packages.PackageRules.Course(course, salon, clientId, service, now)
                : await Packages.PackageRules.CourseAsync(db, salon, package, clientId, service, bookingId, now, ct);
            if ((courseRefusal ?? days!.Check(SlotFinder.LocalDate(start, zone))) is { } courseRule) return courseRule;
        }

        if (therapistId is not null && facts.Therapists.Count == 0)
            return Rule("therapist-not-qualified", "The therapist does not give this service");

        var date = SlotFinder.LocalDate(start, zone);
        var held = start + SlotFinder.HeldLength(service.Duration, service.Buffer);
        if (!SlotFinder.IsFree(facts.ClientBusy, new Interval(start, start + service.Duration)))
            return new Refusal(RefusalKind.Conflict, "client-busy", "The client has another visit then");

        var slot = SlotFinder.Find(
            new SlotRequest(date, date, zone, salon.SlotMinutes, service.Duration, service.Buffer,
                service.DeviceType is not null, start, start),
            facts.Calendars, service.DeviceType is null ? [] : facts.DeviceCalendars).SingleOrDefault(s
                => s.Start == start);

        if (slot is null)
        {
            var session = new Interval(start, start + service.Duration);
            return facts.Calendars.Any(c => SlotFinder.IsWorking(c, date, zone, session))
                ? SlotTaken
                : Rule("outside-working-hours", "No therapist works then",
                    "The time is outside the working hours of every therapist who gives this service.");
        }
        return new Plan(start, start + service.Duration, held, service.DeviceType is not null, slot, facts.LapsedHolds);
    }

    /// <summary>
    /// Claims the first therapist (and device) of the plan and runs the writes that follow from the placement, all in
    /// one command behind a savepoint. When someone was faster, returns to the savepoint and tries the candidates one
    /// by one.
    /// </summary>
    public async Task<Result<Placement>> ClaimAsync(Plan plan, Guid bookingId, Func<Placement, (string Sql,
        object Args)>? then,
        CancellationToken ct)
    {
        // Waitlist holds past their expiry read as free already; their claims go first (rare: one more round trip).
        await Holds.ReleaseLapsedAsync(db, plan.LapsedHolds, [.. plan.Slot.TherapistIds, .. plan.Slot.DeviceIds],
            plan.Start, plan.Held, ct);
        var granules = Occupancy.Granules(plan.Start, plan.Held);
        var args = new Dapper.DynamicParameters();
        for (var i = 0; i < granules.Count; i++)
            args.Add($"s{i}", granules[i]);
        args.Add("booking", bookingId);

        var first = new Placement(plan.Start, plan.End, plan.Held, plan.Slot.TherapistIds[0],
            plan.NeedsDevice ? plan.Slot.DeviceIds[0] : null);
        var sql = new StringBuilder(db.Dialect.Savepoint("claim")).Append(";\n").Append(ClaimsInsert(granules.Count,
            "@claimTherapist"));
        args.Add("claimTherapist", first.TherapistId);
        if (first.DeviceId is { } firstDevice)
        {
            sql.Append(";\n").Append(ClaimsInsert(granules.Count, "@claimDevice"));
            args.Add("claimDevice", firstDevice);
        }
        if (then is not null)
        {
            var (thenSql, thenArgs) = then(first);
            sql.Append(";\n").Append(thenSql);
            args.AddDynamicParams(SqlParametersOf(thenArgs));
        }
        try
        {
            await db.ExecuteAsync(sql.ToString(), args, ct);
            return first;
        }
        catch (Exception ex) when (db.Dialect.IsUniqueViolation(ex))
        {
            await db.RollbackToAsync("claim", ct);
        }

        var therapist = await ClaimFirstAsync(plan.Slot.TherapistIds, bookingId, plan.Start, plan.Held, ct);
        if (therapist is null) return SlotTaken;
        Guid? device = null;
        if (plan.NeedsDevice)
        {
            device = await ClaimFirstAsync(plan.Slot.DeviceIds, bookingId, plan.Start, plan.Held, ct);
            if (device is null) return SlotTaken;
        }
        var placement = new Placement(plan.Start, plan.End, plan.Held, therapist.Value, device);
        if (then is not null)
        {
            var (writes, writeArgs) = then(placement);
            await db.ExecuteAsync(writes, writeArgs, ct);
        }
        return placement;
    }

    /// <summary>Gives back everything a booking holds, when it is cancelled, missed or moved.</summary>
    public Task ReleaseAsync(Guid bookingId, CancellationToken ct) =>
        db.ExecuteAsync("DELETE FROM resource_claims WHERE booking_id = @bookingId", new { bookingId }, ct);

    /// <summary>Claims the first candidate whose granules are all free; a unique-key clash means someone was
    /// faster.</summary>
    private async Task<Guid?> ClaimFirstAsync(IReadOnlyList<Guid> candidates, Guid bookingId, DateTimeOffset start,
        DateTimeOffset held, CancellationToken ct)
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
    internal static string ClaimsInsert(int granules, string resource = "@resource")
    {
        var sql = new StringBuilder("INSERT INTO resource_claims (resource_id, slot_start, booking_id) VALUES ");
        for (var i = 0; i < granules; i++)
            sql.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"({resource}, @s{i}, @booking)");
        return sql.ToString();
    }

    private static Refusal Rule(string code, string title, string? detail = null) => new(RefusalKind.BusinessRule, code,
        title, detail);
}
