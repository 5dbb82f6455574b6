using Mediator;
using Salon.Api.Features.Bookings;
using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Events;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Waitlist;

/// <summary>
/// Takes up an offer: the hold is closed and released and the time booked through the normal booking path, every rule
/// checked again, all in one transaction. The offer row's compare-and-set is the guard: of two accepts at once one
/// books, the other finds the offer closed. A refused booking rolls everything back and the hold stands.
/// </summary>
public sealed record AcceptOffer(Guid OfferId) : ICommand<Result<BookingResponse>>
{
    internal sealed class Handler(DbSession db, SalonOptions salon, TimeProvider clock, CurrentUser user)
        : ICommandHandler<AcceptOffer, Result<BookingResponse>>
    {
        public async ValueTask<Result<BookingResponse>> Handle(AcceptOffer command, CancellationToken ct)
        {
            if (await Offers.ReadAsync(db, user, command.OfferId,
                ct) is not { } offer) return Refusal.NotFound("Offer");
            var now = clock.GetUtcNow();
            if (!await Offers.CloseAsync(db, offer.Id, "accepted", now, ct)) return Offers.Closed;

            var booked = await new CreateBooking.Handler(db, salon, clock, user).Handle(
                new CreateBooking(offer.ClientId, offer.ServiceId, offer.StartsAt, offer.TherapistId, null,
                    offer.PackageId), ct);
            if (booked.Refusal is not null) return booked;
            var bookingId = booked.Value!.Id;
            await db.ExecuteAsync("UPDATE waitlist_offers SET booking_id = @bookingId WHERE id = @id", new { bookingId,
                id = offer.Id }, ct);
            await db.ExecuteAsync("UPDATE waitlist_entries SET status = 'booked', booking_id = @bookingId WHERE id = @entryId",
                new { bookingId, offer.EntryId }, ct);
            Offers.Raise(db, EventTypes.WaitlistAccepted, offer, "accepted", bookingId, now);
            return booked;
        }
    }
}

/// <summary>Says no to an offer: the hold is released at once and the time passes to the next waiting client.</summary>
public sealed record DeclineOffer(Guid OfferId) : ICommand<Result<OfferResponse>>
{
    internal sealed class Handler(DbSession db, SalonOptions salon, TimeProvider clock, CurrentUser user)
        : ICommandHandler<DeclineOffer, Result<OfferResponse>>
    {
        public async ValueTask<Result<OfferResponse>> Handle(DeclineOffer command, CancellationToken ct)
        {
            if (await Offers.ReadAsync(db, user, command.OfferId,
                ct) is not { } offer) return Refusal.NotFound("Offer");
            var now = clock.GetUtcNow();
            if (!await Offers.CloseAsync(db, offer.Id, "declined", now, ct)) return Offers.Closed;
            Offers.Raise(db, EventTypes.WaitlistDeclined, offer, "declined", null, now);
            var entry = await WaitlistReader.ReadAsync(db, salon, now, offer.EntryId, ct);
            return entry!.Offers.Single(o => o.Id == offer.Id);
        }
    }
}

/// <summary>Stops waiting: the entry is cancelled and an open offer on it withdrawn, its hold released.</summary>
public sealed record CancelWaitlistEntry(Guid Id) : ICommand<Result<WaitlistEntryResponse>>
{
    internal sealed class Handler(DbSession db, SalonOptions salon, TimeProvider clock, CurrentUser user)
        : ICommandHandler<CancelWaitlistEntry, Result<WaitlistEntryResponse>>
    {
        public async ValueTask<Result<WaitlistEntryResponse>> Handle(CancelWaitlistEntry command, CancellationToken ct)
        {
            var now = clock.GetUtcNow();
            var entry = await WaitlistReader.ReadAsync(db, salon, now, command.Id, ct);
            if (entry is null || (user.Role == Roles.Client
                && entry.ClientId != user.ClientId)) return Refusal.NotFound("Waitlist entry");
            if (await db.ExecuteAsync("UPDATE waitlist_entries SET status = 'cancelled' WHERE id = @id AND status = 'waiting'",
                    new { command.Id }, ct) == 0)
                return new Refusal(RefusalKind.Conflict, "waitlist-closed", "The entry is no longer waiting",
                    $"It is {Enums.Name(entry.Status)}.");
            foreach (var open in entry.Offers.Where(o => o.Status == OfferStatus.Offered))
                await Offers.CloseAsync(db, open.Id, "withdrawn", now, ct);
            return (await WaitlistReader.ReadAsync(db, salon, now, command.Id, ct))!;
        }
    }
}

/// <summary>What the offer commands share: access, the closing compare-and-set that releases the hold, the
/// events.</summary>
internal static class Offers
{
    public static readonly Refusal Closed = new(RefusalKind.Conflict, "offer-closed", "The offer is no longer open",
        "It was taken up or declined, or its hold ran out; the time may have passed to another client.");

    /// <summary>What events about offers carry: ids and times, never health data.</summary>
    public sealed record EventData(Guid OfferId, Guid EntryId, Guid ClientId, Guid ServiceId, Guid TherapistId,
        Guid? DeviceId,
        DateTimeOffset StartsAt, DateTimeOffset EndsAt, DateTimeOffset ExpiresAt, string Status, Guid? BookingId);

    /// <summary>The offer, if the caller may act on it: the desk on any, a client on their own (others read as not
    /// found).</summary>
    public static async Task<Row?> ReadAsync(DbSession db, CurrentUser user, Guid id, CancellationToken ct)
    {
        var offer = await db.QuerySingleOrDefaultAsync<Row>("""
            SELECT o.id, o.entry_id, o.client_id, e.service_id, e.package_id, o.therapist_id, o.device_id, o.starts_at, o.ends_at,
                   o.expires_at
            FROM waitlist_offers o JOIN waitlist_entries e ON e.id = o.entry_id WHERE o.id = @id
            """, new { id }, ct);
        return offer is null || (user.Role == Roles.Client && offer.ClientId != user.ClientId) ? null : offer;
    }

    /// <summary>
    /// Closes an open, unexpired offer (expired: the worker's, for lapsed ones) and drops its hold's claims; false when
    /// it was no longer open. The conditional update holds the offer's row until commit, so closings of one offer queue
    /// up.
    /// </summary>
    public static async Task<bool> CloseAsync(DbSession db, Guid id, string status, DateTimeOffset now,
        CancellationToken ct)
    {
        var closed = await db.ExecuteAsync(status == "expired" ? CloseLapsed : CloseOpen, new { id, status, now }, ct);
        if (closed == 0) return false;
        await db.ExecuteAsync("DELETE FROM resource_claims WHERE booking_id = @id", new { id }, ct);
        return true;
    }

    private const string CloseOpen = """
        UPDATE waitlist_offers SET status = @status, decided_at = @now WHERE id = @id AND status = 'offered' AND expires_at > @now
        """;

    private const string CloseLapsed = """
        UPDATE waitlist_offers SET status = @status, decided_at = @now WHERE id = @id AND status = 'offered' AND expires_at <= @now
        """;

    public static void Raise(DbSession db, string type, Row offer, string status, Guid? bookingId, DateTimeOffset at) =>
        db.Raise(new OutboxEvent(type, offer.EntryId, at, new EventData(offer.Id, offer.EntryId, offer.ClientId,
            offer.ServiceId,
            offer.TherapistId, offer.DeviceId, offer.StartsAt, offer.EndsAt, offer.ExpiresAt, status, bookingId)));

    internal sealed record Row
    {
        public Guid Id { get; init; }
        public Guid EntryId { get; init; }
        public Guid ClientId { get; init; }
        public Guid ServiceId { get; init; }
        public Guid? PackageId { get; init; }
        public Guid TherapistId { get; init; }
        public Guid? DeviceId { get; init; }
        public DateTimeOffset StartsAt { get; init; }
        public DateTimeOffset EndsAt { get; init; }
        public DateTimeOffset ExpiresAt { get; init; }
    }
}
