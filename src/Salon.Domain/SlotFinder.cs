namespace Salon.Domain;

/// <summary>One therapist's week pattern, exceptions and held time, as loaded for an availability window.</summary>
public sealed record TherapistCalendar(
    Guid TherapistId,
    IReadOnlyList<WorkingInterval> Weekly,
    IReadOnlyList<Interval> ExtraShifts,
    IReadOnlyList<Interval> TimeOff,
    IReadOnlyList<Interval> Busy);

/// <summary>One device unit's held time, maintenance windows included.</summary>
public sealed record DeviceCalendar(Guid DeviceId, IReadOnlyList<Interval> Busy);

public sealed record SlotRequest(
    DateOnly From,
    DateOnly To,
    TimeZoneInfo Zone,
    int GridMinutes,
    TimeSpan Duration,
    TimeSpan Buffer,
    bool NeedsDevice,
    DateTimeOffset Earliest,
    DateTimeOffset Latest);

public sealed record FreeSlot(DateTimeOffset Start, IReadOnlyList<Guid> TherapistIds, IReadOnlyList<Guid> DeviceIds);

/// <summary>
/// Availability arithmetic, free of I/O: start times on the salon's local grid at which a therapist is working for the
/// whole session and free for the session plus its buffer, and, for hardware, a device unit is free as well.
/// </summary>
public static class SlotFinder
{
    public static IReadOnlyList<FreeSlot> Find(SlotRequest request, IReadOnlyList<TherapistCalendar> therapists,
        IReadOnlyList<DeviceCalendar> devices)
    {
        var slots = new List<FreeSlot>();
        var hold = HeldLength(request.Duration, request.Buffer);
        // Each resource's busy time as sorted, disjoint intervals, scanned forward as the start times grow (a merge),
        // instead of testing every interval at every start.
        var therapistBusy = new Scan[therapists.Count];
        for (var i = 0; i < therapists.Count; i++) therapistBusy[i] = new Scan(Disjoint(therapists[i].Busy));
        var deviceBusy = new Scan[devices.Count];
        for (var i = 0; i < devices.Count; i++) deviceBusy[i] = new Scan(Disjoint(devices[i].Busy));
        var working = new Scan[therapists.Count];
        var freeTherapists = new List<Guid>(therapists.Count);
        var freeDevices = new List<Guid>(devices.Count);
        var previous = DateTimeOffset.MinValue;
        for (var date = request.From; date <= request.To; date = date.AddDays(1))
        {
            var day = Day.Of(date, request.Zone);
            for (var i = 0; i < therapists.Count; i++) working[i] = new Scan(WorkingTime(therapists[i], date,
                request.Zone, day));
            foreach (var start in DayStarts(date, request.Zone, request.GridMinutes, day))
            {
                if (start < previous) Rewind(therapistBusy, deviceBusy); // a DST fold: the scan starts over
                previous = start;
                if (start < request.Earliest || start > request.Latest) continue;
                var sessionEnd = start + request.Duration;
                var heldEnd = start + hold;

                freeDevices.Clear();
                if (request.NeedsDevice)
                {
                    for (var i = 0; i < devices.Count; i++)
                        if (deviceBusy[i].IsFree(start, heldEnd)) freeDevices.Add(devices[i].DeviceId);
                    if (freeDevices.Count == 0) continue;
                }

                freeTherapists.Clear();
                for (var i = 0; i < therapists.Count; i++)
                    if (working[i].Covers(start, sessionEnd) && therapistBusy[i].IsFree(start, heldEnd))
                        freeTherapists.Add(therapists[i].TherapistId);
                if (freeTherapists.Count > 0)
                    slots.Add(new FreeSlot(start, freeTherapists.ToArray(),
                        request.NeedsDevice ? freeDevices.ToArray() : []));
            }
        }
        return slots;
    }

    private static void Rewind(Scan[] therapists, Scan[] devices)
    {
        for (var i = 0; i < therapists.Length; i++) therapists[i].Next = 0;
        for (var i = 0; i < devices.Length; i++) devices[i].Next = 0;
    }

    /// <summary>The busy list as sorted, disjoint intervals: as given when it is so already (the usual case), else
    /// merged.</summary>
    private static IReadOnlyList<Interval> Disjoint(IReadOnlyList<Interval> busy)
    {
        for (var i = 1; i < busy.Count; i++)
            if (busy[i].Start < busy[i - 1].End)
            {
                var sorted = new List<Interval>(busy);
                sorted.Sort(ByStart);
                return Merge(sorted);
            }
        return busy;
    }

    private static readonly Comparison<Interval> ByStart = (a, b) => a.Start.CompareTo(b.Start);

    /// <summary>Sorted, disjoint intervals read by start times that only grow: the cursor never moves back.</summary>
    private struct Scan(IReadOnlyList<Interval> intervals)
    {
        public int Next;

        /// <summary>No interval overlaps [start, end).</summary>
        public bool IsFree(DateTimeOffset start, DateTimeOffset end)
        {
            while (Next < intervals.Count && intervals[Next].End <= start) Next++;
            return Next == intervals.Count || intervals[Next].Start >= end;
        }

        /// <summary>One interval holds all of [start, end).</summary>
        public bool Covers(DateTimeOffset start, DateTimeOffset end)
        {
            while (Next < intervals.Count && intervals[Next].End < end) Next++;
            return Next < intervals.Count && intervals[Next].Start <= start;
        }
    }

    /// <summary>
    /// The grid starts of a local date. A day without a UTC offset change (most days) converts its midnight once and
    /// adds minutes; a day with one goes through <see cref="GridStarts"/>, start by start.
    /// </summary>
    private static IEnumerable<DateTimeOffset> DayStarts(DateOnly date, TimeZoneInfo zone, int gridMinutes, Day day)
    {
        if (!day.Regular) return GridStarts(date, zone, gridMinutes);
        var starts = new DateTimeOffset[(WorkingInterval.MinutesPerDay + gridMinutes - 1) / gridMinutes];
        for (var i = 0; i < starts.Length; i++) starts[i] = day.Start.AddMinutes(i * gridMinutes);
        return starts;
    }

    /// <summary>Where a local date begins and ends; on a regular day (24 hours, one UTC offset, beginning at local
    /// midnight) a local time is its start plus minutes, with no conversion through the zone.</summary>
    private readonly record struct Day(DateTimeOffset Start, DateTimeOffset End, bool Regular)
    {
        public static Day Of(DateOnly date, TimeZoneInfo zone)
        {
            var start = StartOfDay(date, zone);
            var end = StartOfDay(date.AddDays(1), zone);
            return new Day(start, end, end - start == TimeSpan.FromDays(1)
                && zone.GetUtcOffset(start) == zone.GetUtcOffset(end.AddTicks(-1))
                && TimeZoneInfo.ConvertTime(start, zone).TimeOfDay == TimeSpan.Zero);
        }

        public DateTimeOffset At(DateOnly date, int minute, TimeZoneInfo zone) => Regular
            ? Start.AddMinutes(minute)
            : ToInstant(date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified).AddMinutes(minute), zone);
    }

    /// <summary>What a booking holds: session plus buffer, rounded up to the occupancy granule.</summary>
    public static TimeSpan HeldLength(TimeSpan duration, TimeSpan buffer)
    {
        var ticks = (duration + buffer).Ticks;
        var granule = Occupancy.Granule.Ticks;
        return TimeSpan.FromTicks((ticks + granule - 1) / granule * granule);
    }

    /// <summary>Whether a therapist works through the whole session: inside one working interval of that local
    /// date.</summary>
    public static bool IsWorking(TherapistCalendar therapist, DateOnly localDate, TimeZoneInfo zone,
        Interval session) =>
        WorkingTime(therapist, localDate, zone).Any(w => w.Contains(session));

    public static bool IsFree(IReadOnlyList<Interval> busy, Interval held)
    {
        foreach (var b in busy)
            if (b.Overlaps(held)) return false;
        return true;
    }

    /// <summary>Grid start times of a local date as instants; local times skipped by a DST jump do not exist and are
    /// left out.</summary>
    public static IEnumerable<DateTimeOffset> GridStarts(DateOnly date, TimeZoneInfo zone, int gridMinutes)
    {
        var midnight = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        for (var minute = 0; minute < WorkingInterval.MinutesPerDay; minute += gridMinutes)
        {
            var local = midnight.AddMinutes(minute);
            if (zone.IsInvalidTime(local)) continue;
            yield return ToInstant(local, zone);
        }
    }

    /// <summary>A local wall-clock time as an instant; a time in a DST gap moves forward past the gap, an ambiguous one
    /// takes standard time.</summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(Occupancy.GranuleMinutes);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified),
            zone), TimeSpan.Zero);
    }

    /// <summary>The instant a local date begins in the zone.</summary>
    public static DateTimeOffset StartOfDay(DateOnly date, TimeZoneInfo zone) =>
        ToInstant(date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), zone);

    public static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>The therapist's working time on a local date: weekly hours and extra shifts, less time off.</summary>
    public static List<Interval> WorkingTime(TherapistCalendar therapist, DateOnly date, TimeZoneInfo zone) =>
        WorkingTime(therapist, date, zone, Day.Of(date, zone));

    // Loops, not LINQ: a search asks this for every therapist on every day of its range.
    private static List<Interval> WorkingTime(TherapistCalendar therapist, DateOnly date, TimeZoneInfo zone, Day day)
    {
        var intervals = new List<Interval>(therapist.Weekly.Count + therapist.ExtraShifts.Count);
        foreach (var w in therapist.Weekly)
        {
            if (w.Day != date.DayOfWeek) continue;
            var hours = new Interval(day.At(date, w.StartMinute, zone), day.At(date, w.EndMinute, zone));
            if (hours.End > hours.Start) intervals.Add(hours);
        }
        var whole = new Interval(day.Start, day.End);
        foreach (var shift in therapist.ExtraShifts)
            if (shift.Overlaps(whole) && shift.End > shift.Start) intervals.Add(shift);
        if (intervals.Count > 1) intervals.Sort(ByStart);
        var merged = Merge(intervals);
        return therapist.TimeOff.Count == 0 ? merged : Subtract(merged, therapist.TimeOff);
    }

    public static List<Interval> Merge(List<Interval> sorted)
    {
        var merged = new List<Interval>();
        foreach (var i in sorted)
        {
            if (merged.Count > 0 && i.Start <= merged[^1].End)
                merged[^1] = merged[^1] with { End = i.End > merged[^1].End ? i.End : merged[^1].End };
            else
                merged.Add(i);
        }
        return merged;
    }

    public static List<Interval> Subtract(List<Interval> from, IReadOnlyList<Interval> remove)
    {
        var result = from;
        foreach (var r in remove)
        {
            var next = new List<Interval>();
            foreach (var i in result)
            {
                if (!i.Overlaps(r)) { next.Add(i); continue; }
                if (i.Start < r.Start) next.Add(new Interval(i.Start, r.Start));
                if (r.End < i.End) next.Add(new Interval(r.End, i.End));
            }
            result = next;
        }
        return result;
    }
}
