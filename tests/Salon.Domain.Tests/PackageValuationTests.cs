using Salon.Domain;

namespace Salon.Domain.Tests;

public sealed class PackageValuationTests
{
    private static readonly DateOnly Monday = new(2026, 11, 30);

    private static Kopecks Rubles(long rubles) => new(rubles * Kopecks.PerRuble);

    private static List<long> Values(Kopecks price, int sessions) =>
        Enumerable.Range(1, sessions).Select(n => PackageValuation.SessionValue(price, sessions, n).Value).ToList();

    [Fact]
    public void Fifteen_sessions_for_twenty_thousand_rubles_are_worth_the_floor_each_and_the_last_takes_the_rest()
    {
        var values = Values(Rubles(20_000), 15);

        Assert.Equal(Enumerable.Repeat(133_333L, 14), values.Take(14)); // 2 000 000 / 15 = 133 333.33…
        Assert.Equal(133_338L, values[^1]);                               // 2 000 000 − 14 × 133 333
        Assert.Equal(2_000_000L, values.Sum());
    }

    [Fact]
    public void A_price_that_divides_evenly_gives_equal_sessions()
    {
        Assert.Equal(Enumerable.Repeat(162_000L, 10), Values(Rubles(16_200), 10));
    }

    [Fact]
    public void Small_prices_put_the_rest_of_the_division_on_the_last_session()
    {
        Assert.Equal([0L, 0L, 0L, 0L, 3L], Values(new Kopecks(3), 5));
        Assert.Equal([1L, 1L, 1L, 1L, 3L], Values(new Kopecks(7), 5)); // 7 / 5 = 1.4: four of 1, the rest 3
        Assert.Equal([0L, 0L, 0L], Values(Kopecks.Zero, 3));
        Assert.Equal([185_050L], Values(new Kopecks(185_050), 1));
    }

    [Fact]
    public void Session_values_always_add_up_to_the_price_exactly()
    {
        var random = new Random(20_261_125);
        for (var round = 0; round < 5_000; round++)
        {
            var price = random.Next(4) == 0 ? random.NextInt64(0, 1_000) : random.NextInt64(0, Kopecks.Max.Value + 1);
            var sessions = random.Next(1, 61);
            var values = Values(new Kopecks(price), sessions);

            var floor = (long)Math.Floor((decimal)price / sessions);
            Assert.All(values.Take(sessions - 1), v => Assert.Equal(floor, v));
            Assert.Equal(price, values.Sum());
            Assert.InRange(values[^1] - floor, 0, sessions - 1); // the rest is less than one kopeck per session
            Assert.Equal(price, PackageValuation.ValueOfFirst(new Kopecks(price), sessions, sessions).Value);

            var used = random.Next(0, sessions + 1);
            Assert.Equal(values.Take(used).Sum(), PackageValuation.ValueOfFirst(new Kopecks(price), sessions,
                used).Value);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(-1)]
    public void A_session_outside_the_course_has_no_value(int sessionNumber) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PackageValuation.SessionValue(Rubles(20_000), 15,
            sessionNumber));

    [Fact]
    public void A_course_of_no_sessions_has_no_session_value() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PackageValuation.SessionValue(Rubles(20_000), 0, 1));

    [Theory]
    [InlineData(0, 2_000_000)]
    [InlineData(1, 1_866_667)]   // 2 000 000 − 133 333
    [InlineData(7, 1_066_669)]   // 2 000 000 − 7 × 133 333
    [InlineData(14, 133_338)]    // only the last session is left
    [InlineData(15, 0)]
    public void The_pro_rata_refund_is_the_price_less_the_value_of_the_sessions_used(int used, long refund) =>
        Assert.Equal(new Kopecks(refund), PackageValuation.Refund(Rubles(20_000), 15, used, RefundMethod.ProRata,
            Rubles(1_800)));

    [Theory]
    [InlineData(0, 2_000_000)]
    [InlineData(5, 1_100_000)]   // 2 000 000 − 5 × 180 000
    [InlineData(11, 20_000)]     // 2 000 000 − 1 980 000
    [InlineData(12, 0)]          // 2 160 000 at the single price is more than was paid: never below zero
    [InlineData(15, 0)]
    public void The_single_price_refund_prices_used_sessions_at_the_single_price_and_never_goes_below_zero(int used,
        long refund) =>
        Assert.Equal(new Kopecks(refund), PackageValuation.Refund(Rubles(20_000), 15, used, RefundMethod.SinglePrice,
            Rubles(1_800)));

    [Theory]
    [InlineData(7, 999_999, 123_456, 7, 0, 0)]              // all used: nothing back, although 7 × 1 234.56 < 9 999.99
    [InlineData(7, 999_999, 123_456, 3, 571_428,
        0)]        // pro rata (571 428) is below 999 999 − 3 × 123 456 = 629 631
    [InlineData(10, 1_620_000, 180_000, 3, 1_080_000, 54_000)] // 16 200 − 3 × 1 800 back, 540 kept
    [InlineData(15, 2_000_000, 180_000, 12, 0, 400_004)]    // nothing back, the unused three sessions' value kept
    public void A_single_price_refund_is_never_more_than_pro_rata_and_the_rest_of_the_unused_part_is_kept(
        int sessions, long price, long single, int used, long refund, long kept)
    {
        var (p, s) = (new Kopecks(price), new Kopecks(single));
        Assert.Equal(new Kopecks(refund), PackageValuation.Refund(p, sessions, used, RefundMethod.SinglePrice, s));
        Assert.Equal(new Kopecks(kept), PackageValuation.Retained(p, sessions, used, RefundMethod.SinglePrice, s));
        Assert.Equal(p, PackageValuation.ValueOfFirst(p, sessions, used) + new Kopecks(refund) + new Kopecks(kept));
    }

    [Fact]
    public void Every_other_day_means_at_least_two_calendar_days_apart()
    {
        var wednesday = Monday.AddDays(2);
        Assert.True(CourseCadence.Fits(wednesday, [Monday], 2));
        Assert.False(CourseCadence.Fits(Monday.AddDays(1), [Monday], 2));
        Assert.True(CourseCadence.Fits(Monday.AddDays(5), [Monday], 2));
    }

    [Fact]
    public void The_cadence_holds_towards_later_sessions_as_well_as_earlier_ones()
    {
        var friday = Monday.AddDays(4);
        Assert.True(CourseCadence.Fits(Monday, [Monday.AddDays(2)], 2));
        Assert.False(CourseCadence.Fits(Monday, [Monday.AddDays(1)], 2));
        Assert.True(CourseCadence.Fits(Monday.AddDays(2), [Monday, friday], 2));
        Assert.False(CourseCadence.Fits(Monday.AddDays(3), [Monday, friday],
            2)); // Thursday is fine after Monday, not before Friday
        Assert.False(CourseCadence.Fits(Monday.AddDays(1), [Monday, friday],
            2)); // Tuesday is fine before Friday, not after Monday
    }

    [Fact]
    public void Two_sessions_on_the_same_date_never_keep_a_cadence()
    {
        Assert.False(CourseCadence.Fits(Monday, [Monday], 2));
        Assert.False(CourseCadence.Fits(Monday, [Monday], 1));
        Assert.True(CourseCadence.Fits(Monday.AddDays(1), [Monday], 1)); // a daily course
    }

    [Fact]
    public void The_cadence_counts_calendar_days_across_month_and_year_ends()
    {
        var newYearsEve = new DateOnly(2026, 12, 31);
        Assert.False(CourseCadence.Fits(new DateOnly(2027, 1, 1), [newYearsEve], 2));
        Assert.True(CourseCadence.Fits(new DateOnly(2027, 1, 2), [newYearsEve], 2));
        Assert.True(CourseCadence.Fits(new DateOnly(2027, 3, 1), [new DateOnly(2027, 2, 27)], 2));
        Assert.False(CourseCadence.Fits(new DateOnly(2027, 3, 1), [new DateOnly(2027, 2, 28)], 2));
    }

    [Fact]
    public void The_first_session_of_a_course_always_fits() =>
        Assert.True(CourseCadence.Fits(Monday, [], 2));
}
