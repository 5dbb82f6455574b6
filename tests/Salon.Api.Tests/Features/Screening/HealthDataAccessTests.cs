using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Salon.Api.Tests.Infrastructure;
using static Salon.Api.Tests.ScreeningSalon;

namespace Salon.Api.Tests;

/// <summary>
/// Health answers are special-category data: every role walks every screening route. The front desk sees outcomes, a
/// therapist the outcome of their own visits, raw answers and clearances only the client and the admin, and each raw
/// read is audited.
/// </summary>
public abstract class HealthDataAccessTests(SalonApp app) : ProviderTests(app)
{
    /// <summary>The callers, in the order of the expected statuses below.</summary>
    private static readonly string[] Callers = ["anonymous", "admin", "frontdesk", "own therapist", "other therapist",
        "the client", "another client"];

    private sealed record World(ScreeningSalon Salon, Guid Client, Guid Booking, Dictionary<string,
        HttpClient> Callers);

    private async Task<World> WorldAsync()
    {
        var salon = new ScreeningSalon(App);
        var client = await salon.ClientAsync("Q05", "Q15");
        await (await salon.ClearAsync(client, salon.Today, ["SURF"])).Expect(HttpStatusCode.Created);
        var booking = SalonBuilder.Id(await (await salon.BookAsync(App.FrontDesk(), client, "SURF",
            salon.Builder.Start(3, 10))).Expect(HttpStatusCode.Created));
        var callers = new Dictionary<string, HttpClient>
        {
            ["anonymous"] = App.CreateClient(),
            ["admin"] = App.Admin(),
            ["frontdesk"] = App.FrontDesk(),
            ["own therapist"] = App.ClientAs("therapist", await salon.TherapistAsync()),
            ["other therapist"] = App.ClientAs("therapist", await salon.Builder.TherapistAsync()),
            ["the client"] = App.ClientAs("client", clientId: client),
            ["another client"] = App.ClientAs("client", clientId: await salon.ClientAsync()),
        };
        return new World(salon, client, booking, callers);
    }

    private static Task<HttpResponseMessage> Call(string route, World world, HttpClient http) => route switch
    {
        "questions" => http.GetAsync("/api/v1/screening/questions"),
        "rules" => http.PutAsJsonAsync("/api/v1/screening/rules/Q03/SURF",
            new { effect = "A" }), // A to A: allowed, changes nothing
        "audit" => http.GetAsync($"/api/v1/screening/audit?clientId={world.Client}"),
        "submit" => http.PostJson($"/api/v1/clients/{world.Client}/screenings",
            new { answers = SalonBuilder.Answers("Q05", "Q15") }),
        "outcome" => http.GetAsync($"/api/v1/clients/{world.Client}/screening-outcome"),
        "answers" => http.GetAsync($"/api/v1/clients/{world.Client}/screenings/current"),
        "clearances" => http.GetAsync($"/api/v1/clients/{world.Client}/clearances"),
        "record clearance" => http.PostJson($"/api/v1/clients/{world.Client}/clearances",
            new
            {
                issuedOn = Day(world.Salon.Today), doctor = "Петрова А. В.", clinic = "Клиника на Мира", kinds = new[] { "SURF" },
                conditions = new[] { "Q15" },
            }),
        "booking" => http.GetAsync($"/api/v1/bookings/{world.Booking}/screening"),
        _ => throw new ArgumentOutOfRangeException(nameof(route), route, null),
    };

    /// <summary>Expected statuses for: anonymous, admin, frontdesk, own therapist, other therapist, the client, another
    /// client.</summary>
    [Theory]
    [InlineData("questions", "401 200 200 200 200 200 200")]
    [InlineData("rules", "401 200 403 403 403 403 403")]
    [InlineData("audit", "401 200 403 403 403 403 403")]
    [InlineData("submit", "401 201 201 403 403 201 403")]
    [InlineData("outcome", "401 200 200 403 403 200 403")]
    [InlineData("answers", "401 200 403 403 403 200 403")]
    [InlineData("clearances", "401 200 403 403 403 200 403")]
    [InlineData("record clearance", "401 201 201 403 403 403 403")]
    [InlineData("booking", "401 200 200 200 404 200 404")]
    public async Task Every_role_meets_the_screening_route_as_the_health_data_rules_say(string route, string statuses)
    {
        var world = await WorldAsync();
        var expected = statuses.Split(' ').Select(s => (HttpStatusCode)int.Parse(s,
            System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var audited = await AuditCountAsync(world.Client);

        for (var i = 0; i < Callers.Length; i++)
        {
            var response = await Call(route, world, world.Callers[Callers[i]]);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == expected[i],
                $"{route} as {Callers[i]}: expected {(int)expected[i]} but got {(int)response.StatusCode}: {text}");
            var code = expected[i] switch
            {
                HttpStatusCode.Unauthorized => "unauthorized",
                HttpStatusCode.Forbidden => "forbidden",
                HttpStatusCode.NotFound => "not-found",
                _ => null,
            };
            if (code is not null)
            {
                await response.ExpectProblem(expected[i], code);
                Assert.DoesNotContain("Q05", text, StringComparison.Ordinal); // a refusal gives nothing away
            }
        }

        // The successful raw reads (the admin's and the client's own) leave audit records, and so does the admin
        // reading the conditions behind an outcome or a visit; the front desk and the therapist read no raw data.
        var raw = route is "answers" or "clearances" ? 2 : route is "outcome" or "booking" ? 1 : 0;
        Assert.Equal(audited + raw, await AuditCountAsync(world.Client));
    }

    [Fact]
    public async Task The_front_desk_sees_the_outcome_per_kind_and_its_expiry_but_never_an_answer()
    {
        var world = await WorldAsync();
        var desk = world.Callers["frontdesk"];

        var outcome = await (await desk.GetAsync($"/api/v1/clients/{world.Client}/screening-outcome")).Expect(HttpStatusCode.OK);

        Assert.NotNull(outcome["screeningValidUntil"]);
        Assert.Equal("allowed_with_warnings", (string?)Kind(outcome, "SURF")["status"]);
        Assert.Equal("blocked", (string?)Kind(outcome, "VAC")["status"]);
        Assert.Null(outcome["answers"]);
        var submitted = await (await desk.PostJson($"/api/v1/clients/{world.Client}/screenings",
            new { answers = SalonBuilder.Answers("Q05", "Q15") }))
            .Expect(HttpStatusCode.Created);
        Assert.Null(submitted["answers"]);
        Assert.Equal(["clientId", "hasValidScreening", "healthConsent", "screeningValidUntil", "kinds", "screeningDue"],
            submitted.AsObject().Select(p => p.Key));
        Assert.Equal(["kind", "status", "blockingCodes", "clearedCodes", "warningCodes", "dayOfCodes", "validUntil"],
            Kind(submitted, "SURF").AsObject().Select(p => p.Key));
        Assert.All(submitted["kinds"]!.AsArray(), k => Assert.Null(k!["blockingCodes"]));
        NoQuestionCodes(outcome);
        NoQuestionCodes(submitted);
    }

    [Fact]
    public async Task A_therapist_sees_the_outcome_and_warnings_of_their_own_visit_only()
    {
        var world = await WorldAsync();
        var url = $"/api/v1/bookings/{world.Booking}/screening";

        var own = await (await world.Callers["own therapist"].GetAsync(url)).Expect(HttpStatusCode.OK);

        Assert.Equal(["bookingId", "kind", "status", "warnings", "restrictions", "dayOfAnswers", "hasValidScreening",
            "screeningDue"],
            own.AsObject().Select(p => p.Key));
        Assert.Equal("allowed_with_warnings", (string?)own["status"]);
        Assert.Equal(["Q05", "Q15"], own["warnings"]!.AsArray().Select(w => (string)w!["code"]!));
        // The front desk reads the same route for the outcome only.
        var desk = await (await world.Callers["frontdesk"].GetAsync(url)).Expect(HttpStatusCode.OK);
        Assert.Equal("allowed_with_warnings", (string?)desk["status"]);
        Assert.Empty(desk["warnings"]!.AsArray());
        Assert.Empty(desk["restrictions"]!.AsArray());
        NoQuestionCodes(desk);
        await (await world.Callers["other therapist"].GetAsync(url)).ExpectProblem(HttpStatusCode.NotFound,
            "not-found");
        await (await world.Callers["own therapist"].GetAsync($"/api/v1/clients/{world.Client}/screening-outcome")).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Every_read_of_raw_answers_or_clearances_is_audited_with_who_what_and_when_and_the_admin_lists_it()
    {
        var world = await WorldAsync();
        var admin = world.Callers["admin"];
        var self = world.Callers["the client"];
        var screening = (string?)(await (await App.Admin().GetAsync($"/api/v1/clients/{world.Client}/screenings/current")).Expect(HttpStatusCode.OK))["id"];
        var reads = new List<(HttpClient Who, string Role, string What, DateTimeOffset At)>();

        foreach (var (who, role, what, url) in new[]
                 {
                     (admin, "admin", "screening_answers", "screenings/current"), (self, "client", "screening_answers",
                         "screenings/current"),
                     (admin, "admin", "clearances", "clearances"), (self, "client", "clearances", "clearances"),
                 })
        {
            App.Clock.Advance(TimeSpan.FromSeconds(1));
            await (await who.GetAsync($"/api/v1/clients/{world.Client}/{url}")).Expect(HttpStatusCode.OK);
            reads.Add((who, role, what, App.Clock.GetUtcNow()));
        }
        // Refused reads and outcome reads are not reads of raw data.
        await (await world.Callers["frontdesk"].GetAsync($"/api/v1/clients/{world.Client}/screenings/current")).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await world.Callers["frontdesk"].GetAsync($"/api/v1/clients/{world.Client}/screening-outcome")).Expect(HttpStatusCode.OK);
        await (await world.Callers["own therapist"].GetAsync($"/api/v1/bookings/{world.Booking}/screening")).Expect(HttpStatusCode.OK);

        var audit = await (await App.Admin().GetAsync($"/api/v1/screening/audit?clientId={world.Client}")).Expect(HttpStatusCode.OK);

        var items = audit["items"]!.AsArray();
        Assert.Equal(5L, (long?)audit["total"]); // with the set-up read of the screening id above
        reads.Reverse(); // newest first
        for (var i = 0; i < reads.Count; i++)
        {
            var entry = items[i]!;
            Assert.Equal(reads[i].Role, (string?)entry["actorRole"]);
            Assert.Equal(Subject(reads[i].Who).ToString(), (string?)entry["actorId"]);
            Assert.Equal(reads[i].What, (string?)entry["what"]);
            Assert.Equal(world.Client.ToString(), (string?)entry["clientId"]);
            Near(reads[i].At, Time(entry["at"]));
        }
        Assert.Equal(screening, (string?)items[2]!["recordId"]);
        Assert.Equal(5L, await AuditCountAsync(world.Client));

        var page = await (await App.Admin().GetAsync("/api/v1/screening/audit?pageSize=2")).Expect(HttpStatusCode.OK);
        Assert.Equal(2, page["items"]!.AsArray().Count);
        Assert.True((long)page["total"]! >= 5);
        await (await App.Admin().GetAsync("/api/v1/screening/audit?pageSize=0")).ExpectProblem(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task Reading_a_missing_screening_is_still_audited_as_an_attempt()
    {
        var salon = new ScreeningSalon(App);
        var client = await salon.Builder.UnscreenedClientAsync();

        await (await App.Admin().GetAsync($"/api/v1/clients/{client}/screenings/current")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        Assert.Empty((await App.Admin().AllAsync($"/api/v1/clients/{client}/clearances")));

        Assert.Equal(2L, await AuditCountAsync(client));
    }

    private Task<long> AuditCountAsync(Guid client) =>
        App.ScalarAsync<long>("SELECT COUNT(*) FROM health_audit WHERE client_id = @client", new { client });

    /// <summary>The subject of the caller's bearer token: the "who" an audit record names.</summary>
    private static Guid Subject(HttpClient http)
    {
        var payload = http.DefaultRequestHeaders.Authorization!.Parameter!.Split('.')[1];
        return Guid.Parse((string)JsonNode.Parse(Base64Url.DecodeFromChars(payload))!["sub"]!);
    }
}

public sealed class HealthDataAccessOnSqlite(SqliteApp app) : HealthDataAccessTests(app), IClassFixture<SqliteApp>;
public sealed class HealthDataAccessOnPostgres(PostgresApp app) : HealthDataAccessTests(app), IClassFixture<PostgresApp>;
public sealed class HealthDataAccessOnSqlServer(SqlServerApp app) : HealthDataAccessTests(app), IClassFixture<SqlServerApp>;
