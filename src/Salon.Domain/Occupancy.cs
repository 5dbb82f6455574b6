namespace Salon.Domain;

/// <summary>
/// A booking holds its therapist (and device) in granules of five minutes; one database row per held granule
/// under a unique key is what makes a double booking impossible on every database, whatever the concurrency.
/// </summary>
public static class Occupancy
{
    public const int GranuleMinutes = 5;
    public static readonly TimeSpan Granule = TimeSpan.FromMinutes(GranuleMinutes);

    public static bool IsAligned(DateTimeOffset instant) =>
        instant.UtcTicks % Granule.Ticks == 0;

    /// <summary>The granule starts covering [start, end); the end is rounded up so that a partial granule is held
    /// too.</summary>
    public static IReadOnlyList<DateTimeOffset> Granules(DateTimeOffset start, DateTimeOffset end)
    {
        if (!IsAligned(start)) throw new ArgumentException("A booking starts on a five-minute boundary.",
            nameof(start));
        var list = new List<DateTimeOffset>();
        for (var t = start.ToUniversalTime(); t < end; t += Granule)
            list.Add(t);
        return list;
    }
}
