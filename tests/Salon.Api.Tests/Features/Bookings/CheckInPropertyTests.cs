using System.Net;
using CsCheck;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests;

/// <summary>
/// The check-in health rule through HTTP, over random answer sets, clearances and day-of answers: no visit is checked
/// in while an A applies, while an R applies that no recorded clearance naming that code and kind lifts, or on a
/// screening the day-of answers void. The domain property test runs hundreds of cases; this one a bounded few against a
/// database.
/// </summary>
public abstract class CheckInPropertyTests(SalonApp app) : ProviderTests(app)
{
    public const int Cases = 24;

    private static readonly string[] Codes = Enumerable.Range(1, 24).Select(i => $"Q{i:00}").ToArray();

    private sealed record Clearance(string[] Conditions, string[] Kinds, bool Pregnancy);

    private sealed record Case(string Kind, string[] Yes, Clearance[] Clearances, Dictionary<string, bool> DayOf);

    private static readonly Gen<string[]> SomeCodes =
        Gen.Int[0, 19].Array[24].Select(rolls => Codes.Where((_, i) => rolls[i] == 0).ToArray());

    private static readonly Gen<Case> Generator =
        Gen.Select(Gen.Int[0, 5], SomeCodes, Gen.Select(SomeCodes, Gen.Bool.Array[6], Gen.Bool).Array[0, 3], Gen.Int[0,
            11].Array[6],
            (kind, yes, clearances, flips) => new Case(ScreeningSalon.Kinds[kind], yes,
                // The doctor's paper mostly names what was reported, sometimes less, sometimes a kind or two only.
                clearances.Select((c, i) => new Clearance(i == 0 ? yes : yes.Intersect(c.Item1).ToArray(),
                    ScreeningSalon.Kinds.Where((_, k) => c.Item2[k]).ToArray(), c.Item3)).ToArray(),
                ScreeningSalon.DayOfCodes.Select((code, i) => (code, answer: yes.Contains(code) != (flips[i] == 0)))
                    .ToDictionary(a => a.code, a => a.answer)));

    [Fact]
    public async Task No_check_in_while_an_A_applies_an_R_is_not_lifted_by_a_clearance_naming_it_or_the_day_of_answers_void_the_screening()
    {
        var questions = (await App.FrontDesk().AllAsync("/api/v1/screening/questions"));
        var effect = questions.SelectMany(q => ScreeningSalon.Kinds.Select(k => (Code: (string)q!["code"]!, Kind: k,
            Effect: (string)q["effects"]![k]!)))
            .ToDictionary(r => (r.Code, r.Kind), r => r.Effect);
        bool Lasting(string code) => ScreeningSalon.Kinds.Any(k => effect[(code, k)] is "A" or "R" or "W");
        var checkedIn = 0;

        await Generator.SampleAsync(async c =>
        {
            var salon = new ScreeningSalon(App); // fresh staff tokens: each case moves the clock on by hours
            var client = await salon.ClientAsync(c.Yes);
            var recorded = new List<Clearance>();
            foreach (var clearance in c.Clearances.Where(k => k.Conditions.Length > 0 && k.Kinds.Length > 0))
                if ((await salon.ClearAsync(client, salon.Today, clearance.Kinds, clearance.Pregnancy,
                    conditions: clearance.Conditions)).IsSuccessStatusCode)
                    recorded.Add(clearance);
            var start = salon.GridAhead(TimeSpan.FromHours(3));
            var booked = await salon.BookAsync(App.FrontDesk(), client, c.Kind, start);
            if (!booked.IsSuccessStatusCode) return; // the gate already said no
            App.Clock.Advance(start - App.Clock.GetUtcNow() - TimeSpan.FromHours(1));
            var booking = SalonBuilder.Id(await booked.Expect(HttpStatusCode.Created));

            var response = await App.FrontDesk().PostJson($"/api/v1/bookings/{booking}/check-in",
                new { dayOfAnswers = c.DayOf });
            Assert.True((int)response.StatusCode is 200 or 422, $"check-in answered {(int)response.StatusCode}");
            if (response.StatusCode != HttpStatusCode.OK) return;
            checkedIn++;
            foreach (var code in c.Yes.Union(c.DayOf.Where(a => a.Value).Select(a => a.Key)))
            {
                Assert.NotEqual("A", effect[(code, c.Kind)]);
                if (effect[(code, c.Kind)] == "R")
                    Assert.Contains(recorded, k => k.Conditions.Contains(code) && k.Kinds.Contains(c.Kind)
                        && (code != "Q17" || k.Pregnancy));
            }
            Assert.All(c.DayOf, a => Assert.True(a.Value == c.Yes.Contains(a.Key) || !Lasting(a.Key),
                $"{a.Key} changed but the visit started"));
        }, iter: Cases, threads: 1);

        Assert.InRange(checkedIn, 1, Cases); // not vacuous: some visits do start
    }
}

public sealed class CheckInPropertyOnSqlite(SqliteApp app) : CheckInPropertyTests(app), IClassFixture<SqliteApp>;
public sealed class CheckInPropertyOnPostgres(PostgresApp app) : CheckInPropertyTests(app), IClassFixture<PostgresApp>;
