using Salon.Api.Infrastructure.Data;
using Salon.Domain;

namespace Salon.Api.Features.Availability;

/// <summary>A service as the booking rules need it.</summary>
public sealed record ServiceSpec
{
    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    public int DurationMinutes { get; init; }
    public int BufferMinutes { get; init; }
    public string RequiredSkill { get; init; } = "";
    public string? DeviceType { get; init; }
    public string ScreeningKind { get; init; } = "";
    public string Kind { get; init; } = "";
    public bool Active { get; init; }
    public TimeSpan Duration => TimeSpan.FromMinutes(DurationMinutes);
    public TimeSpan Buffer => TimeSpan.FromMinutes(BufferMinutes);
}

public sealed record Person(Guid Id, string Name);

/// <summary>
/// Loads what availability and booking decide on, for a window of time only: every query is a range on an index
/// by resource and start time, so its cost follows the window, not the length of the salon's history.
/// </summary>
internal static class Calendars
{
    /// <summary>The longest a booking can hold a resource (480 min session + 240 min buffer); bookings starting this long before the window may reach into it.</summary>
    public static readonly TimeSpan LongestHold = TimeSpan.FromMinutes(480 + 240);

    public const string ActiveStatuses = "('booked', 'checked_in', 'completed')";

    public static Task<ServiceSpec?> ServiceAsync(DbSession db, Guid id, CancellationToken ct) =>
        db.QuerySingleOrDefaultAsync<ServiceSpec>(
            "SELECT id, name, duration_minutes, buffer_minutes, required_skill, device_type, screening_kind, kind, active FROM services WHERE id = @id", new { id }, ct);

    public static async Task<IReadOnlyList<Person>> QualifiedTherapistsAsync(DbSession db, string skill, Guid? only, CancellationToken ct)
    {
        var rows = await db.QueryAsync<NameRow>($"""
            SELECT t.id, t.first_name, t.last_name FROM therapists t
            JOIN therapist_skills s ON s.therapist_id = t.id
            WHERE s.skill = @skill AND t.active = @active {(only is null ? "" : "AND t.id = @only")}
            ORDER BY t.last_name, t.first_name, t.id
            """, new { skill, active = true, only }, ct);
        return rows.Select(r => new Person(r.Id, $"{r.FirstName} {r.LastName}")).ToList();
    }

    public static async Task<IReadOnlyList<Person>> DevicesAsync(DbSession db, string deviceType, CancellationToken ct)
    {
        var rows = await db.QueryAsync<DeviceRow>(
            "SELECT id, unit_name FROM devices WHERE device_type = @deviceType AND active = @active ORDER BY unit_name, id",
            new { deviceType, active = true }, ct);
        return rows.Select(r => new Person(r.Id, r.UnitName)).ToList();
    }

    public static async Task<IReadOnlyList<TherapistCalendar>> TherapistCalendarsAsync(DbSession db, IReadOnlyList<Guid> ids, Interval window, Guid? ignoreBooking, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        var hours = await db.QueryAsync<HoursRow>($"""
            SELECT therapist_id, day_of_week, start_minute, end_minute FROM therapist_weekly_hours WHERE {db.Dialect.AnyOf("therapist_id", "ids")}
            """, new { ids }, ct);
        var exceptions = await db.QueryAsync<ExceptionRow>($"""
            SELECT therapist_id, kind, starts_at, ends_at FROM therapist_exceptions
            WHERE {db.Dialect.AnyOf("therapist_id", "ids")} AND starts_at < @to AND ends_at > @from
            """, new { ids, from = window.Start, to = window.End }, ct);
        var busy = await db.QueryAsync<BusyRow>($"""
            SELECT id, therapist_id AS resource_id, starts_at, held_until FROM bookings
            WHERE {db.Dialect.AnyOf("therapist_id", "ids")} AND starts_at >= @earliest AND starts_at < @to AND status IN {ActiveStatuses}
            """, new { ids, earliest = window.Start - LongestHold, to = window.End }, ct);

        return ids.Select(id => new TherapistCalendar(
            id,
            hours.Where(h => h.TherapistId == id).Select(h => new WorkingInterval((DayOfWeek)h.DayOfWeek, h.StartMinute, h.EndMinute)).ToList(),
            exceptions.Where(e => e.TherapistId == id && e.Kind == "extra_shift").Select(e => new Interval(e.StartsAt, e.EndsAt)).ToList(),
            exceptions.Where(e => e.TherapistId == id && e.Kind == "time_off").Select(e => new Interval(e.StartsAt, e.EndsAt)).ToList(),
            Busy(busy, id, ignoreBooking))).ToList();
    }

    public static async Task<IReadOnlyList<DeviceCalendar>> DeviceCalendarsAsync(DbSession db, IReadOnlyList<Guid> ids, Interval window, Guid? ignoreBooking, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        var busy = (await db.QueryAsync<BusyRow>($"""
            SELECT id, device_id AS resource_id, starts_at, held_until FROM bookings
            WHERE {db.Dialect.AnyOf("device_id", "ids")} AND starts_at >= @earliest AND starts_at < @to AND status IN {ActiveStatuses}
            """, new { ids, earliest = window.Start - LongestHold, to = window.End }, ct)).ToList();
        var maintenance = await db.QueryAsync<BusyRow>($"""
            SELECT id, device_id AS resource_id, starts_at, ends_at AS held_until FROM device_maintenance
            WHERE {db.Dialect.AnyOf("device_id", "ids")} AND starts_at < @to AND ends_at > @from
            """, new { ids, from = window.Start, to = window.End }, ct);
        busy.AddRange(maintenance);
        return ids.Select(id => new DeviceCalendar(id, Busy(busy, id, ignoreBooking))).ToList();
    }

    /// <summary>The client's own visits in the window: a client cannot be on two couches at once.</summary>
    public static async Task<IReadOnlyList<Interval>> ClientBusyAsync(DbSession db, Guid clientId, Interval window, Guid? ignoreBooking, CancellationToken ct)
    {
        var rows = await db.QueryAsync<BusyRow>($"""
            SELECT id, client_id AS resource_id, starts_at, ends_at AS held_until FROM bookings
            WHERE client_id = @clientId AND starts_at >= @earliest AND starts_at < @to AND status IN ('booked', 'checked_in')
            """, new { clientId, earliest = window.Start - LongestHold, to = window.End }, ct);
        return Busy(rows, clientId, ignoreBooking);
    }

    private static List<Interval> Busy(IEnumerable<BusyRow> rows, Guid resource, Guid? ignoreBooking) =>
        rows.Where(b => b.ResourceId == resource && b.Id != ignoreBooking).Select(b => new Interval(b.StartsAt, b.HeldUntil)).OrderBy(i => i.Start).ToList();

    private sealed record NameRow
    {
        public Guid Id { get; init; }
        public string FirstName { get; init; } = "";
        public string LastName { get; init; } = "";
    }

    private sealed record DeviceRow
    {
        public Guid Id { get; init; }
        public string UnitName { get; init; } = "";
    }

    private sealed record HoursRow
    {
        public Guid TherapistId { get; init; }
        public int DayOfWeek { get; init; }
        public int StartMinute { get; init; }
        public int EndMinute { get; init; }
    }

    private sealed record ExceptionRow
    {
        public Guid TherapistId { get; init; }
        public string Kind { get; init; } = "";
        public DateTimeOffset StartsAt { get; init; }
        public DateTimeOffset EndsAt { get; init; }
    }

    private sealed record BusyRow
    {
        public Guid Id { get; init; }
        public Guid ResourceId { get; init; }
        public DateTimeOffset StartsAt { get; init; }
        public DateTimeOffset HeldUntil { get; init; }
    }
}
