using Salon.Domain;

namespace Salon.Domain.Tests;

public sealed class KopecksTests
{
    [Theory]
    [InlineData("1850.50", 185_050)]
    [InlineData("1800", 180_000)]
    [InlineData("0.01", 1)]
    [InlineData("1850.500", 185_050)]
    [InlineData("-1", -100)]
    [InlineData("0", 0)]
    public void Whole_kopecks_convert_exactly_from_rubles(string rubles, long expected)
    {
        Assert.True(Kopecks.TryFromRubles(decimal.Parse(rubles, System.Globalization.CultureInfo.InvariantCulture),
            out var kopecks));
        Assert.Equal(expected, kopecks.Value);
    }

    [Theory]
    [InlineData("0.001")]
    [InlineData("1850.505")]
    [InlineData("-0.009")]
    [InlineData("99.999999")]
    public void A_fraction_of_a_kopeck_is_refused_rather_than_rounded(string rubles)
    {
        Assert.False(Kopecks.TryFromRubles(decimal.Parse(rubles, System.Globalization.CultureInfo.InvariantCulture),
            out var kopecks));
        Assert.Equal(Kopecks.Zero, kopecks);
    }

    [Fact]
    public void An_amount_beyond_a_long_is_refused_instead_of_overflowing()
    {
        Assert.False(Kopecks.TryFromRubles(decimal.MaxValue, out _));
        Assert.False(Kopecks.TryFromRubles(decimal.MinValue, out _));
    }

    [Theory]
    [InlineData(180_000, "1800.00")]
    [InlineData(185_050, "1850.50")]
    [InlineData(1, "0.01")]
    [InlineData(0, "0.00")]
    [InlineData(-250, "-2.50")]
    public void Rubles_always_carry_two_decimals(long value, string expected)
    {
        var rubles = new Kopecks(value).ToRubles();
        Assert.Equal(2, rubles.Scale);
        Assert.Equal(expected, rubles.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_round_trip_through_rubles_keeps_every_kopeck()
    {
        foreach (var value in new long[] { 1, 99, 100, 101, 185_050, 999_999_999, Kopecks.Max.Value })
        {
            Assert.True(Kopecks.TryFromRubles(new Kopecks(value).ToRubles(), out var back));
            Assert.Equal(value, back.Value);
        }
    }

    [Fact]
    public void Arithmetic_and_comparison_work_on_kopecks()
    {
        var a = new Kopecks(150_000);
        var b = new Kopecks(35_050);
        Assert.Equal(new Kopecks(185_050), a + b);
        Assert.Equal(new Kopecks(114_950), a - b);
        Assert.True(b < a);
        Assert.True(a >= new Kopecks(150_000));
        Assert.Equal(1, a.CompareTo(b));
        Assert.Equal("1850.50 RUB", (a + b).ToString());
    }

    [Fact]
    public void Adding_past_the_range_of_a_long_throws_instead_of_wrapping()
    {
        Assert.Throws<OverflowException>(() => new Kopecks(long.MaxValue) + new Kopecks(1));
        Assert.Throws<OverflowException>(() => new Kopecks(long.MinValue) - new Kopecks(1));
    }

    [Fact]
    public void The_largest_single_amount_is_ten_million_rubles()
    {
        Assert.Equal(10_000_000.00m, Kopecks.Max.ToRubles());
    }
}
