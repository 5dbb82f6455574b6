using Mediator;
using Salon.Api.Features.Availability;
using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Behaviors;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Bookings;

/// <summary>
/// Books a client for a service at a start time, with a chosen therapist or any free one; a hardware service also gets a
/// device unit. The price in force now and the cancellation policy are snapshotted on the booking; with
/// <paramref name="AcceptedPolicyVersion"/> the client's acceptance of that policy (a deposit kept on a late cancellation or
/// a no-show) is recorded with the time and the channel.
/// </summary>
public sealed record CreateBooking(Guid ClientId, Guid ServiceId, DateTimeOffset StartsAt, Guid? TherapistId = null, string? Notes = null, Guid? PackageId = null,
    string? AcceptedPolicyVersion = null)
    : ICommand<Result<BookingResponse>>, IValidate, IClientScoped
{
    Guid? IClientScoped.ScopedClientId => ClientId;
    string IClientScoped.ForeignClientTitle => "A client books only for themself";

    public void Validate(ValidationErrors errors)
    {
        errors.Optional("notes", Notes, 1000);
        errors.Optional("acceptedPolicyVersion", AcceptedPolicyVersion, 40);
    }

    internal sealed class Handler(DbSession db, SalonOptions salon, TimeProvider clock, CurrentUser user) : ICommandHandler<CreateBooking, Result<BookingResponse>>
    {
        private const string Insert = """
            INSERT INTO bookings (id, client_id, service_id, therapist_id, device_id, starts_at, ends_at, held_until, status, price_kopecks,
                                  cancel_free_hours, channel, cancellation, notes, version, created_at, created_by, package_id)
            VALUES (@id, @clientId, @serviceId, @therapistId, @deviceId, @startsAt, @endsAt, @heldUntil, 'booked', @price,
                    @cancelFreeHours, @channel, NULL, @notes, 1, @now, @by, @packageId)
            """;

        public async ValueTask<Result<BookingResponse>> Handle(CreateBooking command, CancellationToken ct)
        {
            var mobile = user.Role == Roles.Client;

            var service = await Calendars.ServiceAsync(db, command.ServiceId, ct);
            if (service is null) return Refusal.NotFound("Service");
            if (!service.Active) return new Refusal(RefusalKind.BusinessRule, "service-inactive", "The service is not offered now");
            if (await db.ScalarAsync<int>("SELECT COUNT(*) FROM clients WHERE id = @clientId", new { command.ClientId }, ct) == 0)
                return Refusal.NotFound("Client");

            var now = clock.GetUtcNow();
            var price = await db.QuerySingleOrDefaultAsync<long?>(Catalog.ServiceCatalog.PriceInForce, new { command.ServiceId, at = now }, ct);
            if (price is null) return new Refusal(RefusalKind.BusinessRule, "no-price", "The service has no price in force");

            var id = Guid.CreateVersion7();
            var placed = await new BookingPlanner(db, salon, clock).PlaceAsync(id, service, command.StartsAt.ToUniversalTime(), command.TherapistId, command.ClientId, mobile, ct, command.PackageId);
            if (placed.Refusal is { } refusal) return refusal;
            var p = placed.Value!;
            await db.ExecuteAsync(Insert, new
            {
                id, command.ClientId, command.ServiceId, p.TherapistId, p.DeviceId, startsAt = p.Start, endsAt = p.End, p.HeldUntil, price,
                cancelFreeHours = salon.CancelFreeHours, channel = mobile ? "mobile" : "desk", command.Notes, now, by = user.Id, command.PackageId,
            }, ct);
            if (command.AcceptedPolicyVersion is { } policy)
                await db.ExecuteAsync("""
                    UPDATE bookings SET policy_accepted_at = @now, policy_channel = @channel, policy_version = @policy WHERE id = @id
                    """, new { now, channel = Packages.PolicyChannel.Of(user), policy, id }, ct);
            await BookingLog.WriteAsync(db, id, "created", now, user, p, null, ct);
            return (await BookingReader.ReadAsync(db, id, salon, ct))!;
        }
    }
}

/// <summary>Every change of a booking is recorded with who made it and when.</summary>
internal static class BookingLog
{
    /// <summary>Events are numbered per booking, so their order holds even when two happen within the same instant.</summary>
    public static async Task WriteAsync(DbSession db, Guid bookingId, string kind, DateTimeOffset at, CurrentUser user, Placement placement, string? detail, CancellationToken ct)
    {
        await db.ExecuteAsync("""
            INSERT INTO booking_events (id, booking_id, seq, kind, at, actor_id, actor_role, starts_at, therapist_id, device_id, detail)
            SELECT @id, @bookingId, COALESCE(MAX(seq), 0) + 1, @kind, @at, @actorId, @actorRole, @startsAt, @therapistId, @deviceId, @detail
            FROM booking_events WHERE booking_id = @bookingId
            """, new
        {
            id = Guid.CreateVersion7(), bookingId, kind, at, actorId = user.Id, actorRole = user.Role ?? "system",
            startsAt = placement.Start, placement.TherapistId, placement.DeviceId, detail,
        }, ct);
        await BookingEvents.RaiseAsync(db, bookingId, kind, at, ct); // every logged change is published, in the same transaction
    }
}
