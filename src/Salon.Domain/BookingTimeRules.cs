namespace Salon.Domain;

/// <summary>
/// When a booking may start: on the salon's local grid, not in the past, not beyond the horizon, and from the app not
/// before the lead time. Asked by the booking and the move of a visit; the window also bounds the free-slot search.
/// </summary>
public sealed record BookingTimeRules(TimeZoneInfo Zone, int SlotMinutes, int MobileMinLeadMinutes,
    int BookingHorizonDays)
{
    public (DateTimeOffset Earliest, DateTimeOffset Latest) Window(DateTimeOffset now, bool mobile) =>
        (mobile ? now.AddMinutes(MobileMinLeadMinutes) : now, now.AddDays(BookingHorizonDays));

    public Refusal? Check(DateTimeOffset start, DateTimeOffset now, bool mobile)
    {
        var local = TimeZoneInfo.ConvertTime(start, Zone);
        if (local.Second != 0 || local.Millisecond != 0 || (local.Hour * 60 + local.Minute) % SlotMinutes != 0)
            return Rule("off-grid", "Not a bookable start time",
                $"Bookings start on the {SlotMinutes}-minute grid of the salon's local time.");
        var (earliest, latest) = Window(now, mobile);
        if (start < now) return Rule("in-the-past", "The time has passed");
        if (start < earliest)
            return Rule("too-soon", "Too close to the start",
                $"Book at least {MobileMinLeadMinutes} minutes ahead in the app.");
        if (start > latest) return Rule("beyond-horizon", "Too far ahead",
            $"Bookings open {BookingHorizonDays} days ahead.");
        return null;
    }

    private static Refusal Rule(string code, string title, string? detail = null) =>
        new(RefusalKind.BusinessRule, code, title, detail);
}
