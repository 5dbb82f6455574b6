namespace Salon.Domain;

/// <summary>A refund goes back by the method it was paid with, unless an admin records a reason for another.</summary>
public static class RefundMethodRule
{
    public static Refusal? Check<TMethod>(TMethod paidBy, TMethod refundBy, bool byAdmin, string? reason)
        where TMethod : struct, Enum
    {
        if (EqualityComparer<TMethod>.Default.Equals(paidBy, refundBy)) return null;
        if (byAdmin && !string.IsNullOrWhiteSpace(reason)) return null;
        return new Refusal(RefusalKind.BusinessRule, "refund-method",
            "A refund goes back by the method it was paid with", "Another method needs an admin and a recorded reason.");
    }
}

/// <summary>A visit is marked as missed only after a grace period past its start: clients run late.</summary>
public static class NoShowRule
{
    public static Refusal? Check(DateTimeOffset startsAt, DateTimeOffset now, int graceMinutes) =>
        now < startsAt.AddMinutes(graceMinutes)
            ? new Refusal(RefusalKind.BusinessRule, "too-early",
                "A visit is missed only after the grace period past its start", $"The grace period is {graceMinutes} minutes.")
            : null;
}

/// <summary>
/// Check-in opens two hours before the start and closes at the end; a visit the desk forgot to check in can still be
/// checked in later the same salon day with a reason recorded, so its receipts close and its course session is
/// redeemed.
/// </summary>
public static class CheckInWindow
{
    public static Refusal? Check(DateTimeOffset startsAt, DateTimeOffset endsAt, DateTimeOffset now, bool sameSalonDay,
        string? reason)
    {
        if (now < startsAt.AddHours(-2)) return Closed;
        if (now < endsAt) return null;
        if (!sameSalonDay) return Closed;
        return string.IsNullOrWhiteSpace(reason)
            ? new Refusal(RefusalKind.BusinessRule, "late-check-in-reason",
                "A visit checked in after its end needs a reason", "Give the reason the visit was not checked in on time.")
            : null;
    }

    private static readonly Refusal Closed = new(RefusalKind.BusinessRule, "check-in-window",
        "Check-in opens two hours before the start and closes at the end of the salon day");
}
