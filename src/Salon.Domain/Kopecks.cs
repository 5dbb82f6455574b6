using System.Globalization;

namespace Salon.Domain;

/// <summary>Money in RUB as a whole number of kopecks. Rubles with two decimals exist only at the API edge.</summary>
public readonly record struct Kopecks(long Value) : IComparable<Kopecks>
{
    public const long PerRuble = 100;

    /// <summary>Upper bound for any single amount the salon handles (10 million rubles); anything above is a
    /// typo.</summary>
    public static readonly Kopecks Max = new(10_000_000 * PerRuble);

    public static Kopecks Zero => new(0);

    /// <summary>Rubles with exactly two decimals (scale 2), so JSON shows 1800.00 rather than 1800.</summary>
    public decimal ToRubles() => Value * 0.01m;

    /// <summary>Converts a ruble amount from the API; refuses fractions of a kopeck instead of rounding money
    /// silently.</summary>
    public static bool TryFromRubles(decimal rubles, out Kopecks kopecks)
    {
        kopecks = Zero;
        // Checked before scaling: rubles * 100 itself overflows decimal near decimal.MaxValue.
        if (rubles > long.MaxValue / PerRuble || rubles < long.MinValue / PerRuble)
            return false;
        var scaled = rubles * PerRuble;
        if (scaled != decimal.Truncate(scaled))
            return false;
        kopecks = new Kopecks((long)scaled);
        return true;
    }

    public static Kopecks operator +(Kopecks a, Kopecks b) => new(checked(a.Value + b.Value));
    public static Kopecks operator -(Kopecks a, Kopecks b) => new(checked(a.Value - b.Value));
    public static bool operator <(Kopecks a, Kopecks b) => a.Value < b.Value;
    public static bool operator >(Kopecks a, Kopecks b) => a.Value > b.Value;
    public static bool operator <=(Kopecks a, Kopecks b) => a.Value <= b.Value;
    public static bool operator >=(Kopecks a, Kopecks b) => a.Value >= b.Value;

    public int CompareTo(Kopecks other) => Value.CompareTo(other.Value);

    public override string ToString() => ToRubles().ToString("0.00", CultureInfo.InvariantCulture) + " RUB";
}
