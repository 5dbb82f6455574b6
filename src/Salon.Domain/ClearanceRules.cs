namespace Salon.Domain;

/// <summary>
/// What a doctor's clearance may say (DESIGN.md, "Doctor's clearance"): issued on a past day within a year, valid 90
/// days
/// unless the paper says otherwise and never beyond a year, a pregnancy clearance 30 days at most whatever is written.
/// It names the conditions it lifts, each a "yes" of the screening it is issued against; pregnancy only as a pregnancy
/// clearance.
/// </summary>
public static class ClearanceRules
{
    public const int DefaultDays = 90;
    public const int PregnancyDays = 30;
    public const int MaxDays = 365;
    public const int MaxAgeDays = 365;

    /// <summary>The last day the clearance is in force: the written date or the default, capped.</summary>
    public static DateOnly ValidUntil(DateOnly issuedOn, DateOnly? written, bool pregnancy)
    {
        var cap = issuedOn.AddDays(pregnancy ? PregnancyDays : MaxDays);
        var until = written ?? issuedOn.AddDays(pregnancy ? PregnancyDays : DefaultDays);
        return until > cap ? cap : until;
    }

    public static Refusal? Check(DateOnly issuedOn, DateOnly? written, DateOnly today, bool pregnancy,
        IReadOnlyCollection<string> conditions,
        IReadOnlySet<string> screeningYes)
    {
        if (issuedOn > today)
            return new Refusal(RefusalKind.BusinessRule, "clearance-in-future",
                "A clearance cannot be issued in the future");
        if (issuedOn < today.AddDays(-MaxAgeDays))
            return Refusal.Invalid("issuedOn", $"a clearance issued more than {MaxAgeDays} days ago is not accepted");
        if (written is { } until && until < issuedOn)
            return Refusal.Invalid("validUntil", "must not be before issuedOn");
        if (!pregnancy && written is { } end && end > issuedOn.AddDays(MaxDays))
            return Refusal.Invalid("validUntil", $"a clearance is valid at most {MaxDays} days");
        if (conditions.Count == 0)
            return Refusal.Invalid("conditions", "name at least one condition (question code) the clearance lifts");
        var unreported = conditions.Where(c => !screeningYes.Contains(c)).Order(StringComparer.Ordinal).ToList();
        if (unreported.Count > 0)
            return Refusal.Invalid("conditions", "each condition must be a yes of the current screening");
        if (conditions.Contains(ScreeningRules.Pregnancy) && !pregnancy)
            return Refusal.Invalid("pregnancy",
                "pregnancy is lifted only by a clearance marked as a pregnancy clearance");
        return null;
    }
}
