using Salon.Domain;

namespace Salon.Domain.Tests;

public sealed class SlotFinderTests
{
    private static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly Guid Anna = Guid.CreateVersion7();
    private static readonly Guid Olga = Guid.CreateVersion7();
    private static readonly Guid Suit = Guid.CreateVersion7();

    private static TherapistCalendar WorksEveryDay(Guid id, int from = 9 * 60, int to = 18 * 60,
        IReadOnlyList<Interval>? busy = null,
        IReadOnlyList<Interval>? timeOff = null, IReadOnlyList<Interval>? extra = null) =>
        new(id, Enum.GetValues<DayOfWeek>().Select(d => new WorkingInterval(d, from, to)).ToList(), extra ?? [],
            timeOff ?? [], busy ?? []);

    private static SlotRequest Day(DateOnly date, TimeZoneInfo zone, int duration = 60, int buffer = 15,
        bool device = false) =>
        new(date, date, zone, 15, TimeSpan.FromMinutes(duration), TimeSpan.FromMinutes(buffer), device,
            DateTimeOffset.MinValue, DateTimeOffset.MaxValue);

    private static DateTimeOffset Msk(int y, int m, int d, int h, int min = 0) => new(y, m, d, h, min, 0,
        TimeSpan.FromHours(3));

    [Fact]
    public void A_session_must_end_within_working_hours_and_starts_follow_the_grid()
    {
        var slots = SlotFinder.Find(Day(new DateOnly(2026, 12, 1), Moscow), [WorksEveryDay(Anna)], []);

        Assert.Equal(Msk(2026, 12, 1, 9), slots[0].Start);
        Assert.Equal(Msk(2026, 12, 1, 17), slots[^1].Start); // 17:00 + 60 min ends at 18:00
        Assert.Equal(33, slots.Count); // 09:00 to 17:00 every 15 minutes
        Assert.All(slots, s => Assert.Equal(0, s.Start.Minute % 15));
    }

    [Fact]
    public void The_hold_with_its_buffer_keeps_neighbouring_starts_free_only_when_they_do_not_overlap()
    {
        var booked = new Interval(Msk(2026, 12, 1, 12), Msk(2026, 12, 1, 13, 15)); // 60 min + 15 min buffer
        var slots = SlotFinder.Find(Day(new DateOnly(2026, 12, 1), Moscow), [WorksEveryDay(Anna, busy: [booked])],
            []).Select(s => s.Start).ToHashSet();

        Assert.Contains(Msk(2026, 12, 1, 10, 45), slots);      // holds until 12:00 exactly
        Assert.DoesNotContain(Msk(2026, 12, 1, 11), slots);     // would hold until 12:15
        Assert.DoesNotContain(Msk(2026, 12, 1, 13), slots);
        Assert.Contains(Msk(2026, 12, 1, 13, 15), slots);
    }

    [Fact]
    public void Hardware_needs_a_free_device_as_well_as_a_free_therapist()
    {
        var suitBusy = new DeviceCalendar(Suit, [new Interval(Msk(2026, 12, 1, 10), Msk(2026, 12, 1, 11))]);
        var slots = SlotFinder.Find(Day(new DateOnly(2026, 12, 1), Moscow, 40, 10, device: true), [WorksEveryDay(Anna),
            WorksEveryDay(Olga)], [suitBusy]);

        Assert.DoesNotContain(slots, s => s.Start == Msk(2026, 12, 1, 10));
        var nine = Assert.Single(slots, s => s.Start == Msk(2026, 12, 1, 9));
        Assert.Equal([Anna, Olga], nine.TherapistIds);
        Assert.Equal([Suit], nine.DeviceIds);
    }

    [Fact]
    public void Time_off_removes_hours_and_an_extra_shift_adds_them()
    {
        var off = new Interval(Msk(2026, 12, 1, 9), Msk(2026, 12, 1, 14));
        var extra = new Interval(Msk(2026, 12, 2, 19), Msk(2026, 12, 2, 21));
        var anna = WorksEveryDay(Anna, timeOff: [off], extra: [extra]);

        var tuesday = SlotFinder.Find(Day(new DateOnly(2026, 12, 1), Moscow), [anna], []);
        var wednesday = SlotFinder.Find(Day(new DateOnly(2026, 12, 2), Moscow), [anna], []);

        Assert.Equal(Msk(2026, 12, 1, 14), tuesday[0].Start);
        Assert.Contains(wednesday, s => s.Start == Msk(2026, 12, 2, 20));
        Assert.DoesNotContain(wednesday, s => s.Start == Msk(2026, 12, 2,
            18)); // 18:00-19:00 is a gap between the shifts
    }

    [Fact]
    public void Earliest_and_latest_bound_the_answer()
    {
        var request = Day(new DateOnly(2026, 12, 1), Moscow) with { Earliest = Msk(2026, 12, 1, 12), Latest = Msk(2026,
            12, 1, 13) };
        var slots = SlotFinder.Find(request, [WorksEveryDay(Anna)], []);
        Assert.Equal([Msk(2026, 12, 1, 12), Msk(2026, 12, 1, 12, 15), Msk(2026, 12, 1, 12, 30), Msk(2026, 12, 1, 12,
            45), Msk(2026, 12, 1, 13)],
            slots.Select(s => s.Start));
    }

    [Fact]
    public void On_the_spring_forward_day_the_missing_local_hour_has_no_slots_and_offsets_change()
    {
        var date = new DateOnly(2027, 3, 28); // Berlin: 02:00 jumps to 03:00
        var slots = SlotFinder.Find(Day(date, Berlin, 30, 0), [WorksEveryDay(Anna, 0, 24 * 60)], []);
        var local = slots.Select(s => TimeZoneInfo.ConvertTime(s.Start, Berlin)).ToList();

        Assert.DoesNotContain(local, t => t.Hour == 2);
        Assert.Equal(TimeSpan.FromHours(1), local.First(t => t.Hour == 1).Offset);
        Assert.Equal(TimeSpan.FromHours(2), local.First(t => t.Hour == 3).Offset);
        Assert.Equal(23 * 4 - 1, slots.Count); // 23 real hours, the last start 23:30 must end by 24:00
        Assert.Equal(slots.Count, slots.Select(s => s.Start).Distinct().Count());
    }

    [Fact]
    public void On_the_fall_back_day_working_hours_are_still_wall_clock_hours()
    {
        var date = new DateOnly(2027, 10, 31); // Berlin: 03:00 back to 02:00
        var slots = SlotFinder.Find(Day(date, Berlin, 60, 0), [WorksEveryDay(Anna, 9 * 60, 18 * 60)], []);

        Assert.Equal(new DateTimeOffset(2027, 10, 31, 8, 0, 0, TimeSpan.Zero), slots[0].Start);   // 09:00 CET
        Assert.Equal(new DateTimeOffset(2027, 10, 31, 16, 0, 0, TimeSpan.Zero), slots[^1].Start); // 17:00 CET
    }

    [Fact]
    public void Held_length_rounds_up_to_whole_occupancy_granules()
    {
        Assert.Equal(TimeSpan.FromMinutes(75), SlotFinder.HeldLength(TimeSpan.FromMinutes(60),
            TimeSpan.FromMinutes(15)));
        Assert.Equal(TimeSpan.FromMinutes(50), SlotFinder.HeldLength(TimeSpan.FromMinutes(43),
            TimeSpan.FromMinutes(5)));
        Assert.Equal(15, Occupancy.Granules(Msk(2026, 12, 1, 10), Msk(2026, 12, 1, 11, 15)).Count);
        Assert.Throws<ArgumentException>(() => Occupancy.Granules(Msk(2026, 12, 1, 10, 3), Msk(2026, 12, 1, 11)));
    }

    [Theory]
    [InlineData(BookingStatus.Booked, BookingAction.CheckIn, BookingStatus.CheckedIn)]
    [InlineData(BookingStatus.Booked, BookingAction.Cancel, BookingStatus.Cancelled)]
    [InlineData(BookingStatus.Booked, BookingAction.MarkNoShow, BookingStatus.NoShow)]
    [InlineData(BookingStatus.CheckedIn, BookingAction.Complete, BookingStatus.Completed)]
    [InlineData(BookingStatus.CheckedIn, BookingAction.Cancel, BookingStatus.Cancelled)]
    public void Legal_transitions(BookingStatus from, BookingAction action, BookingStatus to) =>
        Assert.Equal(to, BookingTransitions.Next(from, action));

    [Theory]
    [InlineData(BookingStatus.Booked, BookingAction.Complete)]
    [InlineData(BookingStatus.Cancelled, BookingAction.CheckIn)]
    [InlineData(BookingStatus.Cancelled, BookingAction.Cancel)]
    [InlineData(BookingStatus.Completed, BookingAction.Reschedule)]
    [InlineData(BookingStatus.NoShow, BookingAction.Complete)]
    public void Illegal_transitions(BookingStatus from, BookingAction action) =>
        Assert.Null(BookingTransitions.Next(from, action));

    [Fact]
    public void Cancelling_is_late_inside_the_free_window()
    {
        var start = Msk(2026, 12, 10, 12);
        Assert.False(CancellationPolicy.IsLate(start, start.AddHours(-25), 24));
        Assert.False(CancellationPolicy.IsLate(start, start.AddHours(-24), 24));
        Assert.True(CancellationPolicy.IsLate(start, start.AddHours(-23), 24));
    }
}
