namespace Salon.Domain;

public enum RefundMethod
{
    ProRata,      // price less the value of the sessions used (the default, as consumer law supports)
    SinglePrice,  // price less the used sessions at the single-session price
}

/// <summary>Money of a course package: per-session values that add up to the price exactly, and the refund of the
/// unused part.</summary>
public static class PackageValuation
{
    /// <summary>Sessions 1 to N-1 are worth floor(P/N) kopecks; the last one takes the rest, so the values sum to
    /// P.</summary>
    public static Kopecks SessionValue(Kopecks price, int sessions, int sessionNumber)
    {
        if (sessions < 1) throw new ArgumentOutOfRangeException(nameof(sessions));
        if (sessionNumber < 1 || sessionNumber > sessions) throw new ArgumentOutOfRangeException(nameof(sessionNumber));
        var each = price.Value / sessions;
        return sessionNumber < sessions ? new Kopecks(each) : new Kopecks(price.Value - each * (sessions - 1));
    }

    public static Kopecks ValueOfFirst(Kopecks price, int sessions, int used)
    {
        var total = 0L;
        for (var n = 1; n <= used; n++) total += SessionValue(price, sessions, n).Value;
        return new Kopecks(total);
    }

    /// <summary>
    /// The refund of the unused part: pro rata, or with used sessions at the single price where the template says so;
    /// never more than the pro-rata refund (a session is never worth more than its share of the price) and never below
    /// zero.
    /// </summary>
    public static Kopecks Refund(Kopecks price, int sessions, int used, RefundMethod method, Kopecks singlePrice)
    {
        var proRata = price.Value - ValueOfFirst(price, sessions, used).Value;
        var refund = method == RefundMethod.ProRata
            ? proRata
            : Math.Min(proRata, price.Value - singlePrice.Value * used);
        return new Kopecks(Math.Max(0, refund));
    }

    /// <summary>
    /// What the salon keeps of the unused part beyond the refund: income with its own receipt, so the advance closes.
    /// </summary>
    public static Kopecks Retained(Kopecks price, int sessions, int used, RefundMethod method, Kopecks singlePrice) =>
        new(price.Value - ValueOfFirst(price, sessions, used).Value
            - Refund(price, sessions, used, method, singlePrice).Value);
}

/// <summary>The cadence of a course: "every other day" means at least one free day between two sessions.</summary>
public static class CourseCadence
{
    /// <summary>Whether a session on <paramref name="date"/> keeps at least <paramref name="minDaysBetween"/> days from
    /// every other session of the course.</summary>
    public static bool Fits(DateOnly date, IEnumerable<DateOnly> otherSessions, int minDaysBetween) =>
        otherSessions.All(other => Math.Abs(other.DayNumber - date.DayNumber) >= minDaysBetween);
}
