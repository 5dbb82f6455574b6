using System.Net;
using System.Text.Json.Nodes;
using Salon.Api.Tests.Infrastructure;
using static Salon.Api.Tests.ScreeningSalon;

namespace Salon.Api.Tests;

/// <summary>
/// No session without a valid screening: the gate at booking, rescheduling, availability and check-in, the pregnancy
/// cap, and the day-of check that cancels a visit free of charge.
/// </summary>
public abstract class ScreeningGateTests(SalonApp app) : ProviderTests(app)
{
    [Fact]
    public async Task Booking_a_blocked_kind_is_422_screening_blocks_with_the_codes_and_writes_nothing()
    {
        var salon = new ScreeningSalon(App);
        var client = await salon.ClientAsync("Q18",
            "Q22"); // bleeding disorder: A for DEEP; honey allergy: A for HONEY only

        var deep = await (await salon.BookAsync(App.FrontDesk(), client, "DEEP", salon.Builder.Start(3, 10)))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "screening-blocks");
        var honey = await (await salon.BookAsync(App.ClientAs("client", clientId: client), client, "HONEY",
            salon.Builder.Start(3, 12)))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "screening-blocks");

        NoQuestionCodes(deep); // the desk never sees the conditions behind a refusal
        NoQuestionCodes(honey);
        Assert.Equal(0L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM bookings WHERE client_id = @client",
            new { client }));
        Assert.Equal(0L,
            await App.ScalarAsync<long>("SELECT COUNT(*) FROM resource_claims WHERE resource_id = @therapist",
            new { therapist = await salon.TherapistAsync() }));
    }

    [Fact]
    public async Task Booking_a_kind_that_needs_clearance_is_422_until_a_clearance_covers_that_kind()
    {
        var salon = new ScreeningSalon(App);
        var client = await salon.ClientAsync("Q15"); // diabetes: R everywhere
        var desk = App.FrontDesk();

        var refused = await (await salon.BookAsync(desk, client, "SURF", salon.Builder.Start(3, 10)))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "clearance-required");
        NoQuestionCodes(refused);

        await (await salon.ClearAsync(client, salon.Today, ["DEEP"])).Expect(HttpStatusCode.Created);
        await (await salon.BookAsync(desk, client, "SURF", salon.Builder.Start(3,
            10))).ExpectProblem(HttpStatusCode.UnprocessableEntity, "clearance-required");
        await (await salon.BookAsync(desk, client, "DEEP", salon.Builder.Start(3, 10))).Expect(HttpStatusCode.Created);
        await (await salon.ClearAsync(client, salon.Today, ["SURF"])).Expect(HttpStatusCode.Created);
        await (await salon.BookAsync(desk, client, "SURF", salon.Builder.Start(4, 10))).Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_client_without_a_valid_screening_cannot_be_booked_and_the_problem_says_to_ask_the_questionnaire_first()
    {
        var salon = new ScreeningSalon(App);
        var desk = App.FrontDesk();
        var consenting = await salon.Builder.UnscreenedClientAsync();
        await (await desk.PostJson($"/api/v1/clients/{consenting}/consents", new { kind = "health_data",
            channel = "paper" })).Expect(HttpStatusCode.OK);
        var unconsenting = await salon.Builder.UnscreenedClientAsync();

        var refused = await (await salon.BookAsync(desk, consenting, "SURF", salon.Builder.Start(3, 10)))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "screening-required");
        Assert.Contains("questionnaire", (string)refused["detail"]!);
        await (await salon.BookAsync(App.ClientAs("client", clientId: consenting), consenting, "SURF",
            salon.Builder.Start(3, 10)))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "screening-required");
        await (await salon.BookAsync(desk, unconsenting, "SURF", salon.Builder.Start(3, 10)))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "health-consent-required");
        Assert.Equal(0L,
            await App.ScalarAsync<long>("SELECT COUNT(*) FROM bookings WHERE client_id IN (@consenting, @unconsenting)",
            new { consenting, unconsenting }));
    }

    [Fact]
    public async Task Rescheduling_past_the_end_of_the_clearance_is_refused_and_the_booking_stays()
    {
        var salon = new ScreeningSalon(App);
        var client = await salon.ClientAsync("Q23"); // recent surgery: R everywhere
        await (await salon.ClearAsync(client, salon.Today.AddDays(-80),
            ["SURF"])).Expect(HttpStatusCode.Created); // valid 10 more days
        var desk = App.FrontDesk();
        var booking = await (await salon.BookAsync(desk, client, "SURF", salon.Builder.Start(5,
            10))).Expect(HttpStatusCode.Created);
        var url = $"/api/v1/bookings/{booking["id"]}";

        await (await desk.PostJson(url + "/reschedule", new { startsAt = salon.Builder.Start(10,
            10) })).Expect(HttpStatusCode.OK);
        var refused = await (await desk.PostJson(url + "/reschedule", new { startsAt = salon.Builder.Start(11, 10) }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "clearance-required");
        NoQuestionCodes(refused);
        await (await salon.BookAsync(desk, client, "SURF", salon.Builder.Start(12,
            10))).ExpectProblem(HttpStatusCode.UnprocessableEntity, "clearance-required");

        var after = await (await desk.GetAsync(url)).Expect(HttpStatusCode.OK);
        Assert.Equal(salon.Builder.Start(10, 10), Time(after["startsAt"]));
        Assert.Equal(2L, (long?)after["version"]);
    }

    [Fact]
    public async Task Rescheduling_re_checks_the_screening_as_it_is_now()
    {
        var salon = new ScreeningSalon(App);
        var client = await salon.ClientAsync();
        var desk = App.FrontDesk();
        var booking = await (await salon.BookAsync(desk, client, "DEEP", salon.Builder.Start(3,
            10))).Expect(HttpStatusCode.Created);

        // The client reports a change: anticoagulants now (R for DEEP).
        await (await desk.PostJson($"/api/v1/clients/{client}/screenings",
            new { answers = SalonBuilder.Answers("Q19") })).Expect(HttpStatusCode.Created);

        var refused = await (await App.ClientAs("client",
            clientId: client).PostJson($"/api/v1/bookings/{booking["id"]}/reschedule", new { startsAt = salon.Builder.Start(4, 10) }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "clearance-required");
        NoQuestionCodes(refused);
        Assert.Equal(salon.Builder.Start(3, 10),
            Time((await (await desk.GetAsync($"/api/v1/bookings/{booking["id"]}")).Expect(HttpStatusCode.OK))["startsAt"]));
    }

    [Fact]
    public async Task Availability_for_a_client_hides_every_slot_they_may_not_book_and_says_why()
    {
        var salon = new ScreeningSalon(App);
        var day = Day(salon.Today.AddDays(3));
        var blocked = await salon.ClientAsync("Q18");
        var uncleared = await salon.ClientAsync("Q15");
        var unscreened = await salon.Builder.UnscreenedClientAsync();
        var desk = App.FrontDesk();
        var deep = await salon.ServiceAsync("DEEP");

        var open = await Slots(desk, deep, day, day);
        Assert.NotEmpty(open["slots"]!.AsArray());
        Assert.Null(open["blockedForClient"]);
        Assert.NotEmpty((await Slots(desk, deep, day, day, await salon.ClientAsync()))["slots"]!.AsArray());

        foreach (var (client, problem) in new (Guid, string)[]
                 { (blocked, "screening-blocks"), (uncleared, "clearance-required"), (unscreened,
                     "health-consent-required") })
        {
            var hidden = await Slots(desk, deep, day, day, client);
            Assert.Empty(hidden["slots"]!.AsArray());
            Assert.Equal("https://salon.example/problems/" + problem, (string?)hidden["blockedForClient"]!["type"]);
            Assert.Empty(Strings(hidden["blockedForClient"]!["codes"]));
            NoQuestionCodes(hidden);
        }
        // A client searching in the app is searched as themself.
        var mine = await Slots(App.ClientAs("client", clientId: blocked), deep, day, day);
        Assert.Empty(mine["slots"]!.AsArray());
        Assert.Equal("https://salon.example/problems/screening-blocks", (string?)mine["blockedForClient"]!["type"]);
        await (await desk.PostJson($"/api/v1/clients/{unscreened}/consents", new { kind = "health_data",
            channel = "paper" })).Expect(HttpStatusCode.OK);
        Assert.Equal("https://salon.example/problems/screening-required", (string?)(await Slots(desk, deep, day, day,
            unscreened))["blockedForClient"]!["type"]);
    }

    [Fact]
    public async Task Availability_ends_where_the_clearance_ends()
    {
        var salon = new ScreeningSalon(App);
        var client = await salon.ClientAsync("Q15");
        var today = salon.Today;
        await (await salon.ClearAsync(client, today.AddDays(-85),
            ["SURF"])).Expect(HttpStatusCode.Created); // last day: today + 5
        var surf = await salon.ServiceAsync("SURF");

        var slots = (await Slots(App.FrontDesk(), surf, Day(today.AddDays(3)), Day(today.AddDays(8)),
            client))["slots"]!.AsArray();

        var days = slots.Select(s => DateOnly.FromDateTime(Time(s!["start"]).DateTime)).Distinct().ToList();
        Assert.Equal([today.AddDays(3), today.AddDays(4), today.AddDays(5)], days);
        await (await salon.BookAsync(App.FrontDesk(), client, "SURF", salon.Builder.Start(5,
            10))).Expect(HttpStatusCode.Created);
        await (await salon.BookAsync(App.FrontDesk(), client, "SURF", salon.Builder.Start(6,
            10))).ExpectProblem(HttpStatusCode.UnprocessableEntity, "clearance-required");
    }

    [Fact]
    public async Task A_pregnant_client_with_clearance_gets_at_most_two_sessions_in_any_seven_days()
    {
        var salon = new ScreeningSalon(App);
        var client = await salon.ClientAsync("Q17");
        var desk = App.FrontDesk();
        DateTimeOffset On(int days, int hour) => salon.Builder.Start(days, hour);

        var uncleared = await (await salon.BookAsync(desk, client, "SURF", On(2,
            10))).ExpectProblem(HttpStatusCode.UnprocessableEntity, "clearance-required");
        NoQuestionCodes(uncleared);
        await (await salon.ClearAsync(client, salon.Today, ["SURF", "DEEP"],
            pregnancy: true)).Expect(HttpStatusCode.Created);
        // The clearance never lifts the A: deep drainage stays closed in pregnancy.
        var deep = await (await salon.BookAsync(desk, client, "DEEP", On(2,
            10))).ExpectProblem(HttpStatusCode.UnprocessableEntity, "screening-blocks");
        NoQuestionCodes(deep);

        await (await salon.BookAsync(desk, client, "SURF", On(2, 10))).Expect(HttpStatusCode.Created);
        var fourth = await (await salon.BookAsync(desk, client, "SURF", On(4, 10))).Expect(HttpStatusCode.Created);
        var eighth = await (await salon.BookAsync(desk, client, "SURF", On(8,
            10))).ExpectProblem(HttpStatusCode.UnprocessableEntity, "pregnancy-weekly-cap");
        NoQuestionCodes(eighth);
        await (await salon.BookAsync(App.ClientAs("client", clientId: client), client, "SURF", On(6, 10)))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "pregnancy-weekly-cap");

        // Any day from 3 to 8 would make a third session within seven days of days 2 and 4; day 9 is clear of day 2.
        var surf = await salon.ServiceAsync("SURF");
        var slots = (await Slots(desk, surf, Day(salon.Today.AddDays(3)), Day(salon.Today.AddDays(9)),
            client))["slots"]!.AsArray();
        var days = slots.Select(s => DateOnly.FromDateTime(Time(s!["start"]).DateTime)).Distinct().ToList();
        Assert.Equal([salon.Today.AddDays(9)], days);
        var ninth = await (await salon.BookAsync(desk, client, "SURF", On(9, 10))).Expect(HttpStatusCode.Created);

        // Moving a session keeps the cap: day 9 to day 5 would be three within days 2 to 8; day 4 to day 3 is fine.
        await (await desk.PostJson($"/api/v1/bookings/{ninth["id"]}/reschedule", new { startsAt = On(5, 10) }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "pregnancy-weekly-cap");
        await (await desk.PostJson($"/api/v1/bookings/{fourth["id"]}/reschedule", new { startsAt = On(3,
            10) })).Expect(HttpStatusCode.OK);
        Assert.Equal(3L,
            await App.ScalarAsync<long>("SELECT COUNT(*) FROM bookings WHERE client_id = @client AND status = 'booked'",
            new { client }));
    }

    [Fact]
    public async Task Check_in_needs_every_day_of_answer_and_only_those()
    {
        var salon = new ScreeningSalon(App);
        var (booking, _) = await VisitSoonAsync(salon, await salon.ClientAsync());
        var url = $"/api/v1/bookings/{booking}/check-in";
        var desk = App.FrontDesk();

        var allNo = SalonBuilder.DayOf();
        var missing = await (await desk.PostJson(url, new { dayOfAnswers = DayOfCodes.Where(c
            => c is not ("Q17" or "Q21")).ToDictionary(c => c, _ => false) }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "day-of-answers-required");
        Assert.Null(missing["codes"]); // the questions to ask are the questionnaire's askedOnDay ones
        NoQuestionCodes(missing);
        await (await desk.PostJson(url, new { dayOfAnswers = new Dictionary<string,
            bool>() })).ExpectProblem(HttpStatusCode.UnprocessableEntity, "day-of-answers-required");
        var extra = DayOfCodes.ToDictionary(c => c, _ => false);
        extra["Q05"] = false;
        await (await desk.PostJson(url, new { dayOfAnswers = extra })).ExpectProblem(HttpStatusCode.BadRequest,
            "validation");
        await (await App.ClientAs("therapist", Guid.NewGuid()).PostJson(url,
            allNo)).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");

        Assert.Equal("booked", await App.ScalarAsync<string>("SELECT status FROM bookings WHERE id = @booking",
            new { booking }));
        Assert.Equal(0L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM day_checks WHERE booking_id = @booking",
            new { booking }));
        var checkedIn = await (await desk.PostJson(url, allNo)).Expect(HttpStatusCode.OK);
        Assert.Equal("checked_in", (string?)checkedIn["status"]);
        Assert.Equal(6L, await App.ScalarAsync<long>(
            "SELECT COUNT(*) FROM day_check_answers a JOIN day_checks d ON d.id = a.day_check_id WHERE d.booking_id = @booking", new { booking }));
    }

    [Theory]
    [InlineData("Q01")] // fever: D
    [InlineData("Q21")] // unwell today: D
    [InlineData("Q03")] // signs of thrombosis: A
    public async Task A_day_of_D_or_A_answer_refuses_check_in_and_cancels_the_visit_free_without_using_a_package_session(string code)
    {
        var salon = new ScreeningSalon(App);
        var client = await salon.ClientAsync();
        var package = await PackageAsync(salon, client);
        var (booking, start) = await VisitSoonAsync(salon, client, package);
        var desk = App.FrontDesk();
        Assert.Equal(1,
            (int?)(await (await desk.GetAsync($"/api/v1/packages/{package}")).Expect(HttpStatusCode.OK))["sessionsBooked"]);

        var refused = await (await desk.PostJson($"/api/v1/bookings/{booking}/check-in", SalonBuilder.DayOf(code)))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "day-of-check-failed");

        NoQuestionCodes(refused);
        var cancelled = await (await desk.GetAsync($"/api/v1/bookings/{booking}")).Expect(HttpStatusCode.OK);
        Assert.Equal("cancelled", (string?)cancelled["status"]);
        Assert.Equal("health_check", (string?)cancelled["cancellation"]);
        Assert.Equal("cancelled", (string?)cancelled["history"]!.AsArray().Last()!["kind"]);
        var course = await (await desk.GetAsync($"/api/v1/packages/{package}")).Expect(HttpStatusCode.OK);
        Assert.Equal(0, (int?)course["sessionsUsed"]);
        Assert.Equal(0, (int?)course["sessionsBooked"]);
        Assert.Equal(10, (int?)course["sessionsLeft"]);
        Assert.Equal(0L,
            await App.ScalarAsync<long>("SELECT COUNT(*) FROM package_redemptions WHERE package_id = @package",
            new { package }));
        Assert.Equal(0L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM resource_claims WHERE booking_id = @booking",
            new { booking }));
        Assert.Equal(1L,
            await App.ScalarAsync<long>("SELECT COUNT(*) FROM day_checks WHERE booking_id = @booking AND passed = @no",
            new { booking, no = false }));
        await (await desk.PostJson($"/api/v1/bookings/{booking}/check-in",
            SalonBuilder.DayOf())).ExpectProblem(HttpStatusCode.Conflict, "illegal-transition");
        // The freed time is bookable again.
        await (await salon.BookAsync(desk, await salon.ClientAsync(), "SURF", start)).Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_pregnancy_told_only_at_check_in_needs_a_clearance_so_the_visit_is_cancelled_free()
    {
        var salon = new ScreeningSalon(App);
        var client = await salon.ClientAsync();
        var package = await PackageAsync(salon, client);
        var (booking, _) = await VisitSoonAsync(salon, client, package);
        var desk = App.FrontDesk();

        var refused = await (await desk.PostJson($"/api/v1/bookings/{booking}/check-in",
            SalonBuilder.DayOf("Q17"))) // R for SURF
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "day-of-check-failed");

        NoQuestionCodes(refused);
        var cancelled = await (await desk.GetAsync($"/api/v1/bookings/{booking}")).Expect(HttpStatusCode.OK);
        Assert.Equal("health_check", (string?)cancelled["cancellation"]);
        Assert.Equal(0,
            (int?)(await (await desk.GetAsync($"/api/v1/packages/{package}")).Expect(HttpStatusCode.OK))["sessionsUsed"]);
    }

    [Fact]
    public async Task A_day_of_warning_answer_lets_the_visit_start_and_only_the_given_visit_uses_a_package_session()
    {
        var salon = new ScreeningSalon(App);
        var client = await salon.ClientAsync("Q19"); // on file already, so saying it again changes nothing
        var package = await PackageAsync(salon, client);
        var (booking, _) = await VisitSoonAsync(salon, client, package);
        var desk = App.FrontDesk();

        await (await desk.PostJson($"/api/v1/bookings/{booking}/check-in",
            SalonBuilder.DayOf("Q19"))).Expect(HttpStatusCode.OK); // W for SURF
        await (await desk.PostAsync($"/api/v1/bookings/{booking}/complete", null)).Expect(HttpStatusCode.OK);

        var course = await (await desk.GetAsync($"/api/v1/packages/{package}")).Expect(HttpStatusCode.OK);
        Assert.Equal(1, (int?)course["sessionsUsed"]);
        Assert.Equal(9, (int?)course["sessionsLeft"]);
    }

    [Fact]
    public async Task Withdrawing_the_health_data_consent_blocks_booking_availability_and_check_in_and_stores_no_day_of_answer()
    {
        var salon = new ScreeningSalon(App);
        var client = await salon.ClientAsync();
        var (booking, _) = await VisitSoonAsync(salon, client);
        var desk = App.FrontDesk();

        await salon.WithdrawAsync(client, "health_data");

        await (await salon.BookAsync(desk, client, "SURF", salon.Builder.Start(3,
            10))).ExpectProblem(HttpStatusCode.UnprocessableEntity, "health-consent-required");
        var day = Day(salon.Today.AddDays(3));
        var hidden = await Slots(desk, await salon.ServiceAsync("SURF"), day, day, client);
        Assert.Empty(hidden["slots"]!.AsArray());
        Assert.Equal("https://salon.example/problems/health-consent-required",
            (string?)hidden["blockedForClient"]!["type"]);
        Assert.False((bool)(await salon.OutcomeAsync(client))["healthConsent"]!);
        await (await desk.PostJson($"/api/v1/bookings/{booking}/check-in", SalonBuilder.DayOf()))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "health-consent-required");
        await (await desk.PostJson($"/api/v1/bookings/{booking}/check-in", SalonBuilder.DayOf("Q01")))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "health-consent-required");

        Assert.Equal("booked", await App.ScalarAsync<string>("SELECT status FROM bookings WHERE id = @booking",
            new { booking }));
        Assert.Equal(0L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM day_checks WHERE booking_id = @booking",
            new { booking }));
        await (await desk.PostJson($"/api/v1/clients/{client}/screenings", new { answers = SalonBuilder.Answers() }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "health-consent-required");
    }

    [Fact]
    public async Task Withdrawing_a_minors_guardian_consent_blocks_future_sessions()
    {
        var salon = new ScreeningSalon(App);
        var desk = App.FrontDesk();
        var minor = SalonBuilder.Id(await (await desk.PostJson("/api/v1/clients", new
        {
            firstName = "Алиса", lastName = "Орлова", phone = ClientsTests.NewPhone(),
            birthDate = DateTime.UtcNow.AddYears(-15).ToString("yyyy-MM-dd",
                System.Globalization.CultureInfo.InvariantCulture),
            personalDataConsent = new { channel = "paper" },
        })).Expect(HttpStatusCode.Created));
        await (await desk.PostJson($"/api/v1/clients/{minor}/consents",
            ScreeningTests.GuardianConsent)).Expect(HttpStatusCode.OK);
        await salon.Builder.ScreenAsync(minor);
        await (await salon.BookAsync(desk, minor, "SURF", salon.Builder.Start(3, 10))).Expect(HttpStatusCode.Created);

        await salon.WithdrawAsync(minor, "guardian");

        await (await salon.BookAsync(desk, minor, "SURF", salon.Builder.Start(4,
            10))).ExpectProblem(HttpStatusCode.UnprocessableEntity, "guardian-consent-required");
        var day = Day(salon.Today.AddDays(4));
        Assert.Equal("https://salon.example/problems/guardian-consent-required",
            (string?)(await Slots(desk, await salon.ServiceAsync("SURF"), day, day,
                minor))["blockedForClient"]!["type"]);
    }

    [Fact]
    public async Task The_therapist_sees_the_outcome_for_the_booked_kind_and_its_warnings()
    {
        var salon = new ScreeningSalon(App);
        var client = await salon.ClientAsync("Q05", "Q15");
        await (await salon.ClearAsync(client, salon.Today, ["SURF"])).Expect(HttpStatusCode.Created);
        var booking = await (await salon.BookAsync(App.FrontDesk(), client, "SURF", salon.Builder.Start(3,
            10))).Expect(HttpStatusCode.Created);

        var seen = await (await App.ClientAs("therapist",
            await salon.TherapistAsync()).GetAsync($"/api/v1/bookings/{booking["id"]}/screening"))
            .Expect(HttpStatusCode.OK);

        Assert.Equal("SURF", (string?)seen["kind"]);
        Assert.Equal("allowed_with_warnings", (string?)seen["status"]);
        Assert.Equal(["Q05", "Q15"], seen["warnings"]!.AsArray().Select(w => (string)w!["code"]!));
        Assert.Equal("сахарный диабет", (string?)seen["warnings"]![1]!["text"]); // plain words, not the code alone
        Assert.Equal(["без глубокого давления"], Strings(seen["restrictions"]));
        Assert.True((bool)seen["hasValidScreening"]!);
        Assert.Null(seen["answers"]);
    }

    private static async Task<JsonNode> Slots(HttpClient http, Guid service, string from, string to,
        Guid? client = null) =>
        await (await http.GetAsync($"/api/v1/availability?serviceId={service}&from={from}&to={to}{(client is null ? "" : $"&clientId={client}")}"))
            .Expect(HttpStatusCode.OK);

    /// <summary>A surface drainage visit starting in about three hours, with the test clock moved to an hour before
    /// it.</summary>
    private async Task<(Guid Booking, DateTimeOffset Start)> VisitSoonAsync(ScreeningSalon salon, Guid client,
        Guid? package = null)
    {
        var start = salon.GridAhead(TimeSpan.FromHours(3));
        var booking = SalonBuilder.Id(await (await salon.BookAsync(App.FrontDesk(), client, "SURF", start,
            package)).Expect(HttpStatusCode.Created));
        App.Clock.Advance(start - App.Clock.GetUtcNow() - TimeSpan.FromHours(1));
        return (booking, start);
    }

    /// <summary>A ten-session course of surface drainage sold to the client.</summary>
    private async Task<Guid> PackageAsync(ScreeningSalon salon, Guid client)
    {
        var template = SalonBuilder.Id(await (await App.Admin().PostJson("/api/v1/package-templates", new
        {
            name = "Курс " + Guid.NewGuid().ToString("N")[..8], sessionCount = 10, price = 16200m, validityDays = 45, minDaysBetween = 2, freezeDays = 14,
            serviceId = await salon.ServiceAsync("SURF"),
        })).Expect(HttpStatusCode.Created));
        return SalonBuilder.Id(await (await App.FrontDesk().PostJson("/api/v1/packages", new { clientId = client,
            templateId = template, method = "card" }))
            .Expect(HttpStatusCode.Created));
    }
}

public sealed class ScreeningGateOnSqlite(SqliteApp app) : ScreeningGateTests(app), IClassFixture<SqliteApp>;
public sealed class ScreeningGateOnPostgres(PostgresApp app) : ScreeningGateTests(app), IClassFixture<PostgresApp>;
public sealed class ScreeningGateOnSqlServer(SqlServerApp app) : ScreeningGateTests(app), IClassFixture<SqlServerApp>;
