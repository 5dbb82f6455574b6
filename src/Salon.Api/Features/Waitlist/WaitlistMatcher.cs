using System.Globalization;
using System.Security.Claims;
using Salon.Api.Features.Availability;
using Salon.Api.Features.Bookings;
using Salon.Api.Features.Reminders;
using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Events;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Waitlist;

/// <summary>
/// Makes and ends offers. Each round: marks lapsed holds expired (their claims dropped), offers one free time to the
/// earliest waiting entry that availability shows one for, and tells clients of new offers through the reminder
/// channel. Offers are made by whichever instance holds the 'waitlist' outbox cursor row (skip-locked), one offer per
/// transaction, so instances never race each other for an entry; a time is held by the booking planner's own claims.
/// </summary>
public sealed class WaitlistMatcher(IServiceScopeFactory scopes, IEnumerable<IReminderChannel> channels,
    TimeProvider clock,
    WaitlistOptions options, ReminderOptions reminders, SalonOptions salon, ILogger<WaitlistMatcher> logger)
{
    public const string Cursor = "waitlist";
    private readonly Dictionary<string, IReminderChannel> _channels = channels.ToDictionary(c => c.Name);

    public async Task<int> RunOnceAsync(CancellationToken ct) =>
        await ExpireAsync(ct) + await OfferAsync(ct) + await NotifyAsync(ct);

    private async Task<int> ExpireAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbSession>();
        var now = clock.GetUtcNow();
        await db.BeginAsync(ct);
        var lapsed = await db.QueryAsync<Guid>($"""
            SELECT id FROM waitlist_offers {db.Dialect.SkipLockedHint} WHERE status = 'offered' AND expires_at <= @now
            ORDER BY expires_at {db.Dialect.Page} {db.Dialect.SkipLockedClause}
            """, new { now, skip = 0, take = 50 }, ct);
        var expired = 0;
        foreach (var id in lapsed)
        {
            var offer = (await db.QuerySingleOrDefaultAsync<Offers.Row>(OfferRow, new { id }, ct))!;
            if (!await Offers.CloseAsync(db, id, "expired", now, ct)) continue;
            Offers.Raise(db, EventTypes.WaitlistExpired, offer, "expired", null, now);
            expired++;
        }
        await db.CommitAsync(ct);
        return expired;
    }

    private const string OfferRow = """
        SELECT o.id, o.entry_id, o.client_id, e.service_id, e.package_id, o.therapist_id, o.device_id, o.starts_at, o.ends_at, o.expires_at
        FROM waitlist_offers o JOIN waitlist_entries e ON e.id = o.entry_id WHERE o.id = @id
        """;

    /// <summary>Waiting entries, oldest first, still in date and without an open offer.</summary>
    private const string Waiting = """
        SELECT e.id, e.client_id, e.service_id, e.therapist_id, e.package_id, e.from_date, e.to_date, e.channel
        FROM waitlist_entries e
        WHERE e.status = 'waiting' AND e.to_date >= @today
          AND NOT EXISTS (SELECT 1 FROM waitlist_offers o WHERE o.entry_id = e.id AND o.status = 'offered')
        ORDER BY e.created_at, e.id
        """;

    private const string Insert = """
        INSERT INTO waitlist_offers (id, entry_id, client_id, therapist_id, device_id, starts_at, ends_at, held_until, expires_at, status,
                                     booking_id, notice, notice_channel, created_at, decided_at)
        VALUES (@id, @entryId, @clientId, @therapistId, @deviceId, @startsAt, @endsAt, @heldUntil, @expiresAt, 'offered',
                NULL, NULL, NULL, @now, NULL)
        """;

    /// <summary>One offer to the earliest entry that can have one; 1 when made, 0 when none is possible now.</summary>
    private async Task<int> OfferAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbSession>();
        var now = clock.GetUtcNow();
        var zone = salon.Zone();
        // No offers in the quiet hours: the client could not be told, and the hold would run out unseen.
        if (reminders.Quiet().NextAllowed(now, zone) > now) return 0;
        await db.BeginAsync(ct);
        if (await OutboxCursor.TryTakeAsync(db, Cursor, ct) is null) return 0; // another instance is making offers
        var today = SlotFinder.LocalDate(now, zone);
        var entries = await db.QueryAsync<EntryRow>(Waiting, new { today }, ct);
        var planner = new BookingPlanner(db, salon, clock);
        foreach (var entry in entries)
        {
            var mobile = entry.Channel == "mobile";
            foreach (var start in await CandidatesAsync(db, entry, today, now, mobile, ct))
            {
                var service = (await Calendars.ServiceAsync(db, entry.ServiceId, ct))!;
                var id = Guid.CreateVersion7();
                await db.SavepointAsync("offer", ct);
                // The booking planner itself: every rule a booking meets, and the hold's claims under the offer's id.
                var placed = await planner.PlaceAsync(id, service, start, entry.TherapistId, entry.ClientId, mobile, ct,
                    entry.PackageId);
                if (placed.Refusal is not null)
                {
                    await db.RollbackToAsync("offer", ct);
                    continue;
                }
                var p = placed.Value!;
                var expiresAt = now.AddMinutes(options.HoldMinutes);
                await db.ExecuteAsync(Insert, new
                {
                    id, entryId = entry.Id, entry.ClientId, p.TherapistId, p.DeviceId, startsAt = p.Start, endsAt = p.End, p.HeldUntil,
                    expiresAt, now,
                }, ct);
                Offers.Raise(db, EventTypes.WaitlistOffered, new Offers.Row
                {
                    Id = id, EntryId = entry.Id, ClientId = entry.ClientId, ServiceId = entry.ServiceId, PackageId = entry.PackageId,
                    TherapistId = p.TherapistId, DeviceId = p.DeviceId, StartsAt = p.Start, EndsAt = p.End, ExpiresAt = expiresAt,
                }, "offered", null, now);
                await db.CommitAsync(ct);
                logger.LogInformation("Waitlist entry {Entry}: offered {Start:o}, held until {Expires:o}", entry.Id,
                    p.Start, expiresAt);
                return 1;
            }
        }
        return 0;
    }

    /// <summary>
    /// The times availability would show this client (screening outcome, clearances, pregnancy cap, course cadence and
    /// validity all applied by the search itself), earliest first, less those the entry was offered before and let go.
    /// </summary>
    private async Task<IReadOnlyList<DateTimeOffset>> CandidatesAsync(DbSession db, EntryRow entry, DateOnly today,
        DateTimeOffset now,
        bool mobile, CancellationToken ct)
    {
        var from = StoredDate.Parse(entry.FromDate) < today ? today : StoredDate.Parse(entry.FromDate);
        var to = StoredDate.Parse(entry.ToDate);
        if (to.DayNumber - from.DayNumber >= FindFreeSlots.MaxDays) to = from.AddDays(FindFreeSlots.MaxDays - 1);
        var search = new FindFreeSlots(entry.ServiceId, from, to, entry.TherapistId, entry.ClientId, entry.PackageId);
        var found = await new FindFreeSlots.Handler(db, salon, clock, Acting(entry.ClientId, mobile)).Handle(search,
            ct);
        if (found.Value is not { Slots.Count: > 0 } availability) return [];
        var passed = await db.QueryAsync<DateTimeOffset>(
            "SELECT starts_at FROM waitlist_offers WHERE entry_id = @id AND status <> 'offered'", new { entry.Id }, ct);
        return availability.Slots.Select(s => s.Start.ToUniversalTime()).Where(s
            => !passed.Contains(s)).Take(3).ToList();
    }

    /// <summary>The search as the client would run it in the app, or as the desk would for an entry made at the
    /// desk.</summary>
    private static CurrentUser Acting(Guid clientId, bool mobile)
    {
        var identity = new ClaimsIdentity([
            new Claim("role", mobile ? Roles.Client : Roles.FrontDesk),
            new Claim(TokenIssuer.ClientIdClaim, clientId.ToString()),
        ], "waitlist");
        return new CurrentUser(new HttpContextAccessor { HttpContext = new DefaultHttpContext { User = new ClaimsPrincipal(identity) } });
    }

    /// <summary>
    /// Tells the client of each new offer once: the row is marked 'sending' before the message goes out, so no two
    /// instances send it and a crash mid-send leaves it unsent rather than sent twice. No health data in the text.
    /// </summary>
    private async Task<int> NotifyAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbSession>();
        var now = clock.GetUtcNow();
        var fresh = await db.QueryAsync<NoticeRow>("""
            SELECT o.id, o.client_id, o.starts_at, o.expires_at, c.phone FROM waitlist_offers o JOIN clients c ON c.id = o.client_id
            WHERE o.status = 'offered' AND o.notice IS NULL AND o.expires_at > @now ORDER BY o.created_at
            """, new { now }, ct);
        foreach (var offer in fresh)
        {
            await db.BeginAsync(ct);
            var mine = await db.ExecuteAsync("UPDATE waitlist_offers SET notice = 'sending' WHERE id = @id AND notice IS NULL",
                new { offer.Id }, ct) == 1;
            var optedOut = await db.QueryAsync<string>("SELECT channel FROM reminder_opt_outs WHERE client_id = @clientId",
                new { offer.ClientId }, ct);
            await db.CommitAsync(ct);
            if (!mine) continue;
            var name = reminders.Channels.FirstOrDefault(c => !optedOut.Contains(c));
            var result = name is null ? null
                : await _channels[name].SendAsync(new ReminderMessage(offer.Id, offer.ClientId, offer.Phone,
                    "waitlist_offer", Text(offer)), ct);
            await db.ExecuteAsync("UPDATE waitlist_offers SET notice = @notice, notice_channel = @name WHERE id = @id",
                new
            {
                offer.Id, name, notice = result is null ? "skipped" : result.Sent ? "sent" : "failed",
            }, ct);
            if (result is { Sent: false })
                logger.LogWarning("Waitlist offer {Offer} through {Channel} failed: {Error}", offer.Id, name,
                    result.Error);
        }
        return fresh.Count;
    }

    private string Text(NoticeRow offer)
    {
        var zone = salon.Zone();
        var start = TimeZoneInfo.ConvertTime(offer.StartsAt, zone);
        var until = TimeZoneInfo.ConvertTime(offer.ExpiresAt, zone);
        return options.Template.Replace("{salon}", reminders.SalonName, StringComparison.Ordinal)
            .Replace("{date}", start.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{time}", start.ToString("HH:mm", CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{until}", until.ToString("HH:mm", CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    private sealed record EntryRow
    {
        public Guid Id { get; init; }
        public Guid ClientId { get; init; }
        public Guid ServiceId { get; init; }
        public Guid? TherapistId { get; init; }
        public Guid? PackageId { get; init; }
        public string FromDate { get; init; } = "";
        public string ToDate { get; init; } = "";
        public string Channel { get; init; } = "";
    }

    private sealed record NoticeRow
    {
        public Guid Id { get; init; }
        public Guid ClientId { get; init; }
        public DateTimeOffset StartsAt { get; init; }
        public DateTimeOffset ExpiresAt { get; init; }
        public string Phone { get; init; } = "";
    }
}

/// <summary>Runs the matcher after each commit with events in this process (a cancellation, a move), otherwise on its
/// poll.</summary>
public sealed class WaitlistWorker(WaitlistMatcher matcher, OutboxSignal signal, WaitlistOptions options,
    ILogger<WaitlistWorker> logger)
    : OutboxWorker(signal, TimeSpan.FromSeconds(options.PollSeconds), logger, "waitlist matcher")
{
    protected override Task<int> RunOnceAsync(CancellationToken ct) => matcher.RunOnceAsync(ct);
}
