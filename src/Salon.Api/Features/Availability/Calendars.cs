using Salon.Api.Features.Shared;
using Salon.Api.Infrastructure.Data;
using Salon.Domain;

namespace Salon.Api.Features.Availability;



/// <summary>
/// Loads what availability and booking decide on, for a window of time only: every query is a range on an index
/// by resource and start time, so its cost follows the window, not the length of the salon's history.
/// </summary>
internal static class Calendars
{
    /// <summary>The longest a booking can hold a resource (480 min session + 240 min buffer); bookings starting this
    /// long before the window may reach into it.</summary>
    public static readonly TimeSpan LongestHold = TimeSpan.FromMinutes(480 + 240);

    /// <summary>Bookings that hold their resources (kept under this name for the queries here).</summary>
    public static readonly string ActiveStatuses = BookingSql.HoldingResources;

    public const string ServiceSql =
        "SELECT id, name, duration_minutes, buffer_minutes, required_skill, device_type, screening_kind, kind, active FROM services WHERE id = @serviceId";

    public static Task<ServiceSpec?> ServiceAsync(DbSession db, Guid id, CancellationToken ct) =>
        db.QuerySingleOrDefaultAsync<ServiceSpec>(ServiceSql, new { serviceId = id }, ct);

    /// <summary>What a search reads: the service, who and what may give it, and their calendars over the
    /// window.</summary>
    /// <summary>Lapsed holds are waitlist offers past their expiry: free to read, their claims still to be
    /// dropped.</summary>
    internal sealed record Search(ServiceSpec? Service, IReadOnlyList<NamedRef> Therapists,
        IReadOnlyList<NamedRef> Devices,
        IReadOnlyList<TherapistCalendar> Calendars, IReadOnlyList<DeviceCalendar> DeviceCalendars,
        IReadOnlyList<Guid> LapsedHolds);

    /// <summary>
    /// The whole read of a search in one round trip and four statements, all keyed by the service: the service; its
    /// qualified therapists and device units; the therapists' weekly hours; and every interval of the window
    /// (exceptions, held bookings of therapists and devices, maintenance).
    /// </summary>
    public static async Task<Search> SearchAsync(DbSession db, Guid serviceId, Guid? only, Interval window,
        DateTimeOffset now, CancellationToken ct, DateOnly? firstDay = null, int days = 7)
    {
        var (from, to, earliest) = Range(window);
        // Only the weekly hours of the window's weekdays: a day search needs one day of the seven.
        var (dayFirst, dayCount) = firstDay is { } day && days < 7 ? ((int)day.DayOfWeek, days) : (0, 7);
        // On reused plans: the intervals statement was planned afresh for every search, probing the time indexes'
        // ends, which grows with the history.
        await using var grid = await db.QueryMultipleOnReusedPlansAsync(SearchSql(only is not null, bookingIds: false),
            new { serviceId, active = true, only, from, to, earliest, dayFirst, dayCount }, ct);
        return await ReadSearchAsync(grid, null, now);
    }

    /// <summary>
    /// Reads @serviceId, @active, @only (when <paramref name="only"/>), @from, @to, @earliest, and for a search (no
    /// booking ids) @dayFirst and @dayCount, the weekdays whose hours to read. Intervals come with the
    /// booking holding them when <paramref name="bookingIds"/> (a booking being moved must not block itself), and their
    /// kind as a number (0 held, 1 extra shift, 2 time off): a week of twenty calendars is thousands of rows.
    /// </summary>
    public static string SearchSql(bool only, bool bookingIds = true) =>
        SearchSqls[(only ? 1 : 0) + (bookingIds ? 2 : 0)];

    // Assembled once: the text is several kilobytes and every search and booking sends one of these four.
    private static readonly string[] SearchSqls =
        [BuildSearchSql(false, false), BuildSearchSql(true, false), BuildSearchSql(false, true),
            BuildSearchSql(true, true)];

    // Bookings are not also filtered on held_until > @from (which would drop the evening before a day search): with a
    // large history that predicate turns PostgreSQL's custom plan into a nested loop per booking row, 6x the buffers.
    private static string BuildSearchSql(bool only, bool bookingIds)
    {
        var one = only ? " AND t.id = @only" : "";
        // Said again outside the subquery: a plan made without the values then reads the (therapist, start) index.
        var direct = only ? " AND therapist_id = @only" : "";
        var id = bookingIds ? "id" : "NULL";
        var weekdays = bookingIds ? "" : " AND (day_of_week - @dayFirst + 7) % 7 < @dayCount";
        return $"""
            {ServiceSql};
            {Qualified}{one}
            UNION ALL
            SELECT 'd', id, unit_name, '' FROM devices WHERE device_type = {DeviceTypeOfService} AND active = @active
            ORDER BY 1, 4, 3, 2;
            {Hours} WHERE therapist_id IN ({QualifiedIds}{one}){weekdays};
            {Exceptions} WHERE therapist_id IN ({QualifiedIds}{one}) AND starts_at < @to AND ends_at > @from
            UNION ALL
            SELECT therapist_id, 0, {id}, starts_at, held_until FROM bookings
            WHERE therapist_id IN ({QualifiedIds}{one}){direct}
                AND starts_at >= @earliest AND starts_at < @to AND status IN {ActiveStatuses}
            UNION ALL
            SELECT device_id, 0, {id}, starts_at, held_until FROM bookings
            WHERE device_id IN ({Units}) AND starts_at >= @earliest AND starts_at < @to AND status IN {ActiveStatuses}
            UNION ALL
            {Maintenance} WHERE device_id IN ({Units}) AND starts_at < @to AND ends_at > @from;
            {Holds.Unmarked}
            """;
    }

    /// <summary>Whether the therapist is active and has the skill.</summary>
    public static async Task<bool> GivesAsync(DbSession db, Guid therapistId, string skill, CancellationToken ct) =>
        await db.ScalarAsync<long>("""
            SELECT COUNT(*) FROM therapists t JOIN therapist_skills s ON s.therapist_id = t.id
            WHERE t.id = @therapistId AND s.skill = @skill AND t.active = @active
            """, new { therapistId, skill, active = true }, ct) > 0;

    private const string DeviceTypeOfService = "(SELECT device_type FROM services WHERE id = @serviceId)";

    private const string Qualified = """
        SELECT 't' AS kind, t.id, t.first_name AS name, t.last_name AS surname FROM therapists t
        JOIN therapist_skills s ON s.therapist_id = t.id
        WHERE s.skill = (SELECT required_skill FROM services WHERE id = @serviceId) AND t.active = @active
        """;

    private const string QualifiedIds = """
        SELECT t.id FROM therapists t JOIN therapist_skills s ON s.therapist_id = t.id
        WHERE s.skill = (SELECT required_skill FROM services WHERE id = @serviceId) AND t.active = @active
        """;

    private const string Units =
        "SELECT id FROM devices WHERE device_type = (SELECT device_type FROM services WHERE id = @serviceId) AND active = @active";

    // The heads of the statements above, completed there by the id lists (a test parses the assembled text as T-SQL).
    private const string Hours = "SELECT therapist_id, day_of_week, start_minute, end_minute FROM therapist_weekly_hours";
    private const string Exceptions = """
        SELECT therapist_id AS resource_id, CASE kind WHEN 'extra_shift' THEN 1 ELSE 2 END AS kind, NULL AS booking_id, starts_at, ends_at
        FROM therapist_exceptions
        """;
    private const string Maintenance = "SELECT device_id, 0, NULL, starts_at, ends_at FROM device_maintenance";

    /// <summary>Reads what <see cref="SearchSql"/> selects; a booking being moved does not block itself.</summary>
    internal static async Task<Search> ReadSearchAsync(Dapper.SqlMapper.GridReader grid, Guid? ignoreBooking,
        DateTimeOffset now)
    {
        var service = await grid.ReadSingleOrDefaultAsync<ServiceSpec>();
        var resources = await grid.ReadAsync<ResourceRow>(buffered: false);
        var people = new List<NamedRef>();
        var units = new List<NamedRef>();
        foreach (var r in resources)
            if (r.Kind == "t") people.Add(new NamedRef(r.Id, $"{r.Name} {r.Surname}"));
            else units.Add(new NamedRef(r.Id, r.Name));
        // Each resource's rows gathered in one pass (a week of twenty calendars is thousands of intervals), sorted in
        // place below.
        var weekly = new Dictionary<Guid, List<WorkingInterval>>(people.Count);
        foreach (var h in await grid.ReadAsync<HoursRow>(buffered: false))
            List(weekly, h.TherapistId).Add(new WorkingInterval((DayOfWeek)h.DayOfWeek, h.StartMinute, h.EndMinute));
        var lists = new Dictionary<Guid, Lists>(people.Count + units.Count);
        foreach (var r in await grid.ReadAsync<IntervalRow>(buffered: false))
        {
            if (r.BookingId is not null && r.BookingId == ignoreBooking) continue;
            if (!lists.TryGetValue(r.ResourceId, out var of)) lists[r.ResourceId] = of = new Lists();
            (r.Kind == Held ? of.Busy : r.Kind == ExtraShift ? of.Extra : of.Off)
                .Add(new Interval(r.StartsAt, r.EndsAt));
        }
        var holds = await grid.ReadAsync<Holds.HoldRow>(buffered: false);
        List<Guid>? lapsed = null;
        foreach (var h in holds)
        {
            if (h.ExpiresAt <= now) (lapsed ??= []).Add(h.Id);
            else if (h.Id != ignoreBooking)
            {
                // A waitlist offer's hold is busy time until its expiry, like a booking.
                Busy(h.TherapistId).Add(new Interval(h.StartsAt, h.HeldUntil));
                if (h.DeviceId is { } device) Busy(device).Add(new Interval(h.StartsAt, h.HeldUntil));
            }
        }
        var calendars = new TherapistCalendar[people.Count];
        for (var i = 0; i < calendars.Length; i++)
        {
            var of = lists.GetValueOrDefault(people[i].Id);
            calendars[i] = new TherapistCalendar(people[i].Id,
                weekly.TryGetValue(people[i].Id, out var w) ? w : [], Sorted(of?.Extra), Sorted(of?.Off),
                Sorted(of?.Busy));
        }
        var deviceCalendars = new DeviceCalendar[units.Count];
        for (var i = 0; i < deviceCalendars.Length; i++)
            deviceCalendars[i] = new DeviceCalendar(units[i].Id,
                Sorted(lists.GetValueOrDefault(units[i].Id)?.Busy));
        return new Search(service, people, units, calendars, deviceCalendars, lapsed ?? []);

        List<Interval> Busy(Guid resource)
        {
            if (!lists.TryGetValue(resource, out var of)) lists[resource] = of = new Lists();
            return of.Busy;
        }
    }

    private static List<T> List<T>(Dictionary<Guid, List<T>> lists, Guid key)
    {
        if (!lists.TryGetValue(key, out var list)) lists[key] = list = [];
        return list;
    }

    private static IReadOnlyList<Interval> Sorted(List<Interval>? list)
    {
        if (list is null) return [];
        if (list.Count > 1) list.Sort(ByStart);
        return list;
    }

    /// <summary>One resource's intervals by kind.</summary>
    private sealed class Lists
    {
        public readonly List<Interval> Busy = [], Extra = [], Off = [];
    }

    private static readonly Comparison<Interval> ByStart = (a, b) => a.Start.CompareTo(b.Start);

    private const int Held = 0, ExtraShift = 1, TimeOff = 2;

    internal sealed record IntervalRow
    {
        public Guid ResourceId { get; init; }
        public int Kind { get; init; }
        public Guid? BookingId { get; init; }
        public DateTimeOffset StartsAt { get; init; }
        public DateTimeOffset EndsAt { get; init; }
    }

    internal sealed record ResourceRow
    {
        public string Kind { get; init; } = "";
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public string Surname { get; init; } = "";
    }

    /// <summary>The client's own visits in the window (@clientId, @earliest, @to).</summary>
    public const string ClientBusySql = """
        SELECT id, client_id AS resource_id, starts_at, ends_at AS held_until FROM bookings
        WHERE client_id = @clientId AND starts_at >= @earliest AND starts_at < @to AND status IN ('booked', 'checked_in')
        """;

    /// <summary>The window's parameters for the calendar reads.</summary>
    public static (DateTimeOffset From, DateTimeOffset To, DateTimeOffset Earliest) Range(Interval window) =>
        (window.Start, window.End, window.Start - LongestHold);

    /// <summary>The client's own visits in the window: a client cannot be on two couches at once.</summary>
    public static async Task<IReadOnlyList<Interval>> ClientBusyAsync(DbSession db, Guid clientId, Interval window,
        Guid? ignoreBooking, CancellationToken ct)
    {
        var (_, to, earliest) = Range(window);
        return ClientBusy(await db.QueryAsync<BusyRow>(ClientBusySql, new { clientId, earliest, to }, ct), clientId,
            ignoreBooking);
    }

    internal static List<Interval> ClientBusy(IEnumerable<BusyRow> rows, Guid clientId, Guid? ignoreBooking) =>
        Busy(rows, clientId, ignoreBooking);

    private static List<Interval> Busy(IEnumerable<BusyRow> rows, Guid resource, Guid? ignoreBooking) =>
        rows.Where(b => b.ResourceId == resource && b.Id != ignoreBooking).Select(b => new Interval(b.StartsAt,
            b.HeldUntil)).OrderBy(i => i.Start).ToList();

    internal sealed record HoursRow
    {
        public Guid TherapistId { get; init; }
        public int DayOfWeek { get; init; }
        public int StartMinute { get; init; }
        public int EndMinute { get; init; }
    }

    internal sealed record BusyRow
    {
        public Guid Id { get; init; }
        public Guid ResourceId { get; init; }
        public DateTimeOffset StartsAt { get; init; }
        public DateTimeOffset HeldUntil { get; init; }
    }
}
