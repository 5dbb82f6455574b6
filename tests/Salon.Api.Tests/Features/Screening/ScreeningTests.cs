using System.Net;
using System.Net.Http.Json;
using Salon.Api.Tests.Infrastructure;
using static Salon.Api.Tests.ScreeningSalon;

namespace Salon.Api.Tests;

/// <summary>
/// The screening itself: the questionnaire and its rules as data, the consents before any answer, submissions, the
/// outcome per service kind, expiry, and doctor's clearances.
/// </summary>
public abstract class ScreeningTests(SalonApp app) : ProviderTests(app)
{
    /// <summary>DESIGN.md's table, columns SURF DEEP HONEY PRESS MICRO VAC; the migration seeds it on every
    /// database.</summary>
    private static readonly Dictionary<string, string> Design = new()
    {
        ["Q01"] = "DDDDDD", ["Q02"] = "DDDDDD", ["Q03"] = "AAAAAA", ["Q04"] = "RRRRRA", ["Q05"] = "WRRRWA", ["Q06"] = "AAAAAA",
        ["Q07"] = "RRRRAR", ["Q08"] = "---RAR", ["Q09"] = "----A-", ["Q10"] = "----A-", ["Q11"] = "AAAAAA", ["Q12"] = "RRRRRR",
        ["Q13"] = "AAAAAA", ["Q14"] = "RRRRRR", ["Q15"] = "RRRRRR", ["Q16"] = "RRRRRR", ["Q17"] = "RAAAAA", ["Q18"] = "RAARAA",
        ["Q19"] = "WRRRWA", ["Q20"] = "RRRARR", ["Q21"] = "DDDDDD", ["Q22"] = "--A---", ["Q23"] = "RRRRRR", ["Q24"] = "WRRRAR",
    };

    /// <summary>The cells the tightening test changes in this fixture's database; nothing else here answers these codes
    /// yes.</summary>
    private static readonly HashSet<(string, string)> Tightened = [("Q24", "SURF"), ("Q10", "SURF")];

    [Fact]
    public async Task The_questionnaire_is_the_seeded_table_of_24_questions_with_the_six_asked_again_on_the_day()
    {
        var questions = (await App.ClientAs("client",
            clientId: Guid.NewGuid()).AllAsync("/api/v1/screening/questions"));

        Assert.Equal(Enumerable.Range(1, 24).Select(i => $"Q{i:00}"), questions.Select(q => (string)q!["code"]!));
        Assert.Equal(DayOfCodes, questions.Where(q => (bool)q!["askedOnDay"]!).Select(q => (string)q!["code"]!));
        Assert.All(questions, q => Assert.False(string.IsNullOrWhiteSpace((string?)q!["textRu"])));
        Assert.Equal("pregnancy", (string?)questions.Single(q => (string?)q!["code"] == "Q17")!["textEn"]);
        foreach (var question in questions)
        {
            var code = (string)question!["code"]!;
            for (var i = 0; i < Kinds.Length; i++)
                if (!Tightened.Contains((code, Kinds[i])))
                    Assert.True(Design[code][i].ToString() == (string?)question["effects"]![Kinds[i]],
                        $"{code} {Kinds[i]}: {question["effects"]![Kinds[i]]}");
        }
        Assert.Equal(144L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM screening_rules"));
        Assert.Equal(24L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM screening_questions"));
    }

    /// <summary>A guardian's consent as the desk records it: the guardian, the relation and the identity document
    /// seen.</summary>
    public static readonly object GuardianConsent = new
    {
        kind = "guardian", channel = "paper", guardianName = "Орлова Марина Викторовна", guardianRelation = "мать", guardianDocument = "паспорт 4510 123456",
    };

    [Fact]
    public async Task An_admin_tightens_a_rule_and_outcomes_follow_the_table_at_once()
    {
        var salon = new ScreeningSalon(App);
        var client = await salon.ClientAsync("Q24");
        Assert.Equal("allowed_with_warnings", (string?)Kind(await salon.OutcomeAsync(client), "SURF")["status"]);

        var question = await (await App.Admin().PutAsJsonAsync("/api/v1/screening/rules/Q24/SURF",
            new { effect = "R" })).Expect(HttpStatusCode.OK);
        await (await App.Admin().PutAsJsonAsync("/api/v1/screening/rules/Q10/SURF",
            new { effect = "W" })).Expect(HttpStatusCode.OK);

        Assert.Equal("Q24", (string?)question["code"]);
        Assert.Equal("R", (string?)question["effects"]!["SURF"]);
        Assert.Equal("R", (string?)question["effects"]!["DEEP"]);
        Assert.Equal("R",
            await App.ScalarAsync<string>("SELECT effect FROM screening_rules WHERE question_code = 'Q24' AND kind = 'SURF'"));
        var surf = Kind(await salon.OutcomeAsync(client, App.Admin()), "SURF");
        Assert.Equal("needs_clearance", (string?)surf["status"]);
        Assert.Equal(["Q24"], Strings(surf["blockingCodes"]));
        var listed = (await App.FrontDesk().AllAsync("/api/v1/screening/questions"));
        Assert.Equal("W", (string?)listed.Single(q => (string?)q!["code"] == "Q10")!["effects"]!["SURF"]);
        await (await salon.BookAsync(App.FrontDesk(), client, "SURF", salon.Builder.Start(3, 10)))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "clearance-required");
    }

    [Theory]
    [InlineData("Q03", "SURF", "R", "absolute-rule")]
    [InlineData("Q11", "VAC", "-", "absolute-rule")]
    [InlineData("Q05", "DEEP", "W", "rule-loosening")]
    [InlineData("Q01", "HONEY", "W", "rule-loosening")]
    [InlineData("Q04", "PRESS", "D", "rule-loosening")]
    public async Task Loosening_a_rule_is_refused_and_an_absolute_one_stays_absolute(string code, string kind,
        string effect, string problem)
    {
        var before = await App.ScalarAsync<string>("SELECT effect FROM screening_rules WHERE question_code = @code AND kind = @kind", new { code, kind });

        var refused = await (await App.Admin().PutAsJsonAsync($"/api/v1/screening/rules/{code}/{kind}", new { effect }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, problem);

        Assert.Equal([code], Strings(refused["codes"]));
        Assert.Equal(before,
            await App.ScalarAsync<string>("SELECT effect FROM screening_rules WHERE question_code = @code AND kind = @kind", new { code, kind }));
    }

    [Fact]
    public async Task A_rule_change_names_a_known_question_kind_and_effect_and_only_the_admin_makes_it()
    {
        var admin = App.Admin();
        await (await admin.PutAsJsonAsync("/api/v1/screening/rules/Q99/SURF",
            new { effect = "A" })).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        var code = await (await admin.PutAsJsonAsync("/api/v1/screening/rules/q05/SURF",
            new { effect = "A" })).ExpectProblem(HttpStatusCode.BadRequest, "validation");
        Assert.NotNull(code["errors"]!["code"]);
        var kind = await (await admin.PutAsJsonAsync("/api/v1/screening/rules/Q05/LEGS",
            new { effect = "A" })).ExpectProblem(HttpStatusCode.BadRequest, "validation");
        Assert.NotNull(kind["errors"]!["kind"]);
        await (await admin.PutAsJsonAsync("/api/v1/screening/rules/Q05/1",
            new { effect = "A" })).ExpectProblem(HttpStatusCode.BadRequest, "validation");
        var effect = await (await admin.PutAsJsonAsync("/api/v1/screening/rules/Q05/SURF",
            new { effect = "X" })).ExpectProblem(HttpStatusCode.BadRequest, "validation");
        Assert.NotNull(effect["errors"]!["effect"]);
        await (await App.FrontDesk().PutAsJsonAsync("/api/v1/screening/rules/Q05/SURF",
            new { effect = "A" })).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("W",
            await App.ScalarAsync<string>("SELECT effect FROM screening_rules WHERE question_code = 'Q05' AND kind = 'SURF'"));
    }

    [Fact]
    public async Task No_answer_is_stored_before_the_health_data_consent_and_the_personal_data_consent_is_not_enough()
    {
        var salon = new ScreeningSalon(App);
        var client = await salon.Builder.UnscreenedClientAsync();
        var desk = App.FrontDesk();
        var url = $"/api/v1/clients/{client}/screenings";

        await (await desk.PostJson(url,
            new { answers = SalonBuilder.Answers("Q05") })).ExpectProblem(HttpStatusCode.UnprocessableEntity, "health-consent-required");
        await (await App.ClientAs("client", clientId: client).PostJson(url, new { answers = SalonBuilder.Answers() }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "health-consent-required");
        Assert.Equal(0L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM screenings WHERE client_id = @client",
            new { client }));
        Assert.Equal(0L, await App.ScalarAsync<long>(
            "SELECT COUNT(*) FROM screening_answers a JOIN screenings s ON s.id = a.screening_id WHERE s.client_id = @client", new { client }));
        var outcome = await salon.OutcomeAsync(client);
        Assert.False((bool)outcome["healthConsent"]!);
        Assert.False((bool)outcome["hasValidScreening"]!);

        var record = await (await desk.PostJson($"/api/v1/clients/{client}/consents", new { kind = "health_data",
            channel = "paper" })).Expect(HttpStatusCode.OK);
        Assert.Equal(["personal_data", "health_data"], record["consents"]!.AsArray().Select(c => (string)c!["kind"]!));
        await (await desk.PostJson(url, new { answers = SalonBuilder.Answers("Q05") })).Expect(HttpStatusCode.Created);
        Assert.Equal(24L, await App.ScalarAsync<long>(
            "SELECT COUNT(*) FROM screening_answers a JOIN screenings s ON s.id = a.screening_id WHERE s.client_id = @client", new { client }));
    }

    [Fact]
    public async Task A_client_under_18_needs_a_guardians_consent_before_any_answer_is_stored()
    {
        var desk = App.FrontDesk();
        var minor = SalonBuilder.Id(await (await desk.PostJson("/api/v1/clients", new
        {
            firstName = "Алиса", lastName = "Орлова", phone = ClientsTests.NewPhone(),
            birthDate = DateTime.UtcNow.AddYears(-10).ToString("yyyy-MM-dd",
                System.Globalization.CultureInfo.InvariantCulture),
            personalDataConsent = new { channel = "paper" },
        })).Expect(HttpStatusCode.Created));
        await (await desk.PostJson($"/api/v1/clients/{minor}/consents", new { kind = "health_data",
            channel = "paper" })).Expect(HttpStatusCode.OK);
        var url = $"/api/v1/clients/{minor}/screenings";

        await (await desk.PostJson(url,
            new { answers = SalonBuilder.Answers() })).ExpectProblem(HttpStatusCode.UnprocessableEntity, "guardian-consent-required");
        Assert.Equal(0L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM screenings WHERE client_id = @minor",
            new { minor }));

        await (await desk.PostJson($"/api/v1/clients/{minor}/consents", GuardianConsent)).Expect(HttpStatusCode.OK);
        var outcome = await (await desk.PostJson(url,
            new { answers = SalonBuilder.Answers() })).Expect(HttpStatusCode.Created);
        Assert.True((bool)outcome["hasValidScreening"]!);
    }

    [Fact]
    public async Task A_screening_answers_every_question_and_only_the_known_ones()
    {
        var salon = new ScreeningSalon(App);
        var client = await salon.Builder.UnscreenedClientAsync();
        var desk = App.FrontDesk();
        await (await desk.PostJson($"/api/v1/clients/{client}/consents", new { kind = "health_data",
            channel = "paper" })).Expect(HttpStatusCode.OK);
        var url = $"/api/v1/clients/{client}/screenings";

        var missing = SalonBuilder.Answers();
        missing.Remove("Q24");
        missing.Remove("Q07");
        var incomplete = await (await desk.PostJson(url,
            new { answers = missing })).ExpectProblem(HttpStatusCode.BadRequest, "validation");
        Assert.Contains("Q07, Q24", (string)incomplete["errors"]!["answers"]![0]!);

        var extra = SalonBuilder.Answers();
        extra["Q99"] = true;
        var unknown = await (await desk.PostJson(url, new { answers = extra })).ExpectProblem(HttpStatusCode.BadRequest,
            "validation");
        Assert.NotNull(unknown["errors"]!["answers.Q99"]);

        await (await desk.PostJson(url, new { answers = new Dictionary<string,
            bool>() })).ExpectProblem(HttpStatusCode.BadRequest, "validation");
        await (await desk.PostRaw(url, """{"answers":{"Q01":null}}""")).Expect(HttpStatusCode.BadRequest);
        await (await desk.PostRaw(url, """{"answers":{"Q01":"yes"}}""")).Expect(HttpStatusCode.BadRequest);
        await (await desk.PostJson($"/api/v1/clients/{Guid.NewGuid()}/screenings",
            new { answers = SalonBuilder.Answers() }))
            .ExpectProblem(HttpStatusCode.NotFound, "not-found");
        Assert.Equal(0L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM screenings WHERE client_id = @client",
            new { client }));
    }

    [Fact]
    public async Task A_client_answers_in_the_app_as_mobile_the_desk_as_desk_and_each_is_kept_with_its_time_for_180_days()
    {
        var salon = new ScreeningSalon(App);
        var client = await salon.Builder.UnscreenedClientAsync();
        var phone = App.ClientAs("client", clientId: client);
        await (await phone.PostJson("/api/v1/me/consents", new { kind = "health_data",
            channel = "electronic" })).Expect(HttpStatusCode.OK);
        var submittedAt = App.Clock.GetUtcNow();

        var response = await phone.PostJson($"/api/v1/clients/{client}/screenings",
            new { answers = SalonBuilder.Answers("Q05") });

        var outcome = await response.Expect(HttpStatusCode.Created);
        Assert.Equal($"/api/v1/clients/{client}/screening-outcome", response.Headers.Location?.OriginalString);
        Assert.Equal(client.ToString(), (string?)outcome["clientId"]);
        Near(submittedAt.AddDays(180), Time(outcome["screeningValidUntil"]));
        var mine = await (await phone.GetAsync($"/api/v1/clients/{client}/screenings/current")).Expect(HttpStatusCode.OK);
        Assert.Equal("mobile", (string?)mine["channel"]);
        Near(submittedAt, Time(mine["submittedAt"]));
        Near(submittedAt.AddDays(180), Time(mine["validUntil"]));
        Assert.EndsWith("+03:00", (string)mine["submittedAt"]!);
        Assert.True((bool)mine["answers"]!["Q05"]!);
        Assert.Equal(24, mine["answers"]!.AsObject().Count);
        Assert.Equal("mobile", await App.ScalarAsync<string>("SELECT channel FROM screenings WHERE client_id = @client",
            new { client }));

        var other = await salon.ClientAsync();
        var byDesk = await (await App.Admin().GetAsync($"/api/v1/clients/{other}/screenings/current")).Expect(HttpStatusCode.OK);
        Assert.Equal("desk", (string?)byDesk["channel"]);
    }

    [Fact]
    public async Task A_client_cannot_answer_for_another_client()
    {
        var salon = new ScreeningSalon(App);
        var other = await salon.Builder.UnscreenedClientAsync();
        await (await App.FrontDesk().PostJson($"/api/v1/clients/{other}/consents", new { kind = "health_data",
            channel = "paper" })).Expect(HttpStatusCode.OK);

        await (await App.ClientAs("client", clientId: Guid.NewGuid()).PostJson($"/api/v1/clients/{other}/screenings",
            new { answers = SalonBuilder.Answers("Q11") }))
            .ExpectProblem(HttpStatusCode.Forbidden, "forbidden");

        Assert.Equal(0L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM screenings WHERE client_id = @other",
            new { other }));
    }

    [Fact]
    public async Task A_newer_screening_replaces_the_older_one_at_once()
    {
        var salon = new ScreeningSalon(App);
        var client = await salon.ClientAsync("Q05");
        Assert.Equal("needs_clearance", (string?)Kind(await salon.OutcomeAsync(client), "DEEP")["status"]);
        var admin = App.Admin();
        var first = (string?)(await (await admin.GetAsync($"/api/v1/clients/{client}/screenings/current")).Expect(HttpStatusCode.OK))["id"];

        App.Clock.Advance(TimeSpan.FromMinutes(5));
        await (await App.FrontDesk().PostJson($"/api/v1/clients/{client}/screenings",
            new { answers = SalonBuilder.Answers() })).Expect(HttpStatusCode.Created);

        Assert.All((await salon.OutcomeAsync(client))["kinds"]!.AsArray(), k => Assert.Equal("allowed",
            (string?)k!["status"]));
        var current = await (await admin.GetAsync($"/api/v1/clients/{client}/screenings/current")).Expect(HttpStatusCode.OK);
        Assert.NotEqual(first, (string?)current["id"]);
        Assert.False((bool)current["answers"]!["Q05"]!);
        Assert.Equal(2L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM screenings WHERE client_id = @client",
            new { client }));
        Assert.Equal(1L,
            await App.ScalarAsync<long>("SELECT COUNT(*) FROM screenings WHERE client_id = @client AND superseded_at IS NULL", new { client }));
        Assert.Equal(first,
            (await App.ScalarAsync<Guid>("SELECT id FROM screenings WHERE client_id = @client AND superseded_at IS NOT NULL", new { client })).ToString());
    }

    [Fact]
    public async Task The_outcome_per_kind_is_allowed_warned_needs_clearance_or_blocked_with_the_codes_behind_it()
    {
        var salon = new ScreeningSalon(App);
        var clean = await salon.OutcomeAsync(await salon.ClientAsync());
        Assert.Equal(Kinds, clean["kinds"]!.AsArray().Select(k => (string)k!["kind"]!));
        Assert.All(clean["kinds"]!.AsArray(), k => Assert.Equal("allowed", (string?)k!["status"]));
        var screenedUntil = Day(salon.Today.AddDays(180));
        Assert.All(clean["kinds"]!.AsArray(), k => Assert.Equal(screenedUntil, (string?)k!["validUntil"]));

        // Varicose veins with nodes (W R R R W A), metal implants (only MICRO: A), a fever at the time of screening (D
        // everywhere).
        var varicose = await salon.ClientAsync("Q05", "Q09", "Q01");
        var outcome = await salon.OutcomeAsync(varicose, App.Admin());
        NoQuestionCodes(await salon.OutcomeAsync(varicose)); // the front desk: outcomes, no codes

        Assert.True((bool)outcome["hasValidScreening"]!);
        Assert.True((bool)outcome["healthConsent"]!);
        var surf = Kind(outcome, "SURF");
        Assert.Equal("allowed_with_warnings", (string?)surf["status"]);
        Assert.Equal(["Q05"], Strings(surf["warningCodes"]));
        Assert.Equal(["Q01"], Strings(surf["dayOfCodes"]));
        Assert.Empty(Strings(surf["blockingCodes"]));
        foreach (var kind in new[] { "DEEP", "HONEY", "PRESS" })
        {
            Assert.Equal("needs_clearance", (string?)Kind(outcome, kind)["status"]);
            Assert.Equal(["Q05"], Strings(Kind(outcome, kind)["blockingCodes"]));
        }
        var micro = Kind(outcome, "MICRO");
        Assert.Equal("blocked", (string?)micro["status"]);
        Assert.Equal(["Q09"], Strings(micro["blockingCodes"]));
        Assert.Equal(["Q05"], Strings(micro["warningCodes"]));
        Assert.Equal("blocked", (string?)Kind(outcome, "VAC")["status"]);
        Assert.Equal(["Q05"], Strings(Kind(outcome, "VAC")["blockingCodes"]));
        Assert.Null(outcome["answers"]);
    }

    [Fact]
    public async Task A_screening_expires_after_180_days_and_the_client_must_answer_again()
    {
        var salon = new ScreeningSalon(App);
        var client = await salon.ClientAsync();
        var validUntil = Time((await salon.OutcomeAsync(client))["screeningValidUntil"]);

        App.Clock.Advance(validUntil - App.Clock.GetUtcNow() - TimeSpan.FromMinutes(1));
        Assert.True((bool)(await salon.OutcomeAsync(client))["hasValidScreening"]!);
        App.Clock.Advance(TimeSpan.FromMinutes(2));

        var expired = await salon.OutcomeAsync(client);
        Assert.False((bool)expired["hasValidScreening"]!);
        Assert.Null(expired["screeningValidUntil"]);
        Assert.Empty(expired["kinds"]!.AsArray());
        var later = new ScreeningSalon(App); // the first salon's admin token has expired with the months gone by
        Assert.True((bool)expired["screeningDue"]!);
        await (await later.BookAsync(App.FrontDesk(), client, "SURF", later.Builder.Start(2, 10)))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "screening-due");

        await (await App.FrontDesk().PostJson($"/api/v1/clients/{client}/screenings",
            new { answers = SalonBuilder.Answers() })).Expect(HttpStatusCode.Created);
        await (await later.BookAsync(App.FrontDesk(), client, "SURF", later.Builder.Start(2,
            10))).Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_clearance_lifts_R_for_the_kinds_it_covers_and_never_lifts_A()
    {
        var salon = new ScreeningSalon(App);
        // Diabetes (R everywhere) and a bleeding disorder (R for SURF and PRESS, A for the rest).
        var client = await salon.ClientAsync("Q15", "Q18");

        var response = await salon.ClearAsync(client, salon.Today, ["SURF", "DEEP"]);

        var clearance = await response.Expect(HttpStatusCode.Created);
        Assert.Equal($"/api/v1/clients/{client}/clearances", response.Headers.Location?.OriginalString);
        Assert.Equal(Day(salon.Today.AddDays(90)), (string?)clearance["validUntil"]);
        Assert.False((bool)clearance["pregnancy"]!);
        Assert.Equal(["SURF", "DEEP"], Strings(clearance["kinds"]));
        Assert.Equal(["Q15", "Q18"], Strings(clearance["conditions"]));
        var outcome = await salon.OutcomeAsync(client, App.Admin());
        var surf = Kind(outcome, "SURF");
        Assert.Equal("allowed_with_warnings", (string?)surf["status"]);
        Assert.Equal(["Q15", "Q18"], Strings(surf["clearedCodes"]));
        // Open on the clearance's strength, SURF closes when the clearance does, well before the screening's 180 days.
        Assert.Equal(Day(salon.Today.AddDays(90)), (string?)surf["validUntil"]);
        Assert.Empty(Strings(surf["blockingCodes"]));
        var deep = Kind(outcome, "DEEP");
        Assert.Equal("blocked", (string?)deep["status"]);
        Assert.Null(deep["validUntil"]);
        Assert.Equal(["Q18"], Strings(deep["blockingCodes"]));
        Assert.Equal(["Q15"], Strings(deep["clearedCodes"]));
        Assert.Equal("needs_clearance", (string?)Kind(outcome, "PRESS")["status"]);
        Assert.Equal(["Q15", "Q18"], Strings(Kind(outcome, "PRESS")["blockingCodes"]));

        // Even a clearance naming every kind leaves the A answers blocking.
        await (await salon.ClearAsync(client, salon.Today, Kinds)).Expect(HttpStatusCode.Created);
        var all = await salon.OutcomeAsync(client);
        Assert.Equal("allowed_with_warnings", (string?)Kind(all, "PRESS")["status"]);
        foreach (var kind in new[] { "DEEP", "HONEY", "MICRO", "VAC" })
            Assert.Equal("blocked", (string?)Kind(all, kind)["status"]);
    }

    [Fact]
    public async Task A_clearance_runs_90_days_by_default_30_for_pregnancy_and_lifts_nothing_after_its_date()
    {
        var salon = new ScreeningSalon(App);
        var today = salon.Today;
        var pregnant = await salon.ClientAsync("Q17", "Q15");

        var pregnancy = await (await salon.ClearAsync(pregnant, today, ["SURF"], pregnancy: true,
            validUntil: today.AddDays(60))).Expect(HttpStatusCode.Created);
        Assert.Equal(Day(today.AddDays(30)), (string?)pregnancy["validUntil"]);
        Assert.True((bool)pregnancy["pregnancy"]!);
        Assert.Equal("allowed_with_warnings", (string?)Kind(await salon.OutcomeAsync(pregnant), "SURF")["status"]);
        Assert.Equal("blocked", (string?)Kind(await salon.OutcomeAsync(pregnant), "DEEP")["status"]);
        // The screening says pregnant: the clearance is a pregnancy clearance even when the desk did not tick the box.
        var unticked = await (await salon.ClearAsync(pregnant, today, ["SURF"],
            conditions: ["Q15"])).Expect(HttpStatusCode.Created);
        Assert.Equal(Day(today.AddDays(30)), (string?)unticked["validUntil"]);
        Assert.True((bool)unticked["pregnancy"]!);

        var lapsed = await salon.ClientAsync("Q23");
        var old = await (await salon.ClearAsync(lapsed, today.AddDays(-91), ["SURF"])).Expect(HttpStatusCode.Created);
        Assert.Equal(Day(today.AddDays(-1)), (string?)old["validUntil"]);
        Assert.Equal("needs_clearance", (string?)Kind(await salon.OutcomeAsync(lapsed), "SURF")["status"]);
        await (await salon.ClearAsync(lapsed, today.AddDays(-90), ["SURF"])).Expect(HttpStatusCode.Created);
        Assert.Equal("allowed_with_warnings", (string?)Kind(await salon.OutcomeAsync(lapsed),
            "SURF")["status"]); // valid through today

        var dated = await (await salon.ClearAsync(lapsed, today, ["DEEP"],
            validUntil: today.AddDays(14))).Expect(HttpStatusCode.Created);
        Assert.Equal(Day(today.AddDays(14)), (string?)dated["validUntil"]);
        Assert.Equal(Day(today.AddDays(14)),
            await App.ScalarAsync<string>("SELECT valid_until FROM clearances WHERE id = @id",
            new { id = SalonBuilder.Id(dated) }));
    }

    [Fact]
    public async Task A_clearance_is_refused_in_the_future_without_kinds_or_with_an_unknown_kind()
    {
        var salon = new ScreeningSalon(App);
        var client = await salon.ClientAsync("Q15");
        var today = salon.Today;

        await (await salon.ClearAsync(client, today.AddDays(1),
            ["SURF"])).ExpectProblem(HttpStatusCode.UnprocessableEntity, "clearance-in-future");
        foreach (var kinds in new string[][] { [], ["LEGS"], ["1"], ["surf"], [" SURF"] })
        {
            var refused = await (await salon.ClearAsync(client, today, kinds)).ExpectProblem(HttpStatusCode.BadRequest,
                "validation");
            Assert.NotNull(refused["errors"]!["kinds"]);
        }
        var backwards = await (await salon.ClearAsync(client, today, ["SURF"],
            validUntil: today.AddDays(-1))).ExpectProblem(HttpStatusCode.BadRequest, "validation");
        Assert.NotNull(backwards["errors"]!["validUntil"]);
        var nameless = await (await App.FrontDesk().PostJson($"/api/v1/clients/{client}/clearances",
            new { issuedOn = Day(today), doctor = " ", clinic = "Поликлиника", kinds = new[] { "SURF" },
                conditions = new[] { "Q15" } })).ExpectProblem(HttpStatusCode.BadRequest, "validation");
        Assert.NotNull(nameless["errors"]!["doctor"]);
        var wordy = await (await App.FrontDesk().PostJson($"/api/v1/clients/{client}/clearances",
            new
            {
                issuedOn = Day(today), doctor = "Иванова", clinic = "Поликлиника", kinds = new[] { "SURF" }, conditions = new[] { "Q15" },
                restrictions = new string('я', 501),
            }))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation");
        Assert.NotNull(wordy["errors"]!["restrictions"]);
        await (await salon.ClearAsync(Guid.NewGuid(), today, ["SURF"])).ExpectProblem(HttpStatusCode.NotFound,
            "not-found");

        Assert.Equal(0L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM clearances WHERE client_id = @client",
            new { client }));
        Assert.Equal("needs_clearance", (string?)Kind(await salon.OutcomeAsync(client), "SURF")["status"]);
    }
}

public sealed class ScreeningOnSqlite(SqliteApp app) : ScreeningTests(app), IClassFixture<SqliteApp>;
public sealed class ScreeningOnPostgres(PostgresApp app) : ScreeningTests(app), IClassFixture<PostgresApp>;
public sealed class ScreeningOnSqlServer(SqlServerApp app) : ScreeningTests(app), IClassFixture<SqlServerApp>;

/// <summary>A salon that keeps a screening 30 days instead of 180: the validity is a setting.</summary>
public sealed class ShortScreeningApp : SqliteApp
{
    protected override IReadOnlyDictionary<string, string> Settings
        => new Dictionary<string, string> { ["Salon:ScreeningValidDays"] = "30" };
}

public sealed class ScreeningValiditySetting(ShortScreeningApp app) : ProviderTests(app), IClassFixture<ShortScreeningApp>
{
    [Fact]
    public async Task A_screening_is_valid_for_the_configured_number_of_days()
    {
        var salon = new ScreeningSalon(App);
        var submittedAt = App.Clock.GetUtcNow();
        var client = await salon.ClientAsync();

        Near(submittedAt.AddDays(30), Time((await salon.OutcomeAsync(client))["screeningValidUntil"]));
        App.Clock.Advance(TimeSpan.FromDays(30) + TimeSpan.FromMinutes(1));
        Assert.False((bool)(await salon.OutcomeAsync(client))["hasValidScreening"]!);
    }
}
