using Mediator;
using Salon.Api.Infrastructure.Behaviors;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Therapists;

public sealed record CreateTherapist(string FirstName, string LastName, IReadOnlyList<string> Skills,
    IReadOnlyList<WorkingHours> WeeklyHours)
    : ICommand<Result<TherapistResponse>>, IValidate
{
    public void Validate(ValidationErrors errors)
    {
        errors.Required("firstName", FirstName, 100).Required("lastName", LastName, 100);
        TherapistRules.ValidateSkills(Skills, errors);
        TherapistRules.ValidateHours(WeeklyHours, errors);
    }

    internal sealed class Handler(DbSession db,
        TimeProvider clock) : ICommandHandler<CreateTherapist, Result<TherapistResponse>>
    {
        public async ValueTask<Result<TherapistResponse>> Handle(CreateTherapist command, CancellationToken ct)
        {
            var id = Guid.CreateVersion7();
            var now = clock.GetUtcNow();
            await db.ExecuteAsync("""
                INSERT INTO therapists (id, first_name, last_name, active, version, created_at) VALUES (@id, @firstName, @lastName, @active, 1, @now)
                """, new { id, firstName = command.FirstName.Trim(), lastName = command.LastName.Trim(), active = true, now }, ct);
            await TherapistRules.ReplaceSkillsAsync(db, id, command.Skills, ct);
            await TherapistRules.ReplaceHoursAsync(db, id, command.WeeklyHours, ct);
            return (await TherapistReader.ReadAsync(db, id, now, ct))!;
        }
    }
}

/// <summary>A therapist may read only their own record; the admin and the front desk read all.</summary>
public sealed record GetTherapist(Guid Id) : IQuery<Result<TherapistResponse>>
{
    internal sealed class Handler(DbSession db, TimeProvider clock,
        CurrentUser user) : IQueryHandler<GetTherapist, Result<TherapistResponse>>
    {
        public async ValueTask<Result<TherapistResponse>> Handle(GetTherapist query, CancellationToken ct)
        {
            if (user.Role == Roles.Therapist && user.TherapistId != query.Id)
                return new Refusal(RefusalKind.Forbidden, "forbidden", "A therapist reads only their own record");
            return await TherapistReader.ReadAsync(db, query.Id, clock.GetUtcNow(),
                ct) is { } t ? t : Refusal.NotFound("Therapist");
        }
    }
}

/// <summary>Therapists by name, a page at a time, in the same page shape as every other list.</summary>
public sealed record ListTherapists(string? Skill, int Page = 1,
    int PageSize = 20) : IQuery<Page<TherapistResponse>>, IValidate
{
    public void Validate(ValidationErrors errors) => Paging.Validate(errors, Page, PageSize);

    internal sealed class Handler(DbSession db,
        TimeProvider clock) : IQueryHandler<ListTherapists, Page<TherapistResponse>>
    {
        public async ValueTask<Page<TherapistResponse>> Handle(ListTherapists query, CancellationToken ct)
        {
            var where = query.Skill is null ? "" : "WHERE id IN (SELECT therapist_id FROM therapist_skills WHERE skill = @skill)";
            var args = new { query.Skill, skip = Paging.Skip(query.Page, query.PageSize), take = query.PageSize };
            var total = await db.ScalarAsync<long>($"SELECT COUNT(*) FROM therapists {where}", args, ct);
            var ids = await db.QueryAsync<Guid>($"SELECT id FROM therapists {where} ORDER BY last_name, first_name, id {db.Dialect.Page}", args, ct);
            var now = clock.GetUtcNow();
            var list = new List<TherapistResponse>(ids.Count);
            foreach (var id in ids) list.Add((await TherapistReader.ReadAsync(db, id, now, ct))!);
            return new Page<TherapistResponse>(list, query.Page, query.PageSize, total);
        }
    }
}

public sealed record ReplaceSkills(Guid Id,
    IReadOnlyList<string> Skills) : ICommand<Result<TherapistResponse>>, IValidate
{
    public void Validate(ValidationErrors errors) => TherapistRules.ValidateSkills(Skills, errors);

    internal sealed class Handler(DbSession db,
        TimeProvider clock) : ICommandHandler<ReplaceSkills, Result<TherapistResponse>>
    {
        public async ValueTask<Result<TherapistResponse>> Handle(ReplaceSkills command, CancellationToken ct)
        {
            if (!await TherapistRules.ExistsAsync(db, command.Id, ct)) return Refusal.NotFound("Therapist");
            await TherapistRules.ReplaceSkillsAsync(db, command.Id, command.Skills, ct);
            return (await TherapistReader.ReadAsync(db, command.Id, clock.GetUtcNow(), ct))!;
        }
    }
}

/// <summary>Replaces the weekly pattern as a whole; a partial edit of a week invites overlaps.</summary>
public sealed record ReplaceWeeklyHours(Guid Id,
    IReadOnlyList<WorkingHours> WeeklyHours) : ICommand<Result<TherapistResponse>>, IValidate
{
    public void Validate(ValidationErrors errors) => TherapistRules.ValidateHours(WeeklyHours, errors);

    internal sealed class Handler(DbSession db,
        TimeProvider clock) : ICommandHandler<ReplaceWeeklyHours, Result<TherapistResponse>>
    {
        public async ValueTask<Result<TherapistResponse>> Handle(ReplaceWeeklyHours command, CancellationToken ct)
        {
            if (!await TherapistRules.ExistsAsync(db, command.Id, ct)) return Refusal.NotFound("Therapist");
            await TherapistRules.ReplaceHoursAsync(db, command.Id, command.WeeklyHours, ct);
            return (await TherapistReader.ReadAsync(db, command.Id, clock.GetUtcNow(), ct))!;
        }
    }
}

/// <summary>Time off or an extra shift, as instants; the API takes them with an offset, so local dates are
/// unambiguous.</summary>
public sealed record AddScheduleException(Guid TherapistId, ExceptionKind Kind, DateTimeOffset StartsAt,
    DateTimeOffset EndsAt, string? Note)
    : ICommand<Result<TherapistResponse>>, IValidate
{
    public void Validate(ValidationErrors errors)
    {
        errors.Optional("note", Note, 500);
        if (EndsAt <= StartsAt) errors.Add("endsAt", "must be after startsAt");
        else if (EndsAt - StartsAt > TimeSpan.FromDays(366)) errors.Add("endsAt", "an exception is at most a year");
    }

    internal sealed class Handler(DbSession db,
        TimeProvider clock) : ICommandHandler<AddScheduleException, Result<TherapistResponse>>
    {
        public async ValueTask<Result<TherapistResponse>> Handle(AddScheduleException command, CancellationToken ct)
        {
            if (!await TherapistRules.ExistsAsync(db, command.TherapistId, ct)) return Refusal.NotFound("Therapist");
            await db.ExecuteAsync("""
                INSERT INTO therapist_exceptions (id, therapist_id, kind, starts_at, ends_at, note)
                VALUES (@id, @therapistId, @kind, @startsAt, @endsAt, @note)
                """, new { id = Guid.CreateVersion7(), command.TherapistId, command.Kind, command.StartsAt, command.EndsAt, command.Note }, ct);
            return (await TherapistReader.ReadAsync(db, command.TherapistId, clock.GetUtcNow(), ct))!;
        }
    }
}

public sealed record RemoveScheduleException(Guid TherapistId, Guid ExceptionId) : ICommand<Result<TherapistResponse>>
{
    internal sealed class Handler(DbSession db,
        TimeProvider clock) : ICommandHandler<RemoveScheduleException, Result<TherapistResponse>>
    {
        public async ValueTask<Result<TherapistResponse>> Handle(RemoveScheduleException command, CancellationToken ct)
        {
            var removed = await db.ExecuteAsync("DELETE FROM therapist_exceptions WHERE id = @exceptionId AND therapist_id = @therapistId",
                new { command.ExceptionId, command.TherapistId }, ct);
            return removed == 0
                ? Refusal.NotFound("Schedule exception")
                : (await TherapistReader.ReadAsync(db, command.TherapistId, clock.GetUtcNow(), ct))!;
        }
    }
}
