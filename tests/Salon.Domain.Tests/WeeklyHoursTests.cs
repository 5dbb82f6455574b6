using Salon.Domain;

namespace Salon.Domain.Tests;

public sealed class WeeklyHoursTests
{
    private static WorkingInterval At(DayOfWeek day, int startHour, int endHour) => new(day, startHour * 60,
        endHour * 60);

    [Fact]
    public void A_normal_working_week_has_no_problems()
    {
        var week = new[]
        {
            At(DayOfWeek.Monday, 9, 13), At(DayOfWeek.Monday, 14, 18),
            At(DayOfWeek.Tuesday, 9, 18), At(DayOfWeek.Saturday, 10, 16),
        };
        Assert.Empty(WeeklyHours.Problems(week));
    }

    [Fact]
    public void An_empty_week_has_no_problems()
    {
        Assert.Empty(WeeklyHours.Problems([]));
    }

    [Fact]
    public void A_whole_day_from_midnight_to_midnight_is_allowed()
    {
        Assert.Empty(WeeklyHours.Problems([new WorkingInterval(DayOfWeek.Sunday, 0, WorkingInterval.MinutesPerDay)]));
    }

    [Fact]
    public void Back_to_back_intervals_touch_without_overlapping()
    {
        Assert.Empty(WeeklyHours.Problems([At(DayOfWeek.Monday, 14, 18), At(DayOfWeek.Monday, 9, 14)]));
    }

    [Fact]
    public void The_same_hours_on_different_days_do_not_overlap()
    {
        Assert.Empty(WeeklyHours.Problems([At(DayOfWeek.Monday, 9, 18), At(DayOfWeek.Tuesday, 9, 18),
            At(DayOfWeek.Wednesday, 9, 18)]));
    }

    [Theory]
    [InlineData(9, 13, 12, 18)]   // the second starts before the first ends
    [InlineData(9, 18, 10, 11)]   // one inside the other
    [InlineData(9, 18, 9, 18)]    // the same interval twice
    [InlineData(12, 18, 9, 13)]   // given out of order
    public void Overlapping_intervals_on_one_day_are_a_problem_named_by_the_day(int s1, int e1, int s2, int e2)
    {
        var problems = WeeklyHours.Problems([At(DayOfWeek.Thursday, s1, e1), At(DayOfWeek.Thursday, s2, e2)]);

        var problem = Assert.Single(problems);
        Assert.Contains("Thursday", problem);
        Assert.Contains("overlap", problem);
    }

    [Theory]
    [InlineData(-1, 600)]                              // starts before midnight
    [InlineData(600, 24 * 60 + 1)]                     // ends after the next midnight
    [InlineData(600, 600)]                             // empty
    [InlineData(18 * 60,
        9 * 60)]                      // ends before it starts, e.g. a night shift written as 18:00-09:00
    public void An_interval_outside_its_day_or_backwards_is_a_problem_named_by_its_position(int start, int end)
    {
        var problems = WeeklyHours.Problems([At(DayOfWeek.Monday, 9, 10), new WorkingInterval(DayOfWeek.Friday, start,
            end)]);

        var problem = Assert.Single(problems);
        Assert.StartsWith("[1]", problem);
    }

    [Fact]
    public void Every_problem_in_a_week_is_reported_not_only_the_first()
    {
        var problems = WeeklyHours.Problems([
            At(DayOfWeek.Monday, 9, 13), At(DayOfWeek.Monday, 12, 18),
            At(DayOfWeek.Tuesday, 9, 13), At(DayOfWeek.Tuesday, 12, 18),
            new WorkingInterval(DayOfWeek.Wednesday, 600, 500),
        ]);

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Monday", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Tuesday", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("[4]", StringComparison.Ordinal));
    }
}
