using Mediator;
using Salon.Api.Features.Availability;
using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Behaviors;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Events;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Bookings;

/// <summary>
/// Books a client for a service at a start time, with a chosen therapist or any free one; a hardware service also gets
/// a device unit. The price in force now and the cancellation policy are snapshotted on the booking; with
/// <paramref name="AcceptedPolicyVersion"/> the client's acceptance of that policy (a deposit kept on a late
/// cancellation or a no-show) is recorded with the time and the channel.
/// </summary>
public sealed record CreateBooking(Guid ClientId, Guid ServiceId, DateTimeOffset StartsAt, Guid? TherapistId = null,
    string? Notes = null, Guid? PackageId = null,
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

    /// <param name="idempotency">The request's key, whose response goes with the booking's writes; none when another
    /// command books through this handler (it stores its own answer).</param>
    internal sealed class Handler(DbSession db, SalonOptions salon, TimeProvider clock,
        CurrentUser user, IdempotencyContext? idempotency = null)
        : ICommandHandler<CreateBooking, Result<BookingResponse>>
    {
        private const string Insert = """
            INSERT INTO bookings (id, client_id, service_id, therapist_id, device_id, starts_at, ends_at, held_until, status, price_kopecks,
                                  cancel_free_hours, channel, cancellation, notes, version, created_at, created_by, package_id,
                                  policy_accepted_at, policy_channel, policy_version)
            VALUES (@id, @clientId, @serviceId, @therapistId, @deviceId, @startsAt, @endsAt, @heldUntil, 'booked', @price,
                    @cancelFreeHours, @channel, NULL, @notes, 1, @now, @by, @packageId,
                    @policyAcceptedAt, @policyChannel, @policyVersion)
            """;

        // Round trips on PostgreSQL: the Idempotency-Key and the client's lock with every read (1); the claims with
        // every write, the event and the key's response (2); the commit (3).
        public async ValueTask<Result<BookingResponse>> Handle(CreateBooking command, CancellationToken ct)
        {
            var mobile = user.Role == Roles.Client;

            var id = Guid.CreateVersion7();
            var start = command.StartsAt.ToUniversalTime();
            var planner = new BookingPlanner(db, salon, clock);
            var facts = await planner.ReadAsync(command.ClientId, command.ServiceId, start, command.TherapistId, id,
                ct, command.PackageId);
            var service = facts.Service;
            if (service is null) return Refusal.NotFound("Service");
            if (!service.Active) return new Refusal(RefusalKind.BusinessRule, "service-inactive",
                "The service is not offered now");
            if (facts.Gate.Client is not { } client) return Refusal.NotFound("Client");
            if (facts.Price is not { } price) return new Refusal(RefusalKind.BusinessRule, "no-price",
                "The service has no price in force");
            if (planner.CheckTime(start, mobile) is { } timeRule) return timeRule;

            var planned = await planner.PlanAsync(id, service, start, command.TherapistId, command.ClientId, facts, ct,
                command.PackageId);
            if (planned.Refusal is { } refusal) return refusal;
            // Stored times keep microseconds (PostgreSQL): the answer built here says what a read would say.
            var now = clock.GetUtcNow();
            now = now.AddTicks(-(now.Ticks % 10));
            var channel = mobile ? "mobile" : "desk";
            var storeKey = idempotency is { IsActive: true };
            BookingResponse? answer = null;
            var placed = await planner.ClaimAsync(planned.Value!, id, Writes, ct);
            if (placed.Refusal is { } taken) return taken;
            return answer!;

            // Everything that follows from a placement, sent with its claims: built again for another candidate when
            // the first was taken meanwhile (the savepoint dropped what was sent for it).
            (string Sql, object Args) Writes(Placement p)
            {
                answer = Answer(p);
                var args = Arguments(p);
                var sql = new System.Text.StringBuilder(Insert).Append(";\n").Append(BookingLog.InsertSql);
                var (events, eventArgs) = Outbox.Insert(db.Dialect, [BookingEvents.Of("created", now,
                    new BookingEvents.Data(id, command.ClientId, service.Id, p.TherapistId, p.DeviceId,
                        command.PackageId, p.Start, p.End, "booked", channel, null, null))]);
                sql.Append(";\n").Append(events);
                args.AddDynamicParams(eventArgs);
                if (storeKey)
                {
                    var (key, keyArgs) = idempotency!.CompleteNow(answer);
                    sql.Append(";\n").Append(key);
                    args.AddDynamicParams(keyArgs);
                }
                return (sql.ToString(), args);
            }

            BookingResponse Answer(Placement placement)
            {
                var therapist = facts.Therapists.First(t => t.Id == placement.TherapistId);
                var (therapistFirst, therapistLast) = therapist.Name.Split(' ', 2) is [var first, var last]
                    ? (first, last) : (therapist.Name, "");
                var zone = salon.Zone();
                return BookingReader.ToResponse(new BookingReader.Row
                {
                    Id = id, ClientId = command.ClientId, ClientFirstName = client.FirstName,
                    ClientLastName = client.LastName, ServiceId = service.Id, ServiceName = service.Name,
                    TherapistId = therapist.Id, TherapistFirstName = therapistFirst, TherapistLastName = therapistLast,
                    DeviceId = placement.DeviceId, DeviceName = facts.Devices.FirstOrDefault(d
                        => d.Id == placement.DeviceId)?.Name,
                    StartsAt = placement.Start, EndsAt = placement.End, HeldUntil = placement.HeldUntil,
                    Status = "booked", PriceKopecks = price, CancelFreeHours = salon.CancelFreeHours,
                    Channel = channel, Version = 1,
                    ScreeningDue = facts.ScreeningValidUntil > placement.Start ? 0 : 1,
                }, zone, [new BookingEvent("created", TimeZoneInfo.ConvertTime(now, zone), user.Role ?? "system",
                    TimeZoneInfo.ConvertTime(placement.Start, zone), placement.TherapistId, placement.DeviceId,
                    null)]);
            }

            Dapper.DynamicParameters Arguments(Placement p)
            {
                var args = new Dapper.DynamicParameters(new
                {
                    id, clientId = command.ClientId, serviceId = service.Id, therapistId = p.TherapistId, deviceId = p.DeviceId,
                    startsAt = p.Start, endsAt = p.End, heldUntil = p.HeldUntil, price, cancelFreeHours = salon.CancelFreeHours,
                    channel, notes = command.Notes, now, by = user.Id, packageId = command.PackageId,
                    policyAcceptedAt = command.AcceptedPolicyVersion is null ? (DateTimeOffset?)null : now,
                    policyChannel = command.AcceptedPolicyVersion is null ? null : Packages.PolicyChannel.Of(user),
                    policyVersion = command.AcceptedPolicyVersion,
                });
                args.AddDynamicParams(BookingLog.Arguments(id, "created", now, user, p, null));
                return args;
            }
        }
    }
}

/// <summary>Every change of a booking is recorded with who made it and when.</summary>
internal static class BookingLog
{
    /// <summary>Events are numbered per booking, so their order holds even when two happen within the same
    /// instant.</summary>
    public static async Task WriteAsync(DbSession db, Guid bookingId, string kind, DateTimeOffset at, CurrentUser user,
        Placement placement, string? detail, CancellationToken ct)
    {
        await db.ExecuteAsync(InsertSql, Arguments(bookingId, kind, at, user, placement, detail), ct);
        await BookingEvents.RaiseAsync(db, bookingId, kind, at,
            ct); // every logged change is published, in the same transaction
    }

    public const string InsertSql = """
        INSERT INTO booking_events (id, booking_id, seq, kind, at, actor_id, actor_role, starts_at, therapist_id, device_id, detail)
        SELECT @logId, @logBooking, COALESCE(MAX(seq), 0) + 1, @logKind, @logAt, @logActorId, @logActorRole, @logStartsAt, @logTherapist,
               @logDevice, @logDetail
        FROM booking_events WHERE booking_id = @logBooking
        """;

    public static object Arguments(Guid bookingId, string kind, DateTimeOffset at, CurrentUser user,
        Placement placement, string? detail) => new
    {
        logId = Guid.CreateVersion7(), logBooking = bookingId, logKind = kind, logAt = at, logActorId = user.Id,
        logActorRole = user.Role ?? "system", logStartsAt = placement.Start, logTherapist = placement.TherapistId,
        logDevice = placement.DeviceId, logDetail = detail,
    };
}
