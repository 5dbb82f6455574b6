using Salon.Domain;

namespace Salon.Domain.Tests;

public sealed class ClearanceRulesTests
{
    private static readonly DateOnly Today = new(2026, 12, 1);
    private static readonly HashSet<string> Yes = ["Q15", "Q17"];

    [Fact]
    public void A_pregnancy_clearance_lasts_30_days_at_most_whatever_is_written_and_others_90_by_default_a_year_at_most()
    {
        Assert.Equal(Today.AddDays(30), ClearanceRules.ValidUntil(Today, Today.AddDays(90), pregnancy: true));
        Assert.Equal(Today.AddDays(30), ClearanceRules.ValidUntil(Today, null, pregnancy: true));
        Assert.Equal(Today.AddDays(14), ClearanceRules.ValidUntil(Today, Today.AddDays(14), pregnancy: true));
        Assert.Equal(Today.AddDays(90), ClearanceRules.ValidUntil(Today, null, pregnancy: false));
        Assert.Equal(Today.AddDays(200), ClearanceRules.ValidUntil(Today, Today.AddDays(200), pregnancy: false));
    }

    [Fact]
    public void Dates_from_the_year_1_to_9999_and_conditions_the_screening_does_not_hold_are_refused()
    {
        Assert.Equal("clearance-in-future", ClearanceRules.Check(Today.AddDays(1), null, Today, false, ["Q15"],
            Yes)!.Code);
        Assert.Equal("validation", ClearanceRules.Check(new DateOnly(1, 1, 1), new DateOnly(9999, 12, 31), Today, false,
            ["Q15"], Yes)!.Code);
        Assert.Equal("validation", ClearanceRules.Check(Today.AddDays(-366), null, Today, false, ["Q15"], Yes)!.Code);
        Assert.Equal("validation", ClearanceRules.Check(Today, new DateOnly(9999, 12, 31), Today, false, ["Q15"],
            Yes)!.Code);
        Assert.Equal("validation", ClearanceRules.Check(Today, null, Today, false, [], Yes)!.Code);
        Assert.Equal("validation", ClearanceRules.Check(Today, null, Today, false, ["Q23"], Yes)!.Code);
        Assert.Equal("validation", ClearanceRules.Check(Today, null, Today, false, ["Q17"],
            Yes)!.Code); // pregnancy needs the box
        Assert.Null(ClearanceRules.Check(Today, null, Today, true, ["Q17"], Yes));
        Assert.Null(ClearanceRules.Check(Today.AddDays(-365), Today.AddDays(-365).AddDays(365), Today, false, ["Q15"],
            Yes));
        Assert.Null(ClearanceRules.Check(Today, new DateOnly(9999, 12, 31), Today, true, ["Q17"],
            Yes)); // capped, not refused
    }

    [Fact]
    public void A_guardian_consent_is_recorded_at_the_desk_only_and_names_the_guardian_and_health_consent_needs_a_birth_date()
    {
        Assert.Equal("guardian-consent-at-desk", ConsentRules.Check("guardian", "paper", ConsentRecorder.Client, true,
            "Анна", "мать", "паспорт")!.Code);
        Assert.Equal("validation", ConsentRules.Check("guardian", "paper", ConsentRecorder.Desk, true, null, null,
            null)!.Code);
        Assert.Null(ConsentRules.Check("guardian", "paper", ConsentRecorder.Desk, true, "Анна Петрова", "мать",
            "паспорт 4510 123456"));
        Assert.Equal("birth-date-required", ConsentRules.Check("health_data", "paper", ConsentRecorder.Desk, false,
            null, null, null)!.Code);
        Assert.Null(ConsentRules.Check("health_data", "paper", ConsentRecorder.Desk, true, null, null, null));
        Assert.Null(ConsentRules.Check("health_data", "electronic", ConsentRecorder.Client, true, null, null, null));
        foreach (var channel in new[] { "phone", "in_person", "mobile", "web", "electronic" })
            Assert.Equal("validation", ConsentRules.Check("health_data", channel, ConsentRecorder.Desk, true, null,
                null, null)!.Code);
        Assert.Equal("validation", ConsentRules.Check("health_data", "paper", ConsentRecorder.Client, true, null, null,
            null)!.Code);
    }
}
