using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Data;
using Salon.Domain;

namespace Salon.Api.Features.Screening;

/// <summary>
/// The screening as the therapist reads it for one visit of their own client: the outcome for the booked kind, the
/// warnings as the questions' text, the restrictions of the clearances the visit rests on, the day-of answers given at
/// check-in. Null when health data may not be processed (no consent) or no screening is in force.
/// </summary>
internal static class TherapistView
{
    public static async Task<BookingScreeningResponse?> ForVisitAsync(DbSession db, SalonOptions salon,
        DateTimeOffset now, Guid bookingId, Guid clientId,
        ScreeningKindCode kind, DateTimeOffset startsAt, CancellationToken ct)
    {
        if (!await HealthRecords.HasConsentAsync(db, clientId, "health_data", ct)) return null;
        var current = await HealthRecords.CurrentAsync(db, clientId, now, ct);
        if (current is null) return null;
        var clearances = await HealthRecords.ClearancesAsync(db, current.Id, SlotFinder.LocalDate(startsAt,
            salon.Zone()), ct);
        var outcome = ScreeningRules.Evaluate(kind, current.Yes, await HealthRecords.RulesAsync(db, ct),
            clearances.Select(c => c.Scope).ToList());
        var texts = await QuestionTextsAsync(db, ct);
        var warnings = outcome.WarningCodes.Concat(outcome.ClearedCodes).Concat(outcome.DayOfCodes).Order(StringComparer.Ordinal)
            .Select(code => new ScreeningWarning(code, texts.GetValueOrDefault(code, code))).ToList();
        var restrictions = clearances.Where(c => outcome.ClearedCodes.Any(code => c.Scope.Lifts(code, kind)))
            .Select(c => c.Restrictions).OfType<string>().Distinct().ToList();
        var dayCheck = await db.QuerySingleOrDefaultAsync<Guid?>(
            $"SELECT id FROM day_checks WHERE booking_id = @bookingId ORDER BY answered_at DESC {db.Dialect.Page}",
                new { bookingId, skip = 0, take = 1 }, ct);
        var answers = dayCheck is null ? [] : await db.QueryAsync<AnswerRow>(
            "SELECT question_code, answer FROM day_check_answers WHERE day_check_id = @dayCheck ORDER BY question_code", new { dayCheck }, ct);
        return new BookingScreeningResponse(bookingId, kind.ToString(), outcome.Status, warnings, restrictions,
            answers.Select(a => new DayOfAnswer(a.QuestionCode, texts.GetValueOrDefault(a.QuestionCode,
                a.QuestionCode), a.Answer)).ToList(),
            true, current.ValidUntil <= startsAt);
    }

    private static async Task<Dictionary<string, string>> QuestionTextsAsync(DbSession db, CancellationToken ct) =>
        (await db.QueryAsync<TextRow>("SELECT code, text_ru FROM screening_questions", null,
            ct)).ToDictionary(r => r.Code, r => r.TextRu);

    private sealed record TextRow
    {
        public string Code { get; init; } = "";
        public string TextRu { get; init; } = "";
    }

    private sealed record AnswerRow
    {
        public string QuestionCode { get; init; } = "";
        public bool Answer { get; init; }
    }
}
