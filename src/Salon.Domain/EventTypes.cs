namespace Salon.Domain;

/// <summary>The events the salon publishes (outbox, webhooks, the desk's live stream), by their stable names.</summary>
public static class EventTypes
{
    public const string BookingCreated = "booking.created";
    public const string BookingRescheduled = "booking.rescheduled";
    public const string BookingCancelled = "booking.cancelled";
    public const string BookingCheckedIn = "booking.checked_in";
    public const string BookingCompleted = "booking.completed";
    public const string BookingNoShow = "booking.no_show";
    public const string PaymentTaken = "payment.taken";
    public const string PaymentRefunded = "payment.refunded";
    public const string PackageSold = "package.sold";
    public const string PackageFrozen = "package.frozen";
    public const string PackageRefunded = "package.refunded";
    public const string PackageExpired = "package.expired";
    public const string ScreeningDue = "screening.due";
    public const string WaitlistOffered = "waitlist.offered";
    public const string WaitlistAccepted = "waitlist.accepted";
    public const string WaitlistDeclined = "waitlist.declined";
    public const string WaitlistExpired = "waitlist.expired";

    public static readonly IReadOnlyList<string> All =
    [
        BookingCreated, BookingRescheduled, BookingCancelled, BookingCheckedIn, BookingCompleted, BookingNoShow,
        PaymentTaken, PaymentRefunded, PackageSold, PackageFrozen, PackageRefunded, PackageExpired, ScreeningDue,
        WaitlistOffered, WaitlistAccepted, WaitlistDeclined, WaitlistExpired,
    ];

    /// <summary>The booking log's kind of change as its event type.</summary>
    public static string ForBooking(string kind) => kind switch
    {
        "created" => BookingCreated,
        "rescheduled" => BookingRescheduled,
        "cancelled" => BookingCancelled,
        "checked_in" => BookingCheckedIn,
        "completed" => BookingCompleted,
        "no_show" => BookingNoShow,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a booking change"),
    };
}
