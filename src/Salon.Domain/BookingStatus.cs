namespace Salon.Domain;

public enum BookingStatus
{
    Booked,
    CheckedIn,
    Completed,
    Cancelled,
    NoShow,
}

public enum BookingAction
{
    CheckIn,
    Complete,
    MarkNoShow,
    Cancel,
    Reschedule,
}

/// <summary>The legal moves of a booking: booked → checked in → completed, or cancelled / no-show from
/// booked.</summary>
public static class BookingTransitions
{
    public static BookingStatus? Next(BookingStatus from, BookingAction action) => (from, action) switch
    {
        (BookingStatus.Booked, BookingAction.CheckIn) => BookingStatus.CheckedIn,
        (BookingStatus.Booked, BookingAction.Cancel) => BookingStatus.Cancelled,
        (BookingStatus.Booked, BookingAction.MarkNoShow) => BookingStatus.NoShow,
        (BookingStatus.Booked, BookingAction.Reschedule) => BookingStatus.Booked,
        (BookingStatus.CheckedIn, BookingAction.Complete) => BookingStatus.Completed,
        // A checked-in visit can still be called off by the salon (the day-of health check, a device failure).
        (BookingStatus.CheckedIn, BookingAction.Cancel) => BookingStatus.Cancelled,
        _ => null,
    };

    /// <summary>
    /// Whether a booking in this status still holds its therapist and device (an "active" booking): the one
    /// definition; the SQL spelling of it (Features/Shared/BookingSql) is built from it.
    /// </summary>
    public static bool HoldsResources(BookingStatus status) =>
        status is BookingStatus.Booked or BookingStatus.CheckedIn or BookingStatus.Completed;
}

/// <summary>Why a visit was called off, as stored on the booking.</summary>
public enum Cancellation
{
    ClientInTime,
    ClientLate,
    Salon,
    HealthCheck,
}

/// <summary>Free cancellation until a number of hours before the start, as snapshotted on the booking.</summary>
public static class CancellationPolicy
{
    /// <summary>The log's mark on a move made inside the late window: a later cancellation is late whatever the new
    /// start.</summary>
    public const string LateMove = "late_window_move";

    public static bool IsLate(DateTimeOffset startsAt, DateTimeOffset cancelledAt, int freeUntilHoursBefore) =>
        cancelledAt > startsAt - TimeSpan.FromHours(freeUntilHoursBefore);

    /// <summary>
    /// The late-cancel window: a cancellation by the salon is the salon's; one by the client is late inside the window
    /// or after a move made inside it (<paramref name="movedLate"/>), else in time.
    /// </summary>
    public static Cancellation Classify(bool byClient, bool movedLate, DateTimeOffset startsAt, DateTimeOffset now,
        int freeUntilHoursBefore) =>
        !byClient ? Cancellation.Salon
        : movedLate || IsLate(startsAt, now, freeUntilHoursBefore) ? Cancellation.ClientLate
        : Cancellation.ClientInTime;
}
