using System.Globalization;
using Salon.Api.Features.Catalog;
using Salon.Api.Infrastructure.Http;
using Salon.Api.Infrastructure.Data;
using Salon.Domain;

namespace Salon.Api.Features.Therapists;

/// <summary>A working interval in the salon's local time: "09:00" to "18:00"; "24:00" ends at midnight.</summary>
public sealed record WorkingHours(DayOfWeek Day, string Start, string End);

public enum ExceptionKind
{
    TimeOff,
    ExtraShift,
}

public sealed record ScheduleException(Guid Id, ExceptionKind Kind, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    string? Note);

public sealed record TherapistResponse(
    Guid Id,
    string FirstName,
    string LastName,
    bool Active,
    IReadOnlyList<string> Skills,
    IReadOnlyList<WorkingHours> WeeklyHours,
    IReadOnlyList<ScheduleException> UpcomingExceptions);

internal static class TherapistRules
{
    public static void ValidateSkills(IReadOnlyList<string> skills, ValidationErrors errors)
    {
        if (skills.Count > 20) errors.Add("skills", "at most 20 skills");
        for (var i = 0; i < skills.Count && i < 20; i++) errors.Code($"skills[{i}]", skills[i]);
    }

    public static void ValidateHours(IReadOnlyList<WorkingHours> hours, ValidationErrors errors)
    {
        if (hours.Count > 50) { errors.Add("weeklyHours", "at most 50 intervals"); return; }
        var parsed = new List<WorkingInterval>();
        for (var i = 0; i < hours.Count; i++)
        {
            if (hours[i] is null) { errors.Add($"weeklyHours[{i}]", "must not be null"); continue; }
            var start = Minute(hours[i].Start);
            var end = Minute(hours[i].End);
            if (start is null || end is null) errors.Add($"weeklyHours[{i}]",
                "start and end are times HH:mm (00:00 to 24:00)");
            else parsed.Add(new WorkingInterval(hours[i].Day, start.Value, end.Value));
        }
        foreach (var problem in WeeklyHours.Problems(parsed)) errors.Add("weeklyHours", problem);
    }

    public static int? Minute(string? text)
    {
        if (text is not { Length: 5 } || text[2] != ':' ||
            !int.TryParse(text.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var h) ||
            !int.TryParse(text.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var m) || m > 59)
            return null;
        var total = h * 60 + m;
        return total <= WorkingInterval.MinutesPerDay ? total : null;
    }

    public static string Clock(int minute) => $"{minute / 60:00}:{minute % 60:00}";

    public static async Task ReplaceSkillsAsync(DbSession db, Guid id, IReadOnlyList<string> skills,
        CancellationToken ct)
    {
        await db.ExecuteAsync("DELETE FROM therapist_skills WHERE therapist_id = @id", new { id }, ct);
        foreach (var skill in skills.Distinct())
            await db.ExecuteAsync("INSERT INTO therapist_skills (therapist_id, skill) VALUES (@id, @skill)", new { id,
                skill }, ct);
    }

    public static async Task ReplaceHoursAsync(DbSession db, Guid id, IReadOnlyList<WorkingHours> hours,
        CancellationToken ct)
    {
        await db.ExecuteAsync("DELETE FROM therapist_weekly_hours WHERE therapist_id = @id", new { id }, ct);
        foreach (var h in hours)
            await db.ExecuteAsync("""
                INSERT INTO therapist_weekly_hours (id, therapist_id, day_of_week, start_minute, end_minute)
                VALUES (@rowId, @id, @day, @start, @end)
                """, new { rowId = Guid.CreateVersion7(), id, day = (int)h.Day, start = Minute(h.Start), end = Minute(h.End) }, ct);
    }

    public static async Task<bool> ExistsAsync(DbSession db, Guid id, CancellationToken ct) =>
        await db.ScalarAsync<int>("SELECT COUNT(*) FROM therapists WHERE id = @id", new { id }, ct) > 0;
}

internal static class TherapistReader
{
    public static async Task<TherapistResponse?> ReadAsync(DbSession db, Guid id, DateTimeOffset now,
        CancellationToken ct)
    {
        var t = await db.QuerySingleOrDefaultAsync<Row>("SELECT id, first_name, last_name, active FROM therapists WHERE id = @id", new { id }, ct);
        if (t is null) return null;
        var skills = await db.QueryAsync<string>("SELECT skill FROM therapist_skills WHERE therapist_id = @id ORDER BY skill", new { id }, ct);
        var hours = await db.QueryAsync<HoursRow>(
            "SELECT day_of_week, start_minute, end_minute FROM therapist_weekly_hours WHERE therapist_id = @id ORDER BY day_of_week, start_minute",
            new { id }, ct);
        var exceptions = await db.QueryAsync<ExceptionRow>("""
            SELECT id, kind, starts_at, ends_at, note FROM therapist_exceptions
            WHERE therapist_id = @id AND ends_at > @now ORDER BY starts_at
            """, new { id, now }, ct);
        return new TherapistResponse(t.Id, t.FirstName, t.LastName, t.Active, skills,
            hours.Select(h => new WorkingHours((DayOfWeek)h.DayOfWeek, TherapistRules.Clock(h.StartMinute),
                TherapistRules.Clock(h.EndMinute))).ToList(),
            exceptions.Select(e => new ScheduleException(e.Id, Enums.Parse<ExceptionKind>(e.Kind), e.StartsAt, e.EndsAt,
                e.Note)).ToList());
    }

    private sealed record Row
    {
        public Guid Id { get; init; }
        public string FirstName { get; init; } = "";
        public string LastName { get; init; } = "";
        public bool Active { get; init; }
    }

    private sealed record HoursRow
    {
        public int DayOfWeek { get; init; }
        public int StartMinute { get; init; }
        public int EndMinute { get; init; }
    }

    private sealed record ExceptionRow
    {
        public Guid Id { get; init; }
        public string Kind { get; init; } = "";
        public DateTimeOffset StartsAt { get; init; }
        public DateTimeOffset EndsAt { get; init; }
        public string? Note { get; init; }
    }
}
