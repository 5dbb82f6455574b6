namespace Salon.Domain;

/// <param name="StopsToday">Codes whose yes is D or A for the booked kind: no session today.</param>
/// <param name="VoidsScreening">A lasting condition changed from the screening: it no longer describes the
/// client.</param>
public sealed record DayOfVerdict(IReadOnlyList<string> StopsToday, bool VoidsScreening);

/// <summary>
/// The day-of check (DESIGN.md): a D or A answer means no session today; an answer that differs from the screening on a
/// lasting condition (one that is A, R or W for some kind, e.g. pregnancy, anticoagulants, thrombosis) voids the
/// screening at once. A fever or a bad day (D everywhere) stops only that day.
/// </summary>
public static class DayOfCheck
{
    public static DayOfVerdict Judge(ScreeningKindCode kind, IReadOnlyDictionary<string, bool> answers,
        IReadOnlySet<string> screeningYes,
        IReadOnlyDictionary<(string Code, ScreeningKindCode Kind), Effect> rules)
    {
        var stops = answers.Where(a => a.Value && rules.GetValueOrDefault((a.Key,
            kind)) is Effect.DayOf or Effect.Absolute)
            .Select(a => a.Key).Order(StringComparer.Ordinal).ToList();
        var voids = answers.Any(a => a.Value != screeningYes.Contains(a.Key) && IsLasting(a.Key, rules));
        return new DayOfVerdict(stops, voids);
    }

    private static bool IsLasting(string code, IReadOnlyDictionary<(string Code, ScreeningKindCode Kind),
        Effect> rules) =>
        Enum.GetValues<ScreeningKindCode>().Any(k => rules.GetValueOrDefault((code,
            k)) is Effect.Absolute or Effect.Relative or Effect.Warning);
}

/// <summary>The screening as check-in needs it: its yes answers, its last instant, and whether it was voided.</summary>
public sealed record ScreeningOnFile(IReadOnlySet<string> Yes, DateTimeOffset ValidUntil, bool Voided);

public enum CheckInAction
{
    Admit,
    Refuse,
    CancelFree,
}

/// <param name="Refusal">Why not, for Refuse and CancelFree.</param>
/// <param name="VoidScreening">The day-of answers void the screening (only with CancelFree).</param>
public sealed record CheckInVerdict(CheckInAction Action, Refusal? Refusal, bool VoidScreening = false);

/// <summary>
/// May this visit start now, as far as health goes: a valid, unvoided screening; day-of answers that neither stop today
/// nor void it; and an outcome for the kind with no A and every R lifted by a clearance naming that code and kind.
/// </summary>
public static class CheckInHealthRule
{
    public static readonly Refusal ScreeningDue = new(RefusalKind.BusinessRule, "screening-due",
        "A new screening is needed",
        "The screening is void or expired; the visit stays booked until a new one (and a clearance where needed) is given.");

    public static readonly Refusal DayOfFailed = new(RefusalKind.BusinessRule, "day-of-check-failed",
        "No session today: the day-of health check rules it out",
            "The visit is cancelled free of charge and no package session is used.");

    public static CheckInVerdict Decide(ScreeningKindCode kind, ScreeningOnFile? screening,
        IReadOnlyDictionary<string, bool> dayOf,
        IReadOnlyDictionary<(string Code, ScreeningKindCode Kind), Effect> rules,
            IReadOnlyCollection<ClearanceScope> clearances, DateTimeOffset now)
    {
        if (screening is null || screening.Voided || screening.ValidUntil <= now)
            return new CheckInVerdict(CheckInAction.Refuse, ScreeningDue);
        var day = DayOfCheck.Judge(kind, dayOf, screening.Yes, rules);
        if (day.VoidsScreening || day.StopsToday.Count > 0)
            return new CheckInVerdict(CheckInAction.CancelFree, DayOfFailed, day.VoidsScreening);
        return ScreeningRules.Evaluate(kind, screening.Yes, rules, clearances).Status switch
        {
            OutcomeStatus.Blocked => new CheckInVerdict(CheckInAction.Refuse, ScreeningRules.Blocks),
            OutcomeStatus.NeedsClearance => new CheckInVerdict(CheckInAction.Refuse, ScreeningRules.ClearanceRequired),
            _ => new CheckInVerdict(CheckInAction.Admit, null),
        };
    }
}
