namespace Salon.Domain;

/// <summary>Who records a consent: the front desk (from paper) or the client themself in the app.</summary>
public enum ConsentRecorder
{
    Desk,
    Client,
}

/// <summary>
/// Consents to special-category data (152-FZ, DESIGN.md "Consent first" and "Minors"): health consent only signed on
/// paper at the desk or confirmed electronically by the client in the app, and only once the birth date is known; a
/// guardian's consent only at the desk, naming the guardian, the relation and the identity document.
/// </summary>
public static class ConsentRules
{
    /// <summary>The consent text the salon shows; a new text gets a new version, and each record keeps the one it was
    /// given under.</summary>
    public const string HealthTextVersion = "health-2026-12";

    public const string HealthPurpose =
        "Проверка противопоказаний к процедурам лимфодренажа и безопасное проведение сеансов (ст. 10 152-ФЗ, данные о здоровье)";

    public static readonly Refusal BirthDateRequired = new(RefusalKind.BusinessRule, "birth-date-required",
        "The client's birth date is needed first",
            "Health data of a minor needs a guardian's consent, so the age must be known before any health consent.");

    public static Refusal? Check(string kind, string channel, ConsentRecorder recorder, bool birthDateKnown,
        string? guardianName,
        string? guardianRelation, string? guardianDocument)
    {
        switch (kind)
        {
            case "health_data":
                if (!birthDateKnown) return BirthDateRequired;
                var expected = recorder == ConsentRecorder.Desk ? "paper" : "electronic";
                return channel == expected ? null : Refusal.Invalid("channel", recorder == ConsentRecorder.Desk
                    ? "health consent at the desk is signed on paper: channel paper"
                    : "health consent in the app is confirmed electronically: channel electronic");
            case "guardian":
                if (recorder == ConsentRecorder.Client)
                    return new Refusal(RefusalKind.Forbidden, "guardian-consent-at-desk",
                        "A guardian's consent is recorded at the desk only",
                        "The guardian signs at the desk with an identity document; a client cannot record it for themself.");
                if (!birthDateKnown) return BirthDateRequired;
                var errors = new Dictionary<string, string[]>();
                if (string.IsNullOrWhiteSpace(guardianName)) errors["guardianName"] = ["name the guardian"];
                if (string.IsNullOrWhiteSpace(guardianRelation)) errors["guardianRelation"] = ["say how the guardian is related (parent, adoptive parent, trustee)"];
                if (string.IsNullOrWhiteSpace(guardianDocument)) errors["guardianDocument"] = ["name the guardian's identity document"];
                if (channel != "paper") errors["channel"] = ["a guardian signs on paper"];
                return errors.Count > 0 ? Refusal.Invalid(errors) : null;
            default:
                return null;
        }
    }
}
