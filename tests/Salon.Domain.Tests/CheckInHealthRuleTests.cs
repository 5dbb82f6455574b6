using CsCheck;
using Salon.Domain;
using static Salon.Domain.Tests.DesignScreeningTable;

namespace Salon.Domain.Tests;

public sealed class CheckInHealthRuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly ScreeningOnFile AllNo = new(new HashSet<string>(), Now.AddDays(100), false);

    private static Dictionary<string, bool> DayOf(params string[] yes) => AskedOnDay.ToDictionary(c => c, yes.Contains);

    private static ScreeningOnFile Screening(params string[] yes) => new(yes.ToHashSet(), Now.AddDays(100), false);

    private static ClearanceScope Clearance(string[] conditions, ScreeningKindCode[] kinds, bool pregnancy = false) =>
        new(conditions.ToHashSet(), kinds.ToHashSet(), pregnancy);

    [Fact]
    public void A_diabetes_clearance_does_not_lift_a_pregnancy_reported_later_nor_a_pregnancy_clearance_diabetes()
    {
        // Defect 1: the 90-day clearance for Q15 let Q17 through.
        var diabetes = Clearance(["Q15"], [ScreeningKindCode.SURF]);
        Assert.Equal(OutcomeStatus.NeedsClearance,
            ScreeningRules.Evaluate(ScreeningKindCode.SURF, Screening("Q15", "Q17").Yes, Rules, [diabetes]).Status);
        var pregnancyWithoutTheBox = Clearance(["Q15", "Q17"], [ScreeningKindCode.SURF]);
        Assert.Equal(OutcomeStatus.NeedsClearance,
            ScreeningRules.Evaluate(ScreeningKindCode.SURF, Screening("Q17").Yes, Rules,
                [pregnancyWithoutTheBox]).Status);
        var pregnancy = Clearance(["Q17"], [ScreeningKindCode.SURF], pregnancy: true);
        Assert.Equal(OutcomeStatus.AllowedWithWarnings,
            ScreeningRules.Evaluate(ScreeningKindCode.SURF, Screening("Q17").Yes, Rules, [pregnancy]).Status);
        Assert.Equal(OutcomeStatus.NeedsClearance,
            ScreeningRules.Evaluate(ScreeningKindCode.SURF, Screening("Q15", "Q17").Yes, Rules, [pregnancy]).Status);
        Assert.Equal(OutcomeStatus.AllowedWithWarnings,
            ScreeningRules.Evaluate(ScreeningKindCode.SURF, Screening("Q15", "Q17").Yes, Rules, [pregnancy,
                diabetes]).Status);
        // A clearance for the right code but another kind lifts nothing here.
        Assert.Equal(OutcomeStatus.NeedsClearance,
            ScreeningRules.Evaluate(ScreeningKindCode.DEEP, Screening("Q15").Yes, Rules, [diabetes]).Status);
    }

    [Fact]
    public void Day_of_news_on_a_lasting_condition_voids_the_screening_and_a_fever_stops_only_the_day()
    {
        var thrombosis = DayOfCheck.Judge(ScreeningKindCode.SURF, DayOf("Q03"), AllNo.Yes, Rules);
        Assert.Equal(["Q03"], thrombosis.StopsToday);
        Assert.True(thrombosis.VoidsScreening);

        var fever = DayOfCheck.Judge(ScreeningKindCode.SURF, DayOf("Q01", "Q21"), AllNo.Yes, Rules);
        Assert.Equal(["Q01", "Q21"], fever.StopsToday);
        Assert.False(fever.VoidsScreening);

        var anticoagulants = DayOfCheck.Judge(ScreeningKindCode.SURF, DayOf("Q19"), AllNo.Yes,
            Rules); // W for SURF, R for DEEP
        Assert.Empty(anticoagulants.StopsToday);
        Assert.True(anticoagulants.VoidsScreening);

        var noLongerPregnant = DayOfCheck.Judge(ScreeningKindCode.SURF, DayOf(), Screening("Q17").Yes, Rules);
        Assert.True(noLongerPregnant.VoidsScreening);

        var asOnFile = DayOfCheck.Judge(ScreeningKindCode.SURF, DayOf("Q17", "Q19"), Screening("Q17", "Q19").Yes,
            Rules);
        Assert.Empty(asOnFile.StopsToday);
        Assert.False(asOnFile.VoidsScreening);
    }

    [Fact]
    public void Check_in_is_refused_on_a_void_or_expired_screening_and_cancelled_free_when_the_day_of_answers_void_it()
    {
        Assert.Equal(CheckInAction.Refuse, CheckInHealthRule.Decide(ScreeningKindCode.SURF, null, DayOf(), Rules, [],
            Now).Action);
        var voided = CheckInHealthRule.Decide(ScreeningKindCode.SURF, AllNo with { Voided = true }, DayOf(), Rules, [],
            Now);
        Assert.Equal("screening-due", voided.Refusal!.Code);
        var expired = CheckInHealthRule.Decide(ScreeningKindCode.SURF, AllNo with { ValidUntil = Now }, DayOf(), Rules,
            [], Now);
        Assert.Equal("screening-due", expired.Refusal!.Code);

        var news = CheckInHealthRule.Decide(ScreeningKindCode.SURF, AllNo, DayOf("Q03"), Rules, [], Now);
        Assert.Equal(new CheckInVerdict(CheckInAction.CancelFree, CheckInHealthRule.DayOfFailed, true), news);
        Assert.Equal(CheckInAction.Admit, CheckInHealthRule.Decide(ScreeningKindCode.SURF, AllNo, DayOf(), Rules, [],
            Now).Action);
        Assert.Null(CheckInHealthRule.Decide(ScreeningKindCode.SURF, AllNo, DayOf(), Rules, [], Now).Refusal);
    }

    private sealed record Case(ScreeningKindCode Kind, ScreeningOnFile? Screening, Dictionary<string, bool> DayOf,
        ClearanceScope[] Clearances);

    private static readonly Gen<HashSet<string>> SomeCodes =
        Gen.Int[0, 11].Array[24].Select(rolls => Codes.Where((_, i) => rolls[i] == 0).ToHashSet());

    private static readonly Gen<ClearanceScope> AnyClearance =
        Gen.Select(SomeCodes, Gen.Bool.Array[6], Gen.Bool, (codes, kinds, pregnancy) =>
            new ClearanceScope(codes, Kinds.Where((_, i) => kinds[i]).ToHashSet(), pregnancy));

    private static readonly Gen<Case> Cases =
        Gen.Select(Gen.Int[0, 5], SomeCodes, Gen.Int[0, 9], Gen.Int[0, 7].Array[6], AnyClearance.Array[0, 4],
            (kind, yes, state, flips, clearances) =>
            {
                // Mostly clearances naming what was answered (so that some cases are admitted), sometimes anything.
                var lifting = clearances.Select((c, i)
                    => i % 2 == 0 ? c with { Conditions = yes.Union(c.Conditions.Take(1)).ToHashSet() } : c).ToArray();
                var screening = state switch
                {
                    0 => null,
                    1 => new ScreeningOnFile(yes, Now.AddDays(30), true),
                    2 => new ScreeningOnFile(yes, Now.AddMinutes(-1), false),
                    _ => new ScreeningOnFile(yes, Now.AddDays(30), false),
                };
                var dayOf = AskedOnDay.Select((code, i) => (code,
                    answer: yes.Contains(code) != (flips[i] == 0))).ToDictionary(a => a.code, a => a.answer);
                return new Case(Kinds[kind], screening, dayOf, lifting);
            });

    public const int PropertyCases = 600;

    [Fact]
    public void No_visit_is_checked_in_while_an_A_applies_an_R_is_not_lifted_by_a_clearance_naming_it_or_the_screening_is_void_or_expired()
    {
        var admitted = 0;
        var cancelled = 0;
        Cases.Sample(c =>
        {
            var verdict = CheckInHealthRule.Decide(c.Kind, c.Screening, c.DayOf, Rules, c.Clearances, Now);
            if (verdict.Action != CheckInAction.Admit)
            {
                if (verdict.Action == CheckInAction.CancelFree) cancelled++;
                Assert.NotNull(verdict.Refusal);
                return;
            }
            admitted++;
            Assert.NotNull(c.Screening);
            Assert.False(c.Screening.Voided);
            Assert.True(c.Screening.ValidUntil > Now);
            var applies = c.Screening.Yes.Union(c.DayOf.Where(a => a.Value).Select(a => a.Key));
            foreach (var code in applies)
            {
                var effect = Rules.GetValueOrDefault((code, c.Kind));
                Assert.NotEqual(Effect.Absolute, effect);
                if (c.DayOf.GetValueOrDefault(code)) Assert.NotEqual(Effect.DayOf, effect);
                if (effect == Effect.Relative)
                    Assert.Contains(c.Clearances, k => k.Conditions.Contains(code) && k.Kinds.Contains(c.Kind)
                                                       && (code != ScreeningRules.Pregnancy || k.Pregnancy));
            }
            // Admitted only on answers that match the screening for every lasting condition.
            Assert.False(DayOfCheck.Judge(c.Kind, c.DayOf, c.Screening.Yes, Rules).VoidsScreening);
        }, iter: PropertyCases, threads: 1);
        // The property is not vacuous: the generator reaches both sides.
        Assert.InRange(admitted, 1, PropertyCases - 1);
        Assert.InRange(cancelled, 1, PropertyCases - 1);
    }
}
