using Salon.Domain;

namespace Salon.Domain.Tests;

/// <summary>Expected instants are worked out by hand from the zones' offsets (Moscow UTC+3 all year; Berlin
/// CET/CEST).</summary>
public sealed class ReminderScheduleTests
{
    private static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly QuietHours Night = new(new TimeOnly(21, 0), new TimeOnly(9, 0));
    private static readonly int[] Usual = [24, 2];

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2027, month, day, hour,
        minute, 0, TimeSpan.Zero);

    private static (string, DateTimeOffset)[] Plan(DateTimeOffset start, DateTimeOffset now, TimeZoneInfo zone) =>
        ReminderSchedule.Plan(start, now, zone, Usual, Night).Select(p => (p.Kind, p.DueAt)).ToArray();

    [Fact]
    public void Moscow_a_booking_made_at_night_is_confirmed_at_nine_and_reminded_24_and_2_hours_before()
    {
        // Booked 22:30 MSK on 1 February for 12:00 MSK on 10 February.
        Assert.Equal(
            [("confirmation", Utc(2, 2, 6)), ("before_24h", Utc(2, 9, 9)), ("before_2h", Utc(2, 10, 7))],
            Plan(Utc(2, 10, 9), Utc(2, 1, 19, 30), Moscow));
    }

    [Fact]
    public void Moscow_a_reminder_due_in_the_quiet_hours_goes_out_at_nine_or_is_skipped_when_the_visit_is_not_later()
    {
        // 10:00 MSK visit: the 2 h reminder (08:00 MSK) waits until 09:00 MSK; 09:00 itself is outside the quiet hours.
        Assert.Equal(
            [("confirmation", Utc(2, 1, 9)), ("before_24h", Utc(2, 9, 7)), ("before_2h", Utc(2, 10, 6))],
            Plan(Utc(2, 10, 7), Utc(2, 1, 9), Moscow));
        // 09:00 MSK visit: the 2 h reminder would wait until the visit starts, so it is not sent.
        Assert.Equal([("confirmation", Utc(2, 1, 9)), ("before_24h", Utc(2, 9, 6))], Plan(Utc(2, 10, 6), Utc(2, 1, 9),
            Moscow));
    }

    [Fact]
    public void Booked_in_the_evening_for_the_next_morning_gets_one_message_at_the_end_of_the_quiet_hours()
    {
        // 21:30 MSK for 09:30 MSK: the 24 h reminder is past, the 2 h one lands at 09:00 with the confirmation.
        Assert.Equal([("confirmation", Utc(2, 10, 6))], Plan(Utc(2, 10, 6, 30), Utc(2, 9, 18, 30), Moscow));
        // 21:30 MSK for 09:00 MSK: nothing can go out before the visit.
        Assert.Empty(Plan(Utc(2, 10, 6), Utc(2, 9, 18, 30), Moscow));
    }

    [Fact]
    public void Berlin_spring_forward_24_hours_before_is_an_instant_and_quiet_hours_end_at_local_nine_summer_time()
    {
        // Visit 10:00 CEST on 28 March (DST began 01:00 UTC): 24 h before is 09:00 CET on the 27th, the 2 h reminder
        // (08:00 CEST) waits until 09:00 CEST = 07:00 UTC.
        Assert.Equal(
            [("confirmation", Utc(3, 20, 10)), ("before_24h", Utc(3, 27, 8)), ("before_2h", Utc(3, 28, 7))],
            Plan(Utc(3, 28, 8), Utc(3, 20, 10), Berlin));
    }

    [Fact]
    public void Berlin_fall_back_quiet_hours_end_at_local_nine_winter_time()
    {
        // Visit 09:30 CET on 31 October (DST ended 01:00 UTC): 24 h before is 10:30 CEST; 2 h before is 07:30 CET,
        // quiet, so it goes out at 09:00 CET = 08:00 UTC.
        Assert.Equal(
            [("confirmation", Utc(10, 20, 10)), ("before_24h", Utc(10, 30, 8, 30)), ("before_2h", Utc(10, 31, 8))],
            Plan(Utc(10, 31, 8, 30), Utc(10, 20, 10), Berlin));
    }

    [Fact]
    public void Quiet_hours_ending_in_the_skipped_hour_end_at_the_first_time_after_it()
    {
        var quiet = new QuietHours(new TimeOnly(21, 0), new TimeOnly(2, 30));
        // 01:30 CET on 28 March; 02:30 does not exist that night, 03:00 CEST (01:00 UTC) is the first time after it.
        Assert.Equal(Utc(3, 28, 1), quiet.NextAllowed(Utc(3, 28, 0, 30), Berlin));
    }

    [Theory]
    [InlineData(20, 59, false)]
    [InlineData(21, 0, true)]
    [InlineData(0, 0, true)]
    [InlineData(8, 59, true)]
    [InlineData(9, 0, false)]
    public void The_quiet_hours_run_from_21_00_up_to_but_not_including_09_00(int hour, int minute, bool quiet)
    {
        Assert.Equal(quiet, Night.Contains(new TimeOnly(hour, minute)));
    }
}
