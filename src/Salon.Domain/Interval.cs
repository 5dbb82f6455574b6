namespace Salon.Domain;

/// <summary>A half-open span of time [Start, End) in UTC.</summary>
public readonly record struct Interval(DateTimeOffset Start, DateTimeOffset End)
{
    public bool Overlaps(Interval other) => Start < other.End && other.Start < End;
    public bool Contains(Interval inner) => Start <= inner.Start && inner.End <= End;
    public TimeSpan Length => End - Start;
}
