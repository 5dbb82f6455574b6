using Salon.Domain;
using static Salon.Domain.Tests.DesignScreeningTable;

namespace Salon.Domain.Tests;

public sealed class ScreeningRulesTests
{
    private static readonly ClearanceScope[] NoClearance = [];
    private static readonly OutcomeStatus[] Allowing = [OutcomeStatus.Allowed, OutcomeStatus.AllowedWithWarnings];
    private static readonly DateOnly Day0 = new(2026, 12, 1);

    private static DateOnly Day(int n) => Day0.AddDays(n);

    private static HashSet<string> Yes(params string[] codes) => [.. codes];

    /// <summary>With a (pregnancy) clearance for the kinds that names every answer given: what the kinds alone
    /// decide.</summary>
    private static KindOutcome Evaluate(ScreeningKindCode kind, IReadOnlySet<string> yes,
        IReadOnlySet<ScreeningKindCode>? cleared = null) =>
        ScreeningRules.Evaluate(kind, yes, Rules, cleared is null ? NoClearance : [new ClearanceScope(yes, cleared,
            Pregnancy: true)]);

    private static void AssertCodes(IEnumerable<string> expected, IEnumerable<string> actual) =>
        Assert.Equal(expected.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));

    public static TheoryData<string, ScreeningKindCode, string> EveryCell()
    {
        var data = new TheoryData<string, ScreeningKindCode, string>();
        foreach (var ((code, kind), symbol) in Cells.OrderBy(c => c.Key.Code, StringComparer.Ordinal).ThenBy(c
            => c.Key.Kind))
            data.Add(code, kind, symbol.ToString());
        return data;
    }

    [Fact]
    public void The_design_table_has_24_questions_by_6_kinds()
    {
        Assert.Equal(Enumerable.Range(1, 24).Select(n => $"Q{n:00}"), Codes);
        Assert.Equal(Enum.GetValues<ScreeningKindCode>(), Kinds);
        Assert.Equal(144, Cells.Count);
        Assert.Equal(144, EveryCell().Count);
    }

    [Theory]
    [MemberData(nameof(EveryCell))]
    public void A_single_yes_has_the_effect_the_design_table_gives_it_for_the_kind(string code, ScreeningKindCode kind,
        string symbol)
    {
        var alone = Evaluate(kind, Yes(code));
        var clearedForThisKind = Evaluate(kind, Yes(code), new HashSet<ScreeningKindCode> { kind });
        var clearedForEveryOtherKind = Evaluate(kind, Yes(code), Kinds.Where(k => k != kind).ToHashSet());
        var atCheckIn = ScreeningRules.DayOfRefusals(kind, Yes(code), Rules);

        Assert.Equal(kind, alone.Kind);
        switch (symbol)
        {
            case "A":
                Assert.Equal(OutcomeStatus.Blocked, alone.Status);
                Assert.Equal([code], alone.BlockingCodes);
                Assert.Equal(OutcomeStatus.Blocked, clearedForThisKind.Status); // a clearance never lifts A
                Assert.Equal([code], clearedForThisKind.BlockingCodes);
                Assert.Empty(clearedForThisKind.ClearedCodes);
                Assert.Equal([code], atCheckIn); // an A answer at check-in stops the session as well
                break;
            case "R":
                Assert.Equal(OutcomeStatus.NeedsClearance, alone.Status);
                Assert.Equal([code], alone.BlockingCodes);
                Assert.Equal(OutcomeStatus.NeedsClearance,
                    clearedForEveryOtherKind.Status); // only a clearance covering this kind helps
                Assert.Equal([code], clearedForEveryOtherKind.BlockingCodes);
                Assert.Contains(clearedForThisKind.Status, Allowing);
                Assert.Empty(clearedForThisKind.BlockingCodes);
                Assert.Equal([code], clearedForThisKind.ClearedCodes);
                Assert.Empty(atCheckIn);
                break;
            case "D":
                Assert.Contains(alone.Status, Allowing); // blocks that day only, not the booking
                Assert.Empty(alone.BlockingCodes);
                Assert.Equal([code], alone.DayOfCodes);
                Assert.Equal([code], atCheckIn);
                break;
            case "W":
                Assert.Equal(OutcomeStatus.AllowedWithWarnings, alone.Status);
                Assert.Equal([code], alone.WarningCodes);
                Assert.Empty(alone.BlockingCodes);
                Assert.Empty(atCheckIn);
                break;
            case "—":
                Assert.Equal(OutcomeStatus.Allowed, alone.Status);
                Assert.Empty(alone.BlockingCodes);
                Assert.Empty(alone.ClearedCodes);
                Assert.Empty(alone.WarningCodes);
                Assert.Empty(alone.DayOfCodes);
                Assert.Empty(atCheckIn);
                break;
            default:
                Assert.Fail($"unknown effect symbol {symbol}");
                break;
        }
    }

    [Fact]
    public void No_yes_answers_allow_every_kind()
    {
        Assert.All(Kinds, kind =>
        {
            var outcome = Evaluate(kind, Yes());
            Assert.Equal(OutcomeStatus.Allowed, outcome.Status);
            Assert.Empty(outcome.BlockingCodes);
            Assert.Empty(outcome.WarningCodes);
        });
    }

    [Fact]
    public void Several_yes_answers_give_the_worst_outcome_with_every_code_behind_it()
    {
        // SURF: Q19 is W, Q04 is R, Q01 is D, Q09 has no effect, Q03 is A.
        var relative = Evaluate(ScreeningKindCode.SURF, Yes("Q19", "Q04", "Q01", "Q09"));
        Assert.Equal(OutcomeStatus.NeedsClearance, relative.Status);
        Assert.Equal(["Q04"], relative.BlockingCodes);
        Assert.Equal(["Q19"], relative.WarningCodes);
        Assert.Equal(["Q01"], relative.DayOfCodes);

        var cleared = Evaluate(ScreeningKindCode.SURF, Yes("Q19", "Q04", "Q01", "Q09"),
            new HashSet<ScreeningKindCode> { ScreeningKindCode.SURF });
        Assert.Equal(OutcomeStatus.AllowedWithWarnings, cleared.Status);
        Assert.Empty(cleared.BlockingCodes);
        Assert.Equal(["Q04"], cleared.ClearedCodes);
        Assert.Equal(["Q19"], cleared.WarningCodes);

        var absolute = Evaluate(ScreeningKindCode.SURF, Yes("Q19", "Q04", "Q03"),
            new HashSet<ScreeningKindCode> { ScreeningKindCode.SURF });
        Assert.Equal(OutcomeStatus.Blocked, absolute.Status);
        Assert.Equal(["Q03"], absolute.BlockingCodes);

        var absoluteAndRelative = Evaluate(ScreeningKindCode.DEEP, Yes("Q05", "Q22", "Q18"));
        Assert.Equal(OutcomeStatus.Blocked, absoluteAndRelative.Status); // Q18 is A for DEEP, Q05 R, Q22 nothing
        Assert.Contains("Q18", absoluteAndRelative.BlockingCodes);
        Assert.DoesNotContain("Q22", absoluteAndRelative.BlockingCodes);

        var warningAndDayOf = Evaluate(ScreeningKindCode.MICRO, Yes("Q21", "Q05", "Q19"));
        Assert.Equal(OutcomeStatus.AllowedWithWarnings, warningAndDayOf.Status);
        Assert.Equal(["Q05", "Q19"], warningAndDayOf.WarningCodes.Order(StringComparer.Ordinal));
        Assert.Equal(["Q21"], warningAndDayOf.DayOfCodes);
    }

    [Fact]
    public void Any_set_of_answers_gives_the_worst_of_their_single_effects()
    {
        var random = new Random(20_261_125);
        for (var round = 0; round < 2_000; round++)
        {
            var yes = Codes.Where(_ => random.Next(5) == 0).ToHashSet();
            var cleared = Kinds.Where(_ => random.Next(2) == 0).ToHashSet();
            foreach (var kind in Kinds)
            {
                string[] With(char symbol) => yes.Where(code => Cells[(code, kind)] == symbol).ToArray();
                var (a, r, d, w) = (With('A'), With('R'), With('D'), With('W'));
                var rCleared = cleared.Contains(kind);
                var outcome = Evaluate(kind, yes, cleared);

                if (a.Length > 0)
                {
                    Assert.Equal(OutcomeStatus.Blocked, outcome.Status);
                    Assert.All(a, code => Assert.Contains(code, outcome.BlockingCodes));
                    Assert.All(outcome.BlockingCodes, code => Assert.Contains(code, rCleared ? a : [.. a, .. r]));
                }
                else if (r.Length > 0 && !rCleared)
                {
                    Assert.Equal(OutcomeStatus.NeedsClearance, outcome.Status);
                    AssertCodes(r, outcome.BlockingCodes);
                }
                else
                {
                    Assert.Empty(outcome.BlockingCodes);
                    if (w.Length > 0) Assert.Equal(OutcomeStatus.AllowedWithWarnings, outcome.Status);
                    else if (d.Length > 0 || r.Length > 0) Assert.Contains(outcome.Status, Allowing);
                    else Assert.Equal(OutcomeStatus.Allowed, outcome.Status);
                }
                AssertCodes(w, outcome.WarningCodes);
                AssertCodes(d, outcome.DayOfCodes);
                AssertCodes(rCleared ? r : [], outcome.ClearedCodes);
                AssertCodes([.. a, .. d], ScreeningRules.DayOfRefusals(kind, yes, Rules));
            }
        }
    }

    [Fact]
    public void The_rules_are_data_so_a_tightened_rule_changes_the_outcome()
    {
        var tightened = new Dictionary<(string Code, ScreeningKindCode Kind), Effect>(Rules) { [("Q05",
            ScreeningKindCode.SURF)] = Effect.Relative };

        Assert.Equal(OutcomeStatus.AllowedWithWarnings, ScreeningRules.Evaluate(ScreeningKindCode.SURF, Yes("Q05"),
            Rules, NoClearance).Status);
        Assert.Equal(OutcomeStatus.NeedsClearance, ScreeningRules.Evaluate(ScreeningKindCode.SURF, Yes("Q05"),
            tightened, NoClearance).Status);
        Assert.Equal(OutcomeStatus.AllowedWithWarnings, ScreeningRules.Evaluate(ScreeningKindCode.MICRO, Yes("Q05"),
            tightened, NoClearance).Status);
    }

    [Fact]
    public void A_code_without_a_rule_has_no_effect()
    {
        Assert.Equal(OutcomeStatus.Allowed, Evaluate(ScreeningKindCode.SURF, Yes("Q99")).Status);
        var empty = new Dictionary<(string Code, ScreeningKindCode Kind), Effect>();
        Assert.Equal(OutcomeStatus.Allowed, ScreeningRules.Evaluate(ScreeningKindCode.VAC, Yes("Q03"), empty,
            NoClearance).Status);
    }

    [Theory]
    [InlineData(Effect.None, Effect.Warning)]
    [InlineData(Effect.None, Effect.DayOf)]
    [InlineData(Effect.None, Effect.Relative)]
    [InlineData(Effect.None, Effect.Absolute)]
    [InlineData(Effect.Warning, Effect.DayOf)]
    [InlineData(Effect.Warning, Effect.Relative)]
    [InlineData(Effect.Warning, Effect.Absolute)]
    [InlineData(Effect.DayOf, Effect.Absolute)]
    [InlineData(Effect.Relative, Effect.Absolute)]
    public void A_doctor_may_tighten_a_rule(Effect from, Effect to) => Assert.True(ScreeningRules.IsTightening(from,
        to));

    [Theory]
    [InlineData(Effect.Absolute, Effect.Relative)]
    [InlineData(Effect.Absolute, Effect.DayOf)]
    [InlineData(Effect.Absolute, Effect.Warning)]
    [InlineData(Effect.Absolute, Effect.None)]
    [InlineData(Effect.Relative, Effect.DayOf)]
    [InlineData(Effect.Relative, Effect.Warning)]
    [InlineData(Effect.Relative, Effect.None)]
    [InlineData(Effect.DayOf, Effect.Warning)]
    [InlineData(Effect.DayOf, Effect.None)]
    [InlineData(Effect.Warning, Effect.None)]
    [InlineData(Effect.DayOf, Effect.Relative)] // a clearance would then let the client in on a day they feel unwell
    public void Loosening_a_rule_is_refused_and_an_absolute_stays_absolute(Effect from, Effect to) =>
        Assert.False(ScreeningRules.IsTightening(from, to));

    [Theory]
    [InlineData("A", Effect.Absolute)]
    [InlineData("R", Effect.Relative)]
    [InlineData("D", Effect.DayOf)]
    [InlineData("W", Effect.Warning)]
    [InlineData("-", Effect.None)]
    public void The_database_symbols_map_to_effects_and_back(string symbol, Effect effect)
    {
        Assert.Equal(effect, ScreeningRules.Parse(symbol));
        Assert.Equal(symbol, ScreeningRules.Symbol(effect).ToString());
    }

    [Theory]
    [InlineData("X")]
    [InlineData("a")]
    [InlineData("")]
    public void An_unknown_symbol_is_refused(string symbol) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ScreeningRules.Parse(symbol));

    [Theory]
    [InlineData(ScreeningKindCode.SURF, "Q01 Q02 Q03 Q21")]
    [InlineData(ScreeningKindCode.DEEP, "Q01 Q02 Q03 Q17 Q21")]
    [InlineData(ScreeningKindCode.HONEY, "Q01 Q02 Q03 Q17 Q21")]
    [InlineData(ScreeningKindCode.PRESS, "Q01 Q02 Q03 Q17 Q21")]
    [InlineData(ScreeningKindCode.MICRO, "Q01 Q02 Q03 Q17 Q21")]
    [InlineData(ScreeningKindCode.VAC, "Q01 Q02 Q03 Q17 Q19 Q21")]
    public void At_check_in_every_day_of_or_absolute_yes_rules_out_the_session(ScreeningKindCode kind, string expected)
    {
        var refusals = ScreeningRules.DayOfRefusals(kind, AskedOnDay.ToHashSet(), Rules);
        AssertCodes(expected.Split(' '), refusals);
    }

    [Fact]
    public void At_check_in_no_yes_or_a_warning_or_relative_yes_lets_the_session_start()
    {
        Assert.All(Kinds, kind => Assert.Empty(ScreeningRules.DayOfRefusals(kind, Yes(), Rules)));
        Assert.Empty(ScreeningRules.DayOfRefusals(ScreeningKindCode.SURF, Yes("Q19"), Rules));        // W
        Assert.Empty(ScreeningRules.DayOfRefusals(ScreeningKindCode.SURF, Yes("Q17"),
            Rules));        // R: the standing clearance decides
        Assert.Equal(["Q21"], ScreeningRules.DayOfRefusals(ScreeningKindCode.SURF, Yes("Q19", "Q21"), Rules));
    }

    [Fact]
    public void Pregnancy_is_allowed_only_for_surface_drainage_and_only_with_a_clearance()
    {
        var cleared = Kinds.ToHashSet();
        Assert.Equal(OutcomeStatus.NeedsClearance, Evaluate(ScreeningKindCode.SURF,
            Yes(ScreeningRules.Pregnancy)).Status);
        Assert.Contains(Evaluate(ScreeningKindCode.SURF, Yes(ScreeningRules.Pregnancy), cleared).Status, Allowing);
        Assert.All(Kinds.Where(k => k != ScreeningKindCode.SURF),
            kind => Assert.Equal(OutcomeStatus.Blocked, Evaluate(kind, Yes(ScreeningRules.Pregnancy), cleared).Status));
    }

    [Fact]
    public void A_pregnant_client_has_at_most_two_sessions_in_any_seven_days()
    {
        Assert.True(ScreeningRules.FitsWeeklyCap(Day(0), []));
        Assert.True(ScreeningRules.FitsWeeklyCap(Day(3), [Day(0)]));
        Assert.False(ScreeningRules.FitsWeeklyCap(Day(3), [Day(0), Day(6)]));
        Assert.False(ScreeningRules.FitsWeeklyCap(Day(0), [Day(-3), Day(3)]));   // the window -3..+3 holds three
        Assert.True(ScreeningRules.FitsWeeklyCap(Day(0), [Day(-4), Day(3)]));    // -4..+3 spans eight days
    }

    [Fact]
    public void Sessions_six_days_apart_share_a_seven_day_window_and_seven_days_apart_do_not()
    {
        // Looking back: two sessions on days 0 and 1, then a third.
        Assert.False(ScreeningRules.FitsWeeklyCap(Day(6), [Day(0), Day(1)]));
        Assert.True(ScreeningRules.FitsWeeklyCap(Day(7), [Day(0), Day(1)]));
        Assert.False(ScreeningRules.FitsWeeklyCap(Day(7), [Day(1), Day(2)]));
        // Looking ahead: sessions already booked after the new one count the same.
        Assert.False(ScreeningRules.FitsWeeklyCap(Day(0), [Day(5), Day(6)]));
        Assert.True(ScreeningRules.FitsWeeklyCap(Day(0), [Day(6), Day(7)]));
        Assert.True(ScreeningRules.FitsWeeklyCap(Day(0), [Day(7), Day(8)]));
        // Sessions a week apart on either side never share a window with each other and the new one.
        Assert.True(ScreeningRules.FitsWeeklyCap(Day(0), [Day(-7), Day(7), Day(-14), Day(14)]));
    }

    [Fact]
    public void A_second_session_on_the_same_day_counts_towards_the_cap()
    {
        Assert.True(ScreeningRules.FitsWeeklyCap(Day(0), [Day(0)]));
        Assert.False(ScreeningRules.FitsWeeklyCap(Day(0), [Day(0), Day(10), Day(-10), Day(-6)]));
    }
}
