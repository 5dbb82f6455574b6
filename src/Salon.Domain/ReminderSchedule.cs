namespace Salon.Domain;

/// <summary>A message planned for a visit: what it is and when it goes out (a UTC instant).</summary>
public sealed record PlannedReminder(string Kind, DateTimeOffset DueAt);

/// <summary>
/// When a visit's confirmation and reminders go out. Reminders are hours before the start as instants (24 h before is
/// 23 or 25 wall-clock hours across a DST change); nothing goes out in the quiet hours of the salon's zone: a message
/// due then moves to the end of the quiet hours, or is dropped when the visit starts by then. A reminder already due
/// when the visit is booked is dropped (the confirmation covers it), as is one that would go out with an earlier
/// message.
/// </summary>
public static class ReminderSchedule
{
    public const string Confirmation = "confirmation";

    public static string Before(int hours) => $"before_{hours}h";

    public static IReadOnlyList<PlannedReminder> Plan(DateTimeOffset startsAt, DateTimeOffset now, TimeZoneInfo zone,
        IEnumerable<int> hoursBefore, QuietHours quiet)
    {
        var planned = new List<PlannedReminder>();
        void Add(string kind, DateTimeOffset due)
        {
            if (due < now) return;
            var at = quiet.NextAllowed(due, zone);
            if (at >= startsAt || planned.Any(p => p.DueAt == at)) return;
            planned.Add(new PlannedReminder(kind, at));
        }
        Add(Confirmation, now);
        foreach (var hours in hoursBefore.Distinct().OrderDescending())
            Add(Before(hours), startsAt.AddHours(-hours));
        return planned;
    }
}

/// <summary>Local times between which no message is sent, e.g. 21:00 to 09:00 (the window may cross
/// midnight).</summary>
public sealed record QuietHours(TimeOnly From, TimeOnly Until)
{
    public bool Contains(TimeOnly local) =>
        From != Until && (From < Until ? local >= From && local < Until : local >= From || local < Until);

    /// <summary>The instant itself when outside the quiet hours, otherwise the instant they end in the zone.</summary>
    public DateTimeOffset NextAllowed(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        var time = TimeOnly.FromTimeSpan(local.TimeOfDay);
        if (!Contains(time)) return instant;
        var day = DateOnly.FromDateTime(local.DateTime);
        if (From > Until && time >= From) day = day.AddDays(1);
        return ToInstant(day.ToDateTime(Until), zone);
    }

    private static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        // A wall-clock time skipped by a DST change does not exist: take the first one after the gap.
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(15);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
