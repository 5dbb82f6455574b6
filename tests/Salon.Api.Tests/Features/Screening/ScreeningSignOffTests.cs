using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Salon.Api.Features.Screening;
using Salon.Api.Tests.Infrastructure;
using static Salon.Api.Tests.ScreeningSalon;

namespace Salon.Api.Tests;

/// <summary>
/// Issue 10, "screening a doctor would sign off": one regression test per defect found by the review (numbered as in
/// the issue), each failing on the code before the fix.
/// </summary>
public abstract class ScreeningSignOffTests(SalonApp app) : ProviderTests(app)
{
    [Fact]
    public async Task D1_a_diabetes_clearance_lifts_neither_a_pregnancy_told_at_check_in_nor_one_in_a_new_screening()
    {
        var salon = new ScreeningSalon(App);
        var client = await salon.ClientAsync("Q15");
        await (await salon.ClearAsync(client, salon.Today, ["SURF"],
            conditions: ["Q15"])).Expect(HttpStatusCode.Created);
        var (booking, _) = await VisitSoonAsync(salon, client);

        // Pregnancy told at check-in: no clearance names it, so no session (free) and the screening is void.
        await (await App.FrontDesk().PostJson($"/api/v1/bookings/{booking}/check-in", SalonBuilder.DayOf("Q17")))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "day-of-check-failed");
        Assert.Equal("cancelled", await App.ScalarAsync<string>("SELECT status FROM bookings WHERE id = @booking",
            new { booking }));

        // A new screening with diabetes and pregnancy: the old clearance was issued against the old screening.
        await (await App.FrontDesk().PostJson($"/api/v1/clients/{client}/screenings",
            new { answers = SalonBuilder.Answers("Q15", "Q17") }))
            .Expect(HttpStatusCode.Created);
        Assert.Equal("needs_clearance", (string?)Kind(await salon.OutcomeAsync(client), "SURF")["status"]);
        await (await salon.ClearAsync(client, salon.Today, ["SURF"],
            conditions: ["Q15"])).Expect(HttpStatusCode.Created);
        Assert.Equal("needs_clearance", (string?)Kind(await salon.OutcomeAsync(client),
            "SURF")["status"]); // Q17 still open
        var pregnancy = await (await salon.ClearAsync(client, salon.Today, ["SURF"], pregnancy: true,
            conditions: ["Q17"])).Expect(HttpStatusCode.Created);
        Assert.Equal(Day(salon.Today.AddDays(30)), (string?)pregnancy["validUntil"]);
        Assert.Equal("allowed_with_warnings", (string?)Kind(await salon.OutcomeAsync(client), "SURF")["status"]);
    }

    [Fact]
    public async Task D2_serious_news_at_check_in_voids_the_screening_so_the_next_days_visit_is_screening_due_and_refused()
    {
        var salon = new ScreeningSalon(App);
        var client = await salon.ClientAsync();
        var desk = App.FrontDesk();
        var start = salon.GridAhead(TimeSpan.FromHours(3));
        var tomorrow = SalonBuilder.Id(await (await salon.BookAsync(desk, client, "SURF",
            start.AddDays(1))).Expect(HttpStatusCode.Created));
        var (today, _) = await VisitSoonAsync(salon, client, start);

        await (await desk.PostJson($"/api/v1/bookings/{today}/check-in", SalonBuilder.DayOf("Q03")))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "day-of-check-failed");

        var next = await (await desk.GetAsync($"/api/v1/bookings/{tomorrow}")).Expect(HttpStatusCode.OK);
        Assert.Equal("booked", (string?)next["status"]); // stays booked ...
        Assert.True((bool)next["screeningDue"]!); // ... but due
        var outcome = await salon.OutcomeAsync(client);
        Assert.False((bool)outcome["hasValidScreening"]!);
        Assert.True((bool)outcome["screeningDue"]!);
        var mine = await (await App.ClientAs("client",
            clientId: client).GetAsync($"/api/v1/bookings/{tomorrow}")).Expect(HttpStatusCode.OK);
        Assert.True((bool)mine["screeningDue"]!);
        var day = Day(salon.Today.AddDays(2));
        Assert.Equal("https://salon.example/problems/screening-due",
            (string?)(await (await desk.GetAsync($"/api/v1/availability?serviceId={await salon.ServiceAsync("SURF")}&from={day}&to={day}&clientId={client}"))
                .Expect(HttpStatusCode.OK))["blockedForClient"]!["type"]);

        App.Clock.Advance(TimeSpan.FromDays(1));
        await (await App.FrontDesk().PostJson($"/api/v1/bookings/{tomorrow}/check-in", SalonBuilder.DayOf()))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "screening-due");
        Assert.Equal("booked", await App.ScalarAsync<string>("SELECT status FROM bookings WHERE id = @tomorrow",
            new { tomorrow }));
    }

    [Fact]
    public async Task D3_the_therapist_sees_the_clearances_restrictions_and_what_the_client_said_at_check_in()
    {
        var salon = new ScreeningSalon(App);
        var client = await salon.ClientAsync("Q15", "Q19");
        await (await salon.ClearAsync(client, salon.Today, ["SURF"],
            conditions: ["Q15"])).Expect(HttpStatusCode.Created);
        var (booking, start) = await VisitSoonAsync(salon, client);
        await (await App.FrontDesk().PostJson($"/api/v1/bookings/{booking}/check-in",
            SalonBuilder.DayOf("Q19"))).Expect(HttpStatusCode.OK);
        var therapist = App.ClientAs("therapist", await salon.TherapistAsync());

        var seen = await (await therapist.GetAsync($"/api/v1/bookings/{booking}/screening")).Expect(HttpStatusCode.OK);

        Assert.Equal(["без глубокого давления"], Strings(seen["restrictions"]));
        var answers = seen["dayOfAnswers"]!.AsArray();
        Assert.Equal(DayOfCodes, answers.Select(a => (string)a!["code"]!));
        Assert.True((bool)answers.Single(a => (string?)a!["code"] == "Q19")!["answer"]!);
        Assert.Equal("приём антикоагулянтов или антиагрегантов", (string?)answers.Single(a
            => (string?)a!["code"] == "Q19")!["text"]);
        Assert.Contains("сахарный диабет", seen["warnings"]!.AsArray().Select(w => (string)w!["text"]!));

        var day = (await (await therapist.GetAsync($"/api/v1/therapists/{await salon.TherapistAsync()}/schedule?date={start:yyyy-MM-dd}"))
            .Expect(HttpStatusCode.OK))["visits"]!.AsArray().Single()!;
        Assert.Equal(["без глубокого давления"], Strings(day["restrictions"]));
        Assert.Equal(6, day["dayOfAnswers"]!.AsArray().Count);
        Assert.Contains("сахарный диабет", Strings(day["warnings"]));
    }

    [Fact]
    public async Task D4_a_guardians_consent_is_given_at_the_desk_only_and_no_health_consent_without_a_birth_date()
    {
        var desk = App.FrontDesk();
        var adult = await new SalonBuilder(App).UnscreenedClientAsync();
        await (await App.ClientAs("client", clientId: adult).PostJson("/api/v1/me/consents", new { kind = "guardian",
            channel = "electronic" }))
            .ExpectProblem(HttpStatusCode.Forbidden, "guardian-consent-at-desk");
        Assert.Equal(0L,
            await App.ScalarAsync<long>("SELECT COUNT(*) FROM client_consents WHERE client_id = @adult AND kind = 'guardian'", new { adult }));

        var ageless = SalonBuilder.Id(await (await desk.PostJson("/api/v1/clients", new
        {
            firstName = "Вера", lastName = "Лебедева", phone = ClientsTests.NewPhone(), personalDataConsent = new { channel = "paper" },
        })).Expect(HttpStatusCode.Created));
        await (await desk.PostJson($"/api/v1/clients/{ageless}/consents", new { kind = "health_data",
            channel = "paper" }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "birth-date-required");

        var minor = SalonBuilder.Id(await (await desk.PostJson("/api/v1/clients", new
        {
            firstName = "Алиса", lastName = "Лебедева", phone = ClientsTests.NewPhone(), personalDataConsent = new { channel = "paper" },
            birthDate = Day(new ScreeningSalon(App).Today.AddYears(-16)),
        })).Expect(HttpStatusCode.Created));
        var nameless = await (await desk.PostJson($"/api/v1/clients/{minor}/consents", new { kind = "guardian",
            channel = "paper" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation");
        Assert.NotNull(nameless["errors"]!["guardianDocument"]);
        var record = await (await desk.PostJson($"/api/v1/clients/{minor}/consents",
            ScreeningTests.GuardianConsent)).Expect(HttpStatusCode.OK);
        var guardian = record["consents"]!.AsArray().Single(c => (string?)c!["kind"] == "guardian")!;
        Assert.Equal("мать", (string?)guardian["guardianRelation"]);
        Assert.Equal("паспорт 4510 123456", (string?)guardian["guardianDocument"]);

        // Sign-up in the app asks for the birth date, so the client can consent and answer from the app.
        var token = await (await App.CreateClient().PostJson("/api/v1/auth/client/sign-up",
            MobileClientTests.SignUp(ClientsTests.NewPhone())))
            .Expect(HttpStatusCode.Created);
        var http = App.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            (string)token["accessToken"]!);
        Assert.Equal("1992-05-17",
            (string?)(await (await http.GetAsync("/api/v1/me")).Expect(HttpStatusCode.OK))["birthDate"]);
    }

    [Fact]
    public async Task D5_no_question_code_reaches_the_front_desk_the_printed_sheets_or_the_calendars()
    {
        var salon = new ScreeningSalon(App);
        var (client, booking, start) = await ClientWithQ05Q15Q17Async(salon);
        var desk = App.FrontDesk();
        var therapist = await salon.TherapistAsync();
        var date = $"{start:yyyy-MM-dd}";

        var bodies = new List<string>
        {
            await Body(desk.GetAsync($"/api/v1/clients/{client}/screening-outcome")),
            await Body(desk.GetAsync($"/api/v1/bookings/{booking}/screening")),
            await Body(desk.GetAsync($"/api/v1/bookings/{booking}")),
            await Body(desk.GetAsync($"/api/v1/bookings?from={date}&to={date}")),
            await Body(desk.GetAsync($"/api/v1/availability?serviceId={await salon.ServiceAsync("DEEP")}&from={date}&to={date}&clientId={client}")),
            await Body(desk.GetAsync($"/api/v1/availability?serviceId={await salon.ServiceAsync("SURF")}&from={date}&to={date}&clientId={client}")),
            await Body(salon.BookAsync(desk, client, "DEEP", start.AddHours(2))), // screening-blocks
            await Body(desk.GetAsync($"/api/v1/therapists/{therapist}/schedule?date={date}")),
            await Body(desk.GetAsync($"/api/v1/therapists/{therapist}/schedule?date={date}&format=csv")),
            await Body(desk.GetAsync($"/api/v1/schedule?date={date}")),
            await Body(desk.GetAsync($"/api/v1/schedule?date={date}&format=csv")),
        };
        var own = App.ClientAs("therapist", therapist);
        var ics = await Body(own.GetAsync($"/api/v1/therapists/{therapist}/schedule?date={date}&format=ics"));
        var feed = await (await own.PostAsync($"/api/v1/therapists/{therapist}/calendar-feed",
            null)).Expect(HttpStatusCode.Created);
        var phone = await Body(App.CreateClient().GetAsync((string)feed["url"]!));

        Assert.All(bodies, NoQuestionCodes);
        Assert.Contains("allowed_with_warnings", bodies[0]); // the outcome per kind is still there
        Assert.Contains("screening-blocks", bodies[6]);
        foreach (var calendar in new[] { ics, phone })
        {
            Assert.Contains("BEGIN:VEVENT", calendar);
            NoQuestionCodes(calendar);
            // No health data at all: no outcome word, no warning, no pregnancy.
            foreach (var word in new[] { "allowed", "warning", "Скрининг", "беремен", "диабет", "варикоз" })
                Assert.DoesNotContain(word, calendar, StringComparison.OrdinalIgnoreCase);
        }
        // The printed sheet carries the outcome word only.
        Assert.Contains("allowed_with_warnings", bodies[10]);
        Assert.DoesNotContain("диабет", bodies[10]);
    }

    [Fact]
    public async Task D6_withdrawing_health_consent_stops_every_read_a_new_consent_needs_a_new_screening_and_the_data_is_destroyed_after_retention()
    {
        var salon = new ScreeningSalon(App);
        var client = await salon.ClientAsync("Q15");
        await (await salon.ClearAsync(client, salon.Today, ["SURF"],
            conditions: ["Q15"])).Expect(HttpStatusCode.Created);
        var (booking, _) = await VisitSoonAsync(salon, client);
        await (await App.FrontDesk().PostJson($"/api/v1/bookings/{booking}/check-in",
            SalonBuilder.DayOf())).Expect(HttpStatusCode.OK);
        var desk = App.FrontDesk();
        var consent = await (await desk.GetAsync($"/api/v1/clients/{client}")).Expect(HttpStatusCode.OK);
        var health = consent["consents"]!.AsArray().Single(c => (string?)c!["kind"] == "health_data")!;
        Assert.NotNull((string?)health["textVersion"]);
        Assert.NotNull((string?)health["purpose"]);
        Assert.Equal("paper", (string?)health["channel"]);
        // Health consent is signed on paper at the desk: by phone or "in person" without a signature is refused.
        var other = await new SalonBuilder(App).UnscreenedClientAsync();
        foreach (var channel in new[] { "phone", "in_person", "mobile" })
            await (await desk.PostJson($"/api/v1/clients/{other}/consents", new { kind = "health_data",
                channel })).ExpectProblem(HttpStatusCode.BadRequest, "validation");

        await salon.WithdrawAsync(client, "health_data");

        var admin = App.Admin();
        await (await admin.GetAsync($"/api/v1/clients/{client}/screenings/current")).ExpectProblem(HttpStatusCode.Conflict, "health-processing-stopped");
        await (await admin.GetAsync($"/api/v1/clients/{client}/clearances")).ExpectProblem(HttpStatusCode.Conflict,
            "health-processing-stopped");
        await (await App.ClientAs("client", clientId: client).GetAsync($"/api/v1/clients/{client}/screenings/current"))
            .ExpectProblem(HttpStatusCode.Conflict, "health-processing-stopped");
        var stopped = await salon.OutcomeAsync(client, admin);
        Assert.Empty(stopped["kinds"]!.AsArray());
        Assert.False((bool)stopped["hasValidScreening"]!);

        // Consent again: the old screening does not come back.
        await (await desk.PostJson($"/api/v1/clients/{client}/consents", new { kind = "health_data",
            channel = "paper" })).Expect(HttpStatusCode.OK);
        var again = await salon.OutcomeAsync(client);
        Assert.False((bool)again["hasValidScreening"]!);
        Assert.True((bool)again["screeningDue"]!);
        await (await salon.BookAsync(desk, client, "SURF", salon.Builder.Start(3,
            10))).ExpectProblem(HttpStatusCode.UnprocessableEntity, "screening-due");

        // The retention job destroys the content after Salon:HealthRetentionDays (30), leaving the audit trail.
        var audit = await App.ScalarAsync<long>("SELECT COUNT(*) FROM health_audit WHERE client_id = @client",
            new { client });
        Assert.Equal(0, await RetainAsync());
        Assert.Equal(24L, await AnswersAsync(client));
        App.Clock.Advance(TimeSpan.FromDays(31));
        // The hourly job runs on the app's clock too, so it may have done this already: the state is what counts.
        await RetainAsync();
        Assert.Equal(1L,
            await App.ScalarAsync<long>("SELECT COUNT(*) FROM screenings WHERE client_id = @client AND destroyed_at IS NOT NULL", new { client }));
        Assert.Equal(0L, await AnswersAsync(client));
        Assert.Equal(0L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM clearances WHERE client_id = @client",
            new { client }));
        Assert.Equal(0L, await App.ScalarAsync<long>(
            "SELECT COUNT(*) FROM day_check_answers a JOIN day_checks d ON d.id = a.day_check_id WHERE d.booking_id = @booking", new { booking }));
        Assert.Equal(audit, await App.ScalarAsync<long>("SELECT COUNT(*) FROM health_audit WHERE client_id = @client",
            new { client }));
        Assert.Equal(0, await RetainAsync()); // nothing twice
    }

    [Fact]
    public async Task D7_a_visit_after_the_screening_expires_is_booked_as_screening_due_and_clearance_dates_are_bounded()
    {
        var salon = new ScreeningSalon(App);
        var client = await salon.ClientAsync("Q15", "Q17");
        App.Clock.Advance(TimeSpan.FromDays(170)); // the screening has 10 days left
        var later = new ScreeningSalon(App);
        var desk = App.FrontDesk();
        var within = await (await later.BookAsync(desk, client, "SURF", later.Builder.Start(5,
            10))).ExpectProblem(HttpStatusCode.UnprocessableEntity,
            "clearance-required");
        NoQuestionCodes(within);

        var today = later.Today;
        var unbounded = await (await desk.PostJson($"/api/v1/clients/{client}/clearances", new
        {
            issuedOn = "0001-01-01", validUntil = "9999-12-31", doctor = "Иванова", clinic = "Поликлиника", kinds = new[] { "SURF" },
            conditions = new[] { "Q15" },
        })).ExpectProblem(HttpStatusCode.BadRequest, "validation");
        Assert.NotNull(unbounded["errors"]!["issuedOn"]);
        await (await salon.ClearAsync(client, today, ["SURF"], validUntil: new DateOnly(9999, 12, 31),
            conditions: ["Q15"]))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation");
        var pregnancy = await (await salon.ClearAsync(client, today, ["SURF"], pregnancy: true,
            validUntil: today.AddDays(90), conditions: ["Q15", "Q17"]))
            .Expect(HttpStatusCode.Created);
        Assert.Equal(Day(today.AddDays(30)), (string?)pregnancy["validUntil"]);

        var before = await (await later.BookAsync(desk, client, "SURF", later.Builder.Start(5,
            10))).Expect(HttpStatusCode.Created);
        Assert.False((bool)before["screeningDue"]!);
        var after = await (await later.BookAsync(desk, client, "SURF", later.Builder.Start(12,
            10))).Expect(HttpStatusCode.Created);
        Assert.True((bool)after["screeningDue"]!);
    }

    /// <summary>The client of the issue's before/after table: varicose veins (Q05), diabetes (Q15), pregnancy (Q17),
    /// cleared for SURF.</summary>
    internal async Task<(Guid Client, Guid Booking,
        DateTimeOffset Start)> ClientWithQ05Q15Q17Async(ScreeningSalon salon)
    {
        var client = await salon.ClientAsync("Q05", "Q15", "Q17");
        await (await salon.ClearAsync(client, salon.Today, ["SURF"],
            conditions: ["Q15"])).Expect(HttpStatusCode.Created);
        await (await salon.ClearAsync(client, salon.Today, ["SURF"], pregnancy: true,
            conditions: ["Q17"])).Expect(HttpStatusCode.Created);
        var start = salon.Builder.Start(3, 10);
        var booking = SalonBuilder.Id(await (await salon.BookAsync(App.FrontDesk(), client, "SURF",
            start)).Expect(HttpStatusCode.Created));
        return (client, booking, start);
    }

    private static async Task<string> Body(Task<HttpResponseMessage> response)
    {
        var message = await response;
        Assert.True((int)message.StatusCode < 500, $"{message.RequestMessage?.RequestUri}: {(int)message.StatusCode}");
        return Encoding.UTF8.GetString(await message.Content.ReadAsByteArrayAsync());
    }

    private async Task<int> RetainAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new DestroyLapsedHealthData());
    }

    private Task<long> AnswersAsync(Guid client) => App.ScalarAsync<long>(
        "SELECT COUNT(*) FROM screening_answers a JOIN screenings s ON s.id = a.screening_id WHERE s.client_id = @client", new { client });

    /// <summary>A surface drainage visit at <paramref name="start"/> (about three hours ahead), the clock an hour
    /// before it.</summary>
    private async Task<(Guid Booking, DateTimeOffset Start)> VisitSoonAsync(ScreeningSalon salon, Guid client,
        DateTimeOffset? start = null)
    {
        var at = start ?? salon.GridAhead(TimeSpan.FromHours(3));
        var booking = SalonBuilder.Id(await (await salon.BookAsync(App.FrontDesk(), client, "SURF",
            at)).Expect(HttpStatusCode.Created));
        App.Clock.Advance(at - App.Clock.GetUtcNow() - TimeSpan.FromHours(1));
        return (booking, at);
    }
}

public sealed class ScreeningSignOffOnSqlite(SqliteApp app) : ScreeningSignOffTests(app), IClassFixture<SqliteApp>;
public sealed class ScreeningSignOffOnPostgres(PostgresApp app) : ScreeningSignOffTests(app), IClassFixture<PostgresApp>;
