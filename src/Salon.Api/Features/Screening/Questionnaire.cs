using Mediator;
using Salon.Api.Infrastructure.Http;
using Salon.Api.Infrastructure.Data;
using Salon.Domain;

namespace Salon.Api.Features.Screening;

public sealed record QuestionResponse(string Code, string TextRu, string TextEn, bool AskedOnDay,
    IReadOnlyDictionary<string, string> Effects);

/// <summary>The questionnaire with the effect of each yes per service kind, as the rules table holds it now.</summary>
public sealed record GetQuestionnaire : IQuery<IReadOnlyList<QuestionResponse>>
{
    internal sealed class Handler(DbSession db) : IQueryHandler<GetQuestionnaire, IReadOnlyList<QuestionResponse>>
    {
        public async ValueTask<IReadOnlyList<QuestionResponse>> Handle(GetQuestionnaire query, CancellationToken ct)
        {
            var questions = await db.QueryAsync<QuestionRow>("SELECT code, text_ru, text_en, asked_on_day FROM screening_questions ORDER BY sort_order", null, ct);
            var rules = await HealthRecords.RulesAsync(db, ct);
            return questions.Select(q => new QuestionResponse(q.Code, q.TextRu, q.TextEn, q.AskedOnDay,
                Enum.GetValues<ScreeningKindCode>().ToDictionary(k => k.ToString(), k
                    => ScreeningRules.Symbol(rules.GetValueOrDefault((q.Code, k))).ToString()))).ToList();
        }
    }

    internal sealed record QuestionRow
    {
        public string Code { get; init; } = "";
        public string TextRu { get; init; } = "";
        public string TextEn { get; init; } = "";
        public bool AskedOnDay { get; init; }
    }
}

/// <summary>The salon's doctor (admin role) tightens a rule, e.g. W to R; loosening, and above all loosening an A, is
/// refused.</summary>
public sealed record TightenRule(string Code, string Kind,
    string Effect) : ICommand<Result<QuestionResponse>>, IValidate
{
    public void Validate(ValidationErrors errors)
    {
        // Exact spelling: SQL Server's default collation would match "q01" where the other databases do not.
        if (Code.Length != 3 || Code[0] != 'Q' || !char.IsAsciiDigit(Code[1]) || !char.IsAsciiDigit(Code[2]))
            errors.Add("code", "must be a question code such as Q05");
        if (!Enum.GetNames<ScreeningKindCode>().Contains(Kind)) errors.Add("kind",
            "must be one of SURF, DEEP, HONEY, PRESS, MICRO, VAC");
        if (Effect is not ("A" or "R" or "D" or "W" or "-")) errors.Add("effect", "must be one of A, R, D, W, -");
    }

    internal sealed class Handler(DbSession db) : ICommandHandler<TightenRule, Result<QuestionResponse>>
    {
        public async ValueTask<Result<QuestionResponse>> Handle(TightenRule command, CancellationToken ct)
        {
            var current = await db.QuerySingleOrDefaultAsync<string>(
                "SELECT effect FROM screening_rules WHERE question_code = @code AND kind = @kind", new { command.Code,
                    command.Kind }, ct);
            if (current is null) return Refusal.NotFound("Question");
            var from = ScreeningRules.Parse(current);
            var to = ScreeningRules.Parse(command.Effect);
            if (!ScreeningRules.IsTightening(from, to))
                return new Refusal(RefusalKind.BusinessRule,
                    from == Domain.Effect.Absolute ? "absolute-rule" : "rule-loosening",
                    "Rules can only be tightened", $"{command.Code} for {command.Kind} is {current}; it cannot become {command.Effect}.") { Codes = [command.Code] };
            // The compare-and-set keeps two admins from racing a rule below what either saw.
            var updated = await db.ExecuteAsync(
                "UPDATE screening_rules SET effect = @effect WHERE question_code = @code AND kind = @kind AND effect = @current",
                new { command.Effect, command.Code, command.Kind, current }, ct);
            if (updated == 0) return Refusal.StaleVersion();
            return (await new GetQuestionnaire.Handler(db).Handle(new GetQuestionnaire(), ct)).Single(q
                => q.Code == command.Code);
        }
    }
}
