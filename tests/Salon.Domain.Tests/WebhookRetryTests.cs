using Salon.Domain;

namespace Salon.Domain.Tests;

public sealed class WebhookRetryTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Deadline = Start + WebhookRetry.Window;

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(6, 160)]
    [InlineData(10, 2560)]
    [InlineData(11, 3600)] // 5 120 s capped at an hour
    [InlineData(30, 3600)]
    public void The_delay_doubles_from_five_seconds_up_to_an_hour_without_jitter_at_the_middle(int attempts,
        int seconds) =>
        Assert.Equal(Start.AddSeconds(seconds), WebhookRetry.Next(attempts, Start, Deadline, 0.5));

    [Fact]
    public void Jitter_spreads_the_delay_by_a_fifth_either_way()
    {
        Assert.Equal(Start.AddSeconds(4), WebhookRetry.Next(1, Start, Deadline, 0));
        Assert.Equal(Start.AddSeconds(2880), WebhookRetry.Next(20, Start, Deadline, 0));
        Assert.True(WebhookRetry.Next(20, Start, Deadline, 0.999999) < Start.AddSeconds(4320));
    }

    [Fact]
    public void The_last_attempt_falls_on_the_deadline_and_after_it_the_delivery_has_failed()
    {
        var late = Deadline.AddMinutes(-10);
        Assert.Equal(Deadline, WebhookRetry.Next(15, late, Deadline, 0.5));
        Assert.Null(WebhookRetry.Next(16, Deadline, Deadline, 0.5));
        Assert.Null(WebhookRetry.Next(16, Deadline.AddSeconds(1), Deadline, 0.5));
    }

    [Fact]
    public void Failing_all_day_makes_about_thirty_attempts_in_24_hours()
    {
        var now = Start;
        var attempts = 1;
        while (WebhookRetry.Next(attempts, now, Deadline, 0.5) is { } next)
        {
            now = next;
            attempts++;
        }
        Assert.Equal(Deadline, now);
        Assert.InRange(attempts, 28, 36); // 10 growing delays (1.4 h), then hourly to the deadline
    }
}
