namespace Salon.Domain;

/// <summary>A refund goes back by the method it was paid with, unless an admin records a reason for another.</summary>
public static class RefundMethodRule
{
    public static Refusal? Check<TMethod>(TMethod paidBy, TMethod refundBy, bool byAdmin, string? reason) where TMethod : struct, Enum
    {
        if (EqualityComparer<TMethod>.Default.Equals(paidBy, refundBy)) return null;
        if (byAdmin && !string.IsNullOrWhiteSpace(reason)) return null;
        return new Refusal(RefusalKind.BusinessRule, "refund-method", "A refund goes back by the method it was paid with",
            "Another method needs an admin and a recorded reason.");
    }
}

/// <summary>A visit is marked as missed only after a grace period past its start: clients run late.</summary>
public static class NoShowRule
{
    public static Refusal? Check(DateTimeOffset startsAt, DateTimeOffset now, int graceMinutes) =>
        now < startsAt.AddMinutes(graceMinutes)
            ? new Refusal(RefusalKind.BusinessRule, "too-early", "A visit is missed only after the grace period past its start",
                $"The grace period is {graceMinutes} minutes.")
            : null;
}
