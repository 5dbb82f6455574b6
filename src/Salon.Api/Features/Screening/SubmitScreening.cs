using Mediator;
using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Behaviors;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Screening;

/// <summary>
/// A full screening: every question answered yes or no, by the client in the app or by the front desk on their behalf.
/// Stored only after the health-data consent (and, under 18, a guardian's); it replaces the previous one.
/// </summary>
public sealed record SubmitScreening(Guid ClientId, IReadOnlyDictionary<string,
    bool> Answers) : ICommand<Result<ScreeningOutcomeResponse>>, IValidate, IClientScoped
{
    Guid? IClientScoped.ScopedClientId => ClientId;
    string IClientScoped.ForeignClientTitle => "A client answers only their own questionnaire";

    public void Validate(ValidationErrors errors)
    {
        if (Answers.Count > 100) errors.Add("answers", "too many answers");
    }

    internal sealed class Handler(DbSession db, SalonOptions salon, TimeProvider clock,
        CurrentUser user) : ICommandHandler<SubmitScreening, Result<ScreeningOutcomeResponse>>
    {
        public async ValueTask<Result<ScreeningOutcomeResponse>> Handle(SubmitScreening command, CancellationToken ct)
        {
            if (!await ClientLock.TakeAsync(db, command.ClientId, ct))
                return Refusal.NotFound("Client");

            var now = clock.GetUtcNow();
            if (await HealthRecords.ConsentRefusalAsync(db, command.ClientId, SlotFinder.LocalDate(now, salon.Zone()),
                ct) is { } consent)
                return consent;

            var codes = await db.QueryAsync<string>("SELECT code FROM screening_questions", null, ct);
            var missing = codes.Where(c => !command.Answers.ContainsKey(c)).Order().ToList();
            var unknown = command.Answers.Keys.Where(k => !codes.Contains(k)).Order().ToList();
            if (missing.Count > 0 || unknown.Count > 0)
            {
                var errors = new Dictionary<string, string[]>();
                if (missing.Count > 0) errors["answers"] = [$"every question needs an answer; missing {string.Join(", ", missing)}"];
                if (unknown.Count > 0) errors["answers." + unknown[0]] = [$"unknown questions {string.Join(", ", unknown)}"];
                return Refusal.Invalid(errors);
            }

            await db.ExecuteAsync("UPDATE screenings SET superseded_at = @now WHERE client_id = @clientId AND superseded_at IS NULL",
                new { now, command.ClientId }, ct);
            var id = Guid.CreateVersion7();
            await db.ExecuteAsync("""
                INSERT INTO screenings (id, client_id, submitted_at, valid_until, channel, submitted_by, superseded_at)
                VALUES (@id, @clientId, @now, @validUntil, @channel, @by, NULL)
                """, new { id, command.ClientId, now, validUntil = now.AddDays(salon.ScreeningValidDays),
                    channel = user.Role == Roles.Client ? "mobile" : "desk", by = user.Id }, ct);
            foreach (var (code, answer) in command.Answers)
                await db.ExecuteAsync("INSERT INTO screening_answers (screening_id, question_code, answer) VALUES (@id, @code, @answer)",
                    new { id, code, answer }, ct);
            return await HealthRecords.OutcomeAsync(db, command.ClientId, salon, now, HealthRecords.SeesCodes(user,
                command.ClientId), ct);
        }
    }
}
