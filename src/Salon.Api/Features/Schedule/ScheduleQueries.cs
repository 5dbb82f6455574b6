using System.Security.Cryptography;
using Mediator;
using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Behaviors;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Schedule;

/// <summary>A therapist's visits for a salon-local date or a range of up to 31 days; staff read any, a therapist only
/// their own.</summary>
public sealed record GetTherapistSchedule(Guid TherapistId, DateOnly From,
    DateOnly To) : IQuery<Result<ScheduleResponse>>, IValidate
{
    public void Validate(ValidationErrors errors)
    {
        if (errors.Date("date", From).Date("to", To).Any) return;
        if (To < From) errors.Add("to", "must not be before date");
        else if (To.DayNumber - From.DayNumber >= 31) errors.Add("to", "a schedule covers at most 31 days");
    }

    internal sealed class Handler(DbSession db, SalonOptions salon, TimeProvider clock,
        CurrentUser user) : IQueryHandler<GetTherapistSchedule, Result<ScheduleResponse>>
    {
        public async ValueTask<Result<ScheduleResponse>> Handle(GetTherapistSchedule query, CancellationToken ct)
        {
            if (user.Role == Roles.Therapist && user.TherapistId != query.TherapistId)
                return new Refusal(RefusalKind.Forbidden, "forbidden", "A therapist reads only their own schedule");
            if (await db.ScalarAsync<int>("SELECT COUNT(*) FROM therapists WHERE id = @therapistId",
                new { query.TherapistId }, ct) == 0)
                return Refusal.NotFound("Therapist");
            var zone = salon.Zone();
            // The therapist reads their own visits in full; the front desk sees the outcome word only.
            var health = user.Role is Roles.Therapist or Roles.Admin ? ScheduleHealth.Full : ScheduleHealth.Outcome;
            var visits = await ScheduleReader.LoadAsync(db, salon, clock.GetUtcNow(), query.TherapistId,
                SlotFinder.StartOfDay(query.From, zone), SlotFinder.StartOfDay(query.To.AddDays(1), zone), false,
                    health, ct);
            return new ScheduleResponse(salon.TimeZone, query.From, query.To, visits);
        }
    }
}

/// <summary>The whole salon's day, every therapist, for the front desk to print.</summary>
public sealed record GetSalonDay(DateOnly Date) : IQuery<ScheduleResponse>, IValidate
{
    public void Validate(ValidationErrors errors) => errors.Date("date", Date);

    internal sealed class Handler(DbSession db, SalonOptions salon,
        TimeProvider clock) : IQueryHandler<GetSalonDay, ScheduleResponse>
    {
        public async ValueTask<ScheduleResponse> Handle(GetSalonDay query, CancellationToken ct)
        {
            var zone = salon.Zone();
            var visits = await ScheduleReader.LoadAsync(db, salon, clock.GetUtcNow(), null,
                SlotFinder.StartOfDay(query.Date, zone), SlotFinder.StartOfDay(query.Date.AddDays(1), zone), false,
                    ScheduleHealth.Outcome, ct);
            return new ScheduleResponse(salon.TimeZone, query.Date, query.Date, visits);
        }
    }
}

public sealed record FeedResponse(Guid FeedId, Guid TherapistId, string Url, string Token, DateTimeOffset CreatedAt);

/// <summary>
/// Creates (or rotates) a therapist's secret calendar feed: a long random token shown once, stored only as its SHA-256.
/// Creating a new feed revokes the previous one, so a lost phone is handled by rotating.
/// </summary>
public sealed record CreateCalendarFeed(Guid TherapistId) : ICommand<Result<FeedResponse>>
{
    internal sealed class Handler(DbSession db, TimeProvider clock,
        CurrentUser user) : ICommandHandler<CreateCalendarFeed, Result<FeedResponse>>
    {
        public async ValueTask<Result<FeedResponse>> Handle(CreateCalendarFeed command, CancellationToken ct)
        {
            if (CalendarFeeds.MayManage(user, command.TherapistId) is { } denied) return denied;
            if (await db.ScalarAsync<int>("SELECT COUNT(*) FROM therapists WHERE id = @therapistId",
                new { command.TherapistId }, ct) == 0)
                return Refusal.NotFound("Therapist");
            var now = clock.GetUtcNow();
            await db.ExecuteAsync("UPDATE calendar_feeds SET revoked_at = @now WHERE therapist_id = @therapistId AND revoked_at IS NULL",
                new { now, command.TherapistId }, ct);
            var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+',
                '-').Replace('/', '_');
            var id = Guid.CreateVersion7();
            await db.ExecuteAsync("""
                INSERT INTO calendar_feeds (id, therapist_id, token_hash, created_at, created_by, revoked_at) VALUES (@id, @therapistId, @hash, @now, @by, NULL)
                """, new { id, command.TherapistId, hash = CalendarFeeds.Hash(token), now, by = user.Id }, ct);
            return new FeedResponse(id, command.TherapistId, $"/api/v1/calendar-feeds/{token}.ics", token, now);
        }
    }
}

public sealed record RevokeCalendarFeeds(Guid TherapistId) : ICommand<Result<int>>
{
    internal sealed class Handler(DbSession db, TimeProvider clock,
        CurrentUser user) : ICommandHandler<RevokeCalendarFeeds, Result<int>>
    {
        public async ValueTask<Result<int>> Handle(RevokeCalendarFeeds command, CancellationToken ct)
        {
            if (CalendarFeeds.MayManage(user, command.TherapistId) is { } denied) return denied;
            return await db.ExecuteAsync("UPDATE calendar_feeds SET revoked_at = @now WHERE therapist_id = @therapistId AND revoked_at IS NULL",
                new { now = clock.GetUtcNow(), command.TherapistId }, ct);
        }
    }
}

/// <summary>The feed a phone calendar polls: 7 days back to 60 days ahead, clients as first name and initial
/// only.</summary>
public sealed record ReadCalendarFeed(string Token) : IQuery<Result<ScheduleResponse>>
{
    internal sealed class Handler(DbSession db, SalonOptions salon,
        TimeProvider clock) : IQueryHandler<ReadCalendarFeed, Result<ScheduleResponse>>
    {
        public async ValueTask<Result<ScheduleResponse>> Handle(ReadCalendarFeed query, CancellationToken ct)
        {
            var therapistId = query.Token.Length is < 20 or > 100 ? null : await db.ScalarAsync<Guid?>(
                "SELECT therapist_id FROM calendar_feeds WHERE token_hash = @hash AND revoked_at IS NULL", new { hash = CalendarFeeds.Hash(query.Token) }, ct);
            if (therapistId is null) return Refusal.NotFound("Calendar feed");
            var now = clock.GetUtcNow();
            var zone = salon.Zone();
            var today = SlotFinder.LocalDate(now, zone);
            var (from, to) = (today.AddDays(-7), today.AddDays(60));
            var visits = await ScheduleReader.LoadAsync(db, salon, now, therapistId, SlotFinder.StartOfDay(from,
                zone), SlotFinder.StartOfDay(to.AddDays(1), zone), true,
                ScheduleHealth.None, ct);
            return new ScheduleResponse(salon.TimeZone, from, to, visits);
        }
    }
}

internal static class CalendarFeeds
{
    public static string Hash(string token)
        => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));

    public static Refusal? MayManage(CurrentUser user, Guid therapistId) =>
        user.Role == Roles.Admin || (user.Role == Roles.Therapist && user.TherapistId == therapistId)
            ? null
            : new Refusal(RefusalKind.Forbidden, "forbidden", "A feed is managed by its therapist or the admin");
}
