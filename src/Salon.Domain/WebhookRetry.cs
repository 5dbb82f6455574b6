namespace Salon.Domain;

/// <summary>
/// When a failed webhook delivery is tried again: exponential backoff from 5 seconds, doubling, capped at an hour, with
/// ±20 % jitter so that receivers coming back up are not hit by every salon at once; the last attempt falls at the
/// deadline (24 hours after the event), after which the delivery has failed.
/// </summary>
public static class WebhookRetry
{
    public static readonly TimeSpan First = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan Cap = TimeSpan.FromHours(1);
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    /// <param name="attempts">attempts made so far, the failed one included (1 after the first failure)</param>
    /// <param name="jitter">a number in [0, 1), e.g. Random.Shared.NextDouble()</param>
    /// <returns>the next attempt's instant, or null when the deadline has passed: the delivery has failed</returns>
    public static DateTimeOffset? Next(int attempts, DateTimeOffset now, DateTimeOffset giveUpAt, double jitter)
    {
        if (attempts < 1) throw new ArgumentOutOfRangeException(nameof(attempts));
        if (now >= giveUpAt) return null;
        var exponent = Math.Min(attempts - 1, 20);
        var delay = Math.Min(First.TotalSeconds * Math.Pow(2, exponent), Cap.TotalSeconds) * (0.8 + 0.4 * jitter);
        var next = now.AddSeconds(delay);
        return next < giveUpAt ? next : giveUpAt;
    }
}
