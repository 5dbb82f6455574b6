using Mediator;
using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Waitlist;

public enum WaitlistStatus
{
    Waiting,
    Booked,
    Cancelled,
}

/// <summary>An offer's state; one still `offered` past its expiry reads as `expired` before the worker marks
/// it.</summary>
public enum OfferStatus
{
    Offered,
    Accepted,
    Declined,
    Expired,
    Withdrawn,
}

/// <summary>Whether the client was told of the offer through the reminder channel.</summary>
public enum OfferNotice
{
    Sending,
    Sent,
    Failed,
    Skipped,
}

/// <summary>A time held for a waiting client until <see cref="ExpiresAt"/>; no health data.</summary>
public sealed record OfferResponse(Guid Id, Guid EntryId, Guid ClientId, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    Guid TherapistId,
    Guid? DeviceId, DateTimeOffset ExpiresAt, OfferStatus Status, Guid? BookingId, OfferNotice? Notice, DateTimeOffset CreatedAt,
    DateTimeOffset? DecidedAt);

public sealed record WaitlistEntryResponse(Guid Id, Guid ClientId, string ClientName, Guid ServiceId,
    string ServiceName, Guid? TherapistId,
    Guid? PackageId, DateOnly From, DateOnly To, WaitlistStatus Status, DateTimeOffset CreatedAt, Guid? BookingId,
    IReadOnlyList<OfferResponse> Offers);

/// <summary>The desk's day (entries whose dates cover it, with their offers), or a client's own entries.</summary>
public sealed record WaitlistView(DateOnly? Date, IReadOnlyList<WaitlistEntryResponse> Entries);

/// <summary>
/// The desk's view of one salon day: every entry whose range covers the date, with its offers and their state. A client
/// reads their own entries (all dates, or the one given); a client never sees another client's entries.
/// </summary>
public sealed record ListWaitlist(DateOnly? Date) : IQuery<Result<WaitlistView>>
{
    internal sealed class Handler(DbSession db, SalonOptions salon, TimeProvider clock, CurrentUser user)
        : IQueryHandler<ListWaitlist, Result<WaitlistView>>
    {
        public async ValueTask<Result<WaitlistView>> Handle(ListWaitlist query, CancellationToken ct)
        {
            Guid? client = user.Role == Roles.Client ? user.ClientId ?? Guid.Empty : null;
            if (client is null && query.Date is null)
                return Refusal.Invalid("date", "the desk reads the waitlist per day: date=yyyy-MM-dd");
            var entries = await WaitlistReader.EntriesAsync(db, salon, clock.GetUtcNow(), null, query.Date, client, ct);
            return new WaitlistView(query.Date, entries);
        }
    }
}

/// <summary>One entry with its offers; a client reads only their own.</summary>
public sealed record GetWaitlistEntry(Guid Id) : IQuery<Result<WaitlistEntryResponse>>
{
    internal sealed class Handler(DbSession db, SalonOptions salon, TimeProvider clock, CurrentUser user)
        : IQueryHandler<GetWaitlistEntry, Result<WaitlistEntryResponse>>
    {
        public async ValueTask<Result<WaitlistEntryResponse>> Handle(GetWaitlistEntry query, CancellationToken ct)
        {
            var entry = await WaitlistReader.ReadAsync(db, salon, clock.GetUtcNow(), query.Id, ct);
            return entry is null || (user.Role == Roles.Client
                && entry.ClientId != user.ClientId) ? Refusal.NotFound("Waitlist entry") : entry;
        }
    }
}

internal static class WaitlistReader
{
    public static async Task<WaitlistEntryResponse?> ReadAsync(DbSession db, SalonOptions salon, DateTimeOffset now,
        Guid id,
        CancellationToken ct) =>
        (await EntriesAsync(db, salon, now, id, null, null, ct)).SingleOrDefault();

    private const string Entries = """
        SELECT e.id, e.client_id, c.first_name, c.last_name, e.service_id, s.name AS service_name, e.therapist_id, e.package_id,
               e.from_date, e.to_date, e.status, e.created_at, e.booking_id
        FROM waitlist_entries e JOIN clients c ON c.id = e.client_id JOIN services s ON s.id = e.service_id
        WHERE (@byId = 0 OR e.id = @id) AND (@byDate = 0 OR (e.from_date <= @date AND e.to_date >= @date))
          AND (@byClient = 0 OR e.client_id = @client)
        ORDER BY e.created_at, e.id
        """;

    /// <summary>Entries by id, by a date their range covers, and by client (each if given), oldest first, with their
    /// offers.</summary>
    public static async Task<IReadOnlyList<WaitlistEntryResponse>> EntriesAsync(DbSession db, SalonOptions salon,
        DateTimeOffset now,
        Guid? id, DateOnly? date, Guid? client, CancellationToken ct)
    {
        // Typed values for every parameter, with flags for the absent filters: PostgreSQL cannot type a bare NULL.
        var rows = await db.QueryAsync<EntryRow>(Entries, new
        {
            byId = id is null ? 0 : 1, id = id
                ?? Guid.Empty, byDate = date is null ? 0 : 1, date = date is { } d ? StoredDate.Text(d) : "",
            byClient = client is null ? 0 : 1, client = client ?? Guid.Empty,
        }, ct);
        if (rows.Count == 0) return [];
        var offers = await db.QueryAsync<OfferRow>($"""
            SELECT id, entry_id, client_id, starts_at, ends_at, therapist_id, device_id, expires_at, status, booking_id, notice,
                   created_at, decided_at
            FROM waitlist_offers WHERE {db.Dialect.AnyOf("entry_id", "ids")} ORDER BY created_at, id
            """, new { ids = rows.Select(r => r.Id).ToList() }, ct);
        var zone = salon.Zone();
        DateTimeOffset Local(DateTimeOffset t) => TimeZoneInfo.ConvertTime(t, zone);
        return rows.Select(r => new WaitlistEntryResponse(r.Id, r.ClientId, $"{r.FirstName} {r.LastName}", r.ServiceId,
            r.ServiceName,
            r.TherapistId, r.PackageId, StoredDate.Parse(r.FromDate), StoredDate.Parse(r.ToDate), Enums.Parse<WaitlistStatus>(r.Status), Local(r.CreatedAt), r.BookingId,
            offers.Where(o => o.EntryId == r.Id).Select(o => new OfferResponse(o.Id, o.EntryId, o.ClientId,
                Local(o.StartsAt),
                Local(o.EndsAt), o.TherapistId, o.DeviceId, Local(o.ExpiresAt),
                o.Status == "offered"
                    && o.ExpiresAt <= now ? OfferStatus.Expired : Enums.Parse<OfferStatus>(o.Status), o.BookingId,
                o.Notice is null ? null : Enums.Parse<OfferNotice>(o.Notice), Local(o.CreatedAt),
                o.DecidedAt is { } decided ? Local(decided) : null)).ToList())).ToList();
    }

    private sealed record EntryRow
    {
        public Guid Id { get; init; }
        public Guid ClientId { get; init; }
        public string FirstName { get; init; } = "";
        public string LastName { get; init; } = "";
        public Guid ServiceId { get; init; }
        public string ServiceName { get; init; } = "";
        public Guid? TherapistId { get; init; }
        public Guid? PackageId { get; init; }
        public string FromDate { get; init; } = "";
        public string ToDate { get; init; } = "";
        public string Status { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
        public Guid? BookingId { get; init; }
    }

    private sealed record OfferRow
    {
        public Guid Id { get; init; }
        public Guid EntryId { get; init; }
        public Guid ClientId { get; init; }
        public DateTimeOffset StartsAt { get; init; }
        public DateTimeOffset EndsAt { get; init; }
        public Guid TherapistId { get; init; }
        public Guid? DeviceId { get; init; }
        public DateTimeOffset ExpiresAt { get; init; }
        public string Status { get; init; } = "";
        public Guid? BookingId { get; init; }
        public string? Notice { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset? DecidedAt { get; init; }
    }
}
