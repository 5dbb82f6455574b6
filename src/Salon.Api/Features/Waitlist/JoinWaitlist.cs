using Mediator;
using Salon.Api.Features.Availability;
using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Behaviors;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Waitlist;

/// <summary>
/// A client (for themself) or the desk (for a client) waits for a service on salon-local dates, optionally with one
/// therapist or on a course package. The entry is offered the earliest time that the booking rules would let this
/// client book, as soon as one is free: the waitlist worker checks after every change and on its poll.
/// </summary>
public sealed record JoinWaitlist(Guid ClientId, Guid ServiceId, DateOnly From, DateOnly To, Guid? TherapistId = null,
    Guid? PackageId = null)
    : ICommand<Result<WaitlistEntryResponse>>, IValidate, IClientScoped
{
    Guid? IClientScoped.ScopedClientId => ClientId;
    string IClientScoped.ForeignClientTitle => "A client waits only for themself";

    public void Validate(ValidationErrors errors)
    {
        if (To < From) errors.Add("to", "must not be before from");
        else if (To.DayNumber - From.DayNumber >= FindFreeSlots.MaxDays) errors.Add("to",
            $"a waitlist entry covers at most {FindFreeSlots.MaxDays} days");
    }

    public static readonly Refusal AlreadyWaiting = new(RefusalKind.Conflict, "waitlist-duplicate",
        "The client already waits for this service then",
        "Cancel the other entry first, or wait on it.");

    internal sealed class Handler(DbSession db, SalonOptions salon, TimeProvider clock, CurrentUser user)
        : ICommandHandler<JoinWaitlist, Result<WaitlistEntryResponse>>
    {
        private const string Insert = """
            INSERT INTO waitlist_entries (id, client_id, service_id, therapist_id, package_id, from_date, to_date, status, channel,
                                          booking_id, created_at, created_by)
            VALUES (@id, @clientId, @serviceId, @therapistId, @packageId, @from, @to, 'waiting', @channel, NULL, @now, @by)
            """;

        private const string Overlapping = """
            SELECT COUNT(*) FROM waitlist_entries
            WHERE client_id = @clientId AND service_id = @serviceId AND status = 'waiting' AND from_date <= @to AND to_date >= @from
            """;

        public async ValueTask<Result<WaitlistEntryResponse>> Handle(JoinWaitlist command, CancellationToken ct)
        {
            var mobile = user.Role == Roles.Client;
            if (!await ClientLock.TakeAsync(db, command.ClientId, ct)) return Refusal.NotFound("Client");
            var service = await Calendars.ServiceAsync(db, command.ServiceId, ct);
            if (service is null || !service.Active) return Refusal.NotFound("Service");
            if (command.TherapistId is { } therapist && !await Calendars.GivesAsync(db, therapist,
                service.RequiredSkill, ct))
                return new Refusal(RefusalKind.BusinessRule, "therapist-not-qualified",
                    "The therapist does not give this service");
            if (command.PackageId is { } packageId && (await Packages.PackageBook.RowAsync(db, packageId,
                ct))?.ClientId != command.ClientId)
                return Refusal.NotFound("Package");

            var now = clock.GetUtcNow();
            if (command.To < SlotFinder.LocalDate(now, salon.Zone()))
                return new Refusal(RefusalKind.BusinessRule, "in-the-past", "The dates have passed");
            var dates = new { from = command.From, to = command.To };
            if (await db.ScalarAsync<long>(Overlapping, new { command.ClientId, command.ServiceId, dates.from,
                dates.to }, ct) > 0)
                return AlreadyWaiting;

            var id = Guid.CreateVersion7();
            await db.ExecuteAsync(Insert, new
            {
                id, command.ClientId, command.ServiceId, command.TherapistId, command.PackageId, dates.from, dates.to,
                channel = mobile ? "mobile" : "desk", now, by = user.Id,
            }, ct);
            return (await WaitlistReader.ReadAsync(db, salon, now, id, ct))!;
        }
    }
}
