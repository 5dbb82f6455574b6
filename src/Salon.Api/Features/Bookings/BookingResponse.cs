using Salon.Api.Features.Shared;
using Salon.Api.Features.Availability;
using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Bookings;

public enum BookingChannel
{
    Desk,
    Mobile,
}

public sealed record BookingEvent(string Kind, DateTimeOffset At, string? ActorRole, DateTimeOffset StartsAt,
    Guid TherapistId, Guid? DeviceId, string? Detail);

public sealed record BookingResponse(
    Guid Id,
    Guid ClientId,
    string ClientName,
    NamedRef Service,
    NamedRef Therapist,
    NamedRef? Device,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    DateTimeOffset HeldUntil,
    BookingStatus Status,
    decimal Price,
    string Currency,
    DateTimeOffset FreeCancellationUntil,
    Cancellation? Cancellation,
    BookingChannel Channel,
    long Version,
    IReadOnlyList<BookingEvent>? History,
    bool ScreeningDue = false) : IHasId;

/// <summary>Reads bookings with the names a front desk shows; times come back in the salon's offset.</summary>
internal static class BookingReader
{
    public const string Select = """
        SELECT b.id, b.client_id, c.first_name AS client_first_name, c.last_name AS client_last_name,
               b.service_id, s.name AS service_name, b.therapist_id, t.first_name AS therapist_first_name, t.last_name AS therapist_last_name,
               b.device_id, d.unit_name AS device_name, b.starts_at, b.ends_at, b.held_until, b.status, b.price_kopecks,
               b.cancel_free_hours, b.cancellation, b.channel, b.version,
               CASE WHEN b.status = 'booked'
                   AND NOT EXISTS (SELECT 1 FROM screenings sc WHERE sc.client_id = b.client_id
                   AND sc.superseded_at IS NULL AND sc.voided_at IS NULL
                       AND sc.valid_until > b.starts_at) THEN 1 ELSE 0 END AS screening_due
        FROM bookings b
        JOIN clients c ON c.id = b.client_id
        JOIN services s ON s.id = b.service_id
        JOIN therapists t ON t.id = b.therapist_id
        LEFT JOIN devices d ON d.id = b.device_id
        """;

    public static async Task<BookingResponse?> ReadAsync(DbSession db, Guid id, SalonOptions salon,
        CancellationToken ct)
    {
        var row = await db.QuerySingleOrDefaultAsync<Row>($"{Select} WHERE b.id = @id", new { id }, ct);
        if (row is null) return null;
        var events = await db.QueryAsync<EventRow>(
            "SELECT kind, at, actor_role, starts_at, therapist_id, device_id, detail FROM booking_events WHERE booking_id = @id ORDER BY seq",
            new { id }, ct);
        var zone = salon.Zone();
        return ToResponse(row, zone, events.Select(e => new BookingEvent(e.Kind, TimeZoneInfo.ConvertTime(e.At, zone),
            e.ActorRole,
            TimeZoneInfo.ConvertTime(e.StartsAt, zone), e.TherapistId, e.DeviceId, e.Detail)).ToList());
    }

    public static BookingResponse ToResponse(Row r, TimeZoneInfo zone, IReadOnlyList<BookingEvent>? history) => new(
        r.Id, r.ClientId, $"{r.ClientFirstName} {r.ClientLastName}",
        new NamedRef(r.ServiceId, r.ServiceName),
        new NamedRef(r.TherapistId, $"{r.TherapistFirstName} {r.TherapistLastName}"),
        r.DeviceId is { } deviceId ? new NamedRef(deviceId, r.DeviceName ?? "") : null,
        TimeZoneInfo.ConvertTime(r.StartsAt, zone), TimeZoneInfo.ConvertTime(r.EndsAt,
            zone), TimeZoneInfo.ConvertTime(r.HeldUntil, zone),
        Enums.Parse<BookingStatus>(r.Status), new Kopecks(r.PriceKopecks).ToRubles(), "RUB",
        TimeZoneInfo.ConvertTime(r.StartsAt.AddHours(-r.CancelFreeHours), zone),
        r.Cancellation is null ? null : Enums.Parse<Cancellation>(r.Cancellation),
        Enums.Parse<BookingChannel>(r.Channel), r.Version, history, r.ScreeningDue != 0);

    internal sealed record Row
    {
        public Guid Id { get; init; }
        public Guid ClientId { get; init; }
        public string ClientFirstName { get; init; } = "";
        public string ClientLastName { get; init; } = "";
        public Guid ServiceId { get; init; }
        public string ServiceName { get; init; } = "";
        public Guid TherapistId { get; init; }
        public string TherapistFirstName { get; init; } = "";
        public string TherapistLastName { get; init; } = "";
        public Guid? DeviceId { get; init; }
        public string? DeviceName { get; init; }
        public DateTimeOffset StartsAt { get; init; }
        public DateTimeOffset EndsAt { get; init; }
        public DateTimeOffset HeldUntil { get; init; }
        public string Status { get; init; } = "";
        public long PriceKopecks { get; init; }
        public int CancelFreeHours { get; init; }
        public string? Cancellation { get; init; }
        public string Channel { get; init; } = "";
        public long Version { get; init; }

        /// <summary>The visit starts after the screening expires, or the screening was voided: check-in will need a new
        /// one.</summary>
        public long ScreeningDue { get; init; }
    }

    private sealed record EventRow
    {
        public string Kind { get; init; } = "";
        public DateTimeOffset At { get; init; }
        public string? ActorRole { get; init; }
        public DateTimeOffset StartsAt { get; init; }
        public Guid TherapistId { get; init; }
        public Guid? DeviceId { get; init; }
        public string? Detail { get; init; }
    }
}

/// <summary>Who may see or touch a booking: staff any; a client only their own, and to them another's does not
/// exist.</summary>
internal static class BookingAccess
{
    public static async Task<Refusal?> CheckAsync(DbSession db, CurrentUser user, Guid bookingId, CancellationToken ct)
    {
        var owner = await db.QuerySingleOrDefaultAsync<OwnerRow>("SELECT client_id, therapist_id FROM bookings WHERE id = @bookingId", new { bookingId }, ct);
        if (owner is null) return Refusal.NotFound("Booking");
        return user.Role switch
        {
            Roles.Client when !user.MayActFor(owner.ClientId) => Refusal.NotFound("Booking"),
            Roles.Therapist when owner.TherapistId != user.TherapistId => Refusal.NotFound("Booking"),
            _ => null,
        };
    }

    private sealed record OwnerRow
    {
        public Guid ClientId { get; init; }
        public Guid TherapistId { get; init; }
    }
}
