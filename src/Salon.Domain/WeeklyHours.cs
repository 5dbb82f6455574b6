namespace Salon.Domain;

/// <summary>One working interval on a weekday, in minutes from local midnight in the salon's time zone.</summary>
public sealed record WorkingInterval(DayOfWeek Day, int StartMinute, int EndMinute)
{
    public const int MinutesPerDay = 24 * 60;
}

public static class WeeklyHours
{
    /// <summary>Checks a week of intervals: each inside its day, start before end, none overlapping on the same
    /// day.</summary>
    public static IReadOnlyList<string> Problems(IReadOnlyList<WorkingInterval> intervals)
    {
        var problems = new List<string>();
        for (var i = 0; i < intervals.Count; i++)
        {
            var w = intervals[i];
            if (w.StartMinute < 0 || w.EndMinute > WorkingInterval.MinutesPerDay || w.StartMinute >= w.EndMinute)
                problems.Add($"[{i}]: start must be before end, within one day (00:00 to 24:00)");
        }

        foreach (var day in intervals.GroupBy(w => w.Day))
        {
            var sorted = day.OrderBy(w => w.StartMinute).ToList();
            for (var i = 1; i < sorted.Count; i++)
                if (sorted[i].StartMinute < sorted[i - 1].EndMinute)
                    problems.Add($"{day.Key}: intervals overlap");
        }

        return problems;
    }
}
