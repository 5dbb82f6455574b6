using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Events;
using Salon.Domain;

namespace Salon.Api.Features.Bookings;

/// <summary>
/// The event of a booking change, read from the booking row as this transaction wrote it. It says who, what, where and
/// when, and who called a visit off, never why a health check did: a failed check-in reads as cancelled by the salon.
/// </summary>
internal static class BookingEvents
{
    public sealed record Data(Guid BookingId, Guid ClientId, Guid ServiceId, Guid TherapistId, Guid? DeviceId,
        Guid? PackageId,
        DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Status, string Channel, string? CancelledBy, bool? LateCancellation);

    public static async Task RaiseAsync(DbSession db, Guid bookingId, string kind, DateTimeOffset at,
        CancellationToken ct)
    {
        var b = (await db.QuerySingleOrDefaultAsync<Row>("""
            SELECT id, client_id, service_id, therapist_id, device_id, package_id, starts_at, ends_at, status, channel, cancellation
            FROM bookings WHERE id = @bookingId
            """, new { bookingId }, ct))!;
        var cancelledBy = b.Cancellation switch
        {
            null => null,
            "client_in_time" or "client_late" => "client",
            _ => "salon",
        };
        Raise(db, kind, at, new Data(b.Id, b.ClientId, b.ServiceId, b.TherapistId, b.DeviceId,
            b.PackageId, b.StartsAt, b.EndsAt, b.Status, b.Channel, cancelledBy, b.Cancellation is null ? null : b.Cancellation == "client_late"));
    }

    /// <summary>The event of a change whose row the caller knows already (it has just written it).</summary>
    public static void Raise(DbSession db, string kind, DateTimeOffset at, Data data) => db.Raise(Of(kind, at, data));

    public static OutboxEvent Of(string kind, DateTimeOffset at, Data data) =>
        new(EventTypes.ForBooking(kind), data.BookingId, at, data);

    private sealed record Row
    {
        public Guid Id { get; init; }
        public Guid ClientId { get; init; }
        public Guid ServiceId { get; init; }
        public Guid TherapistId { get; init; }
        public Guid? DeviceId { get; init; }
        public Guid? PackageId { get; init; }
        public DateTimeOffset StartsAt { get; init; }
        public DateTimeOffset EndsAt { get; init; }
        public string Status { get; init; } = "";
        public string Channel { get; init; } = "";
        public string? Cancellation { get; init; }
    }
}
