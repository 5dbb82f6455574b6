namespace Salon.Domain;

/// <summary>What a "yes" to a question does for a service kind (DESIGN.md, the screening table).</summary>
public enum Effect
{
    None,     // —
    Warning,  // W: allowed, the therapist is warned
    DayOf,    // D: asked again at check-in; blocks that day only
    Relative, // R: blocked unless a valid doctor's clearance covers the kind
    Absolute, // A: blocked, nothing overrides it
}

public enum ScreeningKindCode
{
    SURF,
    DEEP,
    HONEY,
    PRESS,
    MICRO,
    VAC,
}

public enum OutcomeStatus
{
    Allowed,
    AllowedWithWarnings,
    NeedsClearance,
    Blocked,
}

public sealed record KindOutcome(ScreeningKindCode Kind, OutcomeStatus Status, IReadOnlyList<string> BlockingCodes,
    IReadOnlyList<string> ClearedCodes,
    IReadOnlyList<string> WarningCodes, IReadOnlyList<string> DayOfCodes);

/// <summary>
/// A doctor's clearance as the rules read it: the conditions (question codes) it lifts for the kinds it names.
/// Only clearances issued against the current screening and valid on the day are handed to the rules.
/// </summary>
public sealed record ClearanceScope(IReadOnlySet<string> Conditions, IReadOnlySet<ScreeningKindCode> Kinds,
    bool Pregnancy)
{
    /// <summary>An R answer is lifted only when the clearance names both its code and the kind; pregnancy only by a
    /// pregnancy clearance.</summary>
    public bool Lifts(string code, ScreeningKindCode kind) =>
        Conditions.Contains(code) && Kinds.Contains(kind) && (code != ScreeningRules.Pregnancy || Pregnancy);
}

/// <summary>
/// The screening rules engine: the answers, the rules table (data from the database) and the clearances in force
/// give an outcome per service kind. A clearance lifts the R answers it names for the kinds it names, never A.
/// </summary>
public static class ScreeningRules
{
    public const string Pregnancy = "Q17";

    // The refusals name the rule, never the condition: they reach the front desk (DESIGN.md, "Who sees what").
    public static readonly Refusal Blocks = new(RefusalKind.BusinessRule, "screening-blocks",
        "The screening rules out this service");

    public static readonly Refusal ClearanceRequired = new(RefusalKind.BusinessRule, "clearance-required",
        "A doctor's clearance is needed for this service",
            "A clearance naming the conditions and this kind, valid on the day, is needed.");

    public static char Symbol(Effect effect) => effect switch
    {
        Effect.Warning => 'W',
        Effect.DayOf => 'D',
        Effect.Relative => 'R',
        Effect.Absolute => 'A',
        _ => '-',
    };

    public static Effect Parse(string symbol) => symbol switch
    {
        "W" => Effect.Warning,
        "D" => Effect.DayOf,
        "R" => Effect.Relative,
        "A" => Effect.Absolute,
        "-" => Effect.None,
        _ => throw new ArgumentOutOfRangeException(nameof(symbol), symbol, "unknown effect"),
    };

    /// <summary>
    /// A doctor may tighten a rule, never loosen it; an A stays an A. D and R do not compare: D→R would let a cleared
    /// client through on a bad day, R→D would let an uncleared one book, so either may only become an A.
    /// </summary>
    public static bool IsTightening(Effect from, Effect to) =>
        from == to || to == Effect.Absolute || from == Effect.None || (from == Effect.Warning
            && to is Effect.DayOf or Effect.Relative);

    /// <param name="yes">The question codes answered yes.</param>
    /// <param name="rules">Effect per (question code, kind); a missing pair means no effect.</param>
    /// <param name="clearances">Clearances issued against this screening and in force on the day.</param>
    public static KindOutcome Evaluate(ScreeningKindCode kind, IReadOnlySet<string> yes,
        IReadOnlyDictionary<(string Code, ScreeningKindCode Kind), Effect> rules,
            IReadOnlyCollection<ClearanceScope> clearances)
    {
        List<string> blocking = [], cleared = [], warnings = [], dayOf = [];
        var needsClearance = false;
        foreach (var code in yes.Order(StringComparer.Ordinal))
        {
            switch (rules.GetValueOrDefault((code, kind), Effect.None))
            {
                case Effect.Absolute:
                    blocking.Add(code);
                    break;
                case Effect.Relative when clearances.Any(c => c.Lifts(code, kind)):
                    cleared.Add(code);
                    break;
                case Effect.Relative:
                    needsClearance = true;
                    blocking.Add(code);
                    break;
                case Effect.Warning:
                    warnings.Add(code);
                    break;
                case Effect.DayOf:
                    dayOf.Add(code);
                    break;
            }
        }

        var absolute = blocking.Any(c => rules.GetValueOrDefault((c, kind)) == Effect.Absolute);
        var status = absolute ? OutcomeStatus.Blocked
            : needsClearance ? OutcomeStatus.NeedsClearance
            : warnings.Count > 0 || cleared.Count > 0 || dayOf.Count > 0 ? OutcomeStatus.AllowedWithWarnings
            : OutcomeStatus.Allowed;
        return new KindOutcome(kind, status, blocking, cleared, warnings, dayOf);
    }

    /// <summary>
    /// The last day the clearances keep the kind open: for each R answer the latest clearance naming it and the kind,
    /// the
    /// earliest of those; <paramref name="none"/> when an R answer has no clearance, null when no answer needs one.
    /// </summary>
    public static DateOnly? OpenUntil(ScreeningKindCode kind, IReadOnlySet<string> yes,
        IReadOnlyDictionary<(string Code, ScreeningKindCode Kind), Effect> rules,
        IReadOnlyCollection<(ClearanceScope Scope, DateOnly Until)> clearances, DateOnly? none = null)
    {
        DateOnly? open = null;
        foreach (var code in yes.Where(c => rules.GetValueOrDefault((c, kind)) == Effect.Relative))
        {
            var lifting = clearances.Where(c => c.Scope.Lifts(code, kind)).Select(c => c.Until).ToList();
            if (lifting.Count == 0) return none;
            var last = lifting.Max();
            open = open is { } o && o < last ? o : last;
        }
        return open;
    }

    /// <summary>The day-of check: a yes whose effect is D or A for the kind means the session cannot start
    /// today.</summary>
    public static IReadOnlyList<string> DayOfRefusals(ScreeningKindCode kind, IReadOnlySet<string> yes,
        IReadOnlyDictionary<(string Code, ScreeningKindCode Kind), Effect> rules) =>
        yes.Where(code => rules.GetValueOrDefault((code, kind), Effect.None) is Effect.DayOf or Effect.Absolute)
            .Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// A pregnant client (with clearance) has at most <paramref name="cap"/> sessions in any 7 consecutive days:
    /// every 7-day window that holds the new session is checked against the client's other sessions.
    /// </summary>
    public static bool FitsWeeklyCap(DateOnly newSession, IEnumerable<DateOnly> otherSessions, int cap = 2)
    {
        var others = otherSessions.ToList();
        for (var windowStart = newSession.AddDays(-6); windowStart <= newSession; windowStart = windowStart.AddDays(1))
        {
            var windowEnd = windowStart.AddDays(6);
            if (others.Count(d => d >= windowStart && d <= windowEnd) + 1 > cap)
                return false;
        }
        return true;
    }
}
