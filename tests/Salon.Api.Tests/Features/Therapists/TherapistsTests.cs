using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests;

public abstract class TherapistsTests(SalonApp app) : ProviderTests(app)
{
    public static object Hours(string day, string start, string end) => new { day, start, end };

    public static object NewTherapist(string[]? skills = null, object[]? hours = null, string first = "Анна",
        string last = "Смирнова") => new
    {
        firstName = first,
        lastName = last,
        skills = skills ?? ["manual_lymph", "honey"],
        weeklyHours = hours ?? [Hours("monday", "09:00", "18:00"), Hours("wednesday", "12:00", "24:00")],
    };

    private async Task<JsonNode> CreateAsync(object? body = null) =>
        await (await App.Admin().PostJson("/api/v1/therapists", body ?? NewTherapist())).Expect(HttpStatusCode.Created);

    private static Guid Id(JsonNode node) => Guid.Parse((string)node["id"]!);

    private static string UniqueSkill() => "skill_" + Guid.NewGuid().ToString("N")[..10];

    private DateTimeOffset Now() => DateTimeOffset.FromUnixTimeSeconds(App.Clock.GetUtcNow().ToUnixTimeSeconds());

    private Task<long> Count(string table) => App.ScalarAsync<long>($"SELECT COUNT(*) FROM {table}")!;

    [Fact]
    public async Task A_therapist_is_created_with_skills_and_weekly_hours_and_24_00_ends_at_midnight()
    {
        var response = await App.Admin().PostJson("/api/v1/therapists", NewTherapist());
        var therapist = await response.Expect(HttpStatusCode.Created);

        Assert.Equal($"/api/v1/therapists/{therapist["id"]}", response.Headers.Location?.OriginalString);
        Assert.Equal(["honey", "manual_lymph"], therapist["skills"]!.AsArray().Select(s => (string)s!).ToArray());
        var hours = therapist["weeklyHours"]!.AsArray();
        Assert.Equal(2, hours.Count);
        Assert.Equal(("monday", "09:00", "18:00"), ((string)hours[0]!["day"]!, (string)hours[0]!["start"]!,
            (string)hours[0]!["end"]!));
        Assert.Equal(("wednesday", "12:00", "24:00"), ((string)hours[1]!["day"]!, (string)hours[1]!["start"]!,
            (string)hours[1]!["end"]!));
        Assert.True((bool)therapist["active"]!);
        Assert.Equal(1440L,
            await App.ScalarAsync<long>("SELECT end_minute FROM therapist_weekly_hours WHERE therapist_id = @id AND day_of_week = 3",
            new { id = Id(therapist) }));
    }

    [Fact]
    public async Task Overlapping_hours_on_one_day_are_refused_and_nothing_is_stored()
    {
        var before = await Count("therapists");

        var refused = await App.Admin().PostJson("/api/v1/therapists",
            NewTherapist(hours: [Hours("tuesday", "09:00", "14:00"), Hours("tuesday", "13:00", "18:00")]));

        var problem = await refused.ExpectProblem(HttpStatusCode.BadRequest, "validation");
        Assert.Contains("overlap", problem["errors"]!["weeklyHours"]![0]!.ToString());
        Assert.Equal(before, await Count("therapists"));
    }

    [Theory]
    [InlineData("09:00", "25:00")]
    [InlineData("9:00", "18:00")]
    [InlineData("09:60", "18:00")]
    [InlineData("09:00", "24:01")]
    [InlineData("-1:00", "18:00")]
    [InlineData("nine", "18:00")]
    public async Task A_time_that_is_not_a_clock_time_in_one_day_is_refused(string start, string end)
    {
        var refused = await App.Admin().PostJson("/api/v1/therapists", NewTherapist(hours: [Hours("friday", start,
            end)]));

        var problem = await refused.ExpectProblem(HttpStatusCode.BadRequest, "validation");
        Assert.NotNull(problem["errors"]!["weeklyHours[0]"]);
    }

    [Fact]
    public async Task Hours_that_end_before_they_start_are_refused()
    {
        var refused = await App.Admin().PostJson("/api/v1/therapists", NewTherapist(hours: [Hours("friday", "18:00",
            "09:00")]));

        var problem = await refused.ExpectProblem(HttpStatusCode.BadRequest, "validation");
        Assert.NotNull(problem["errors"]!["weeklyHours"]);
    }

    [Fact]
    public async Task Skills_and_weekly_hours_are_replaced_as_a_whole()
    {
        var admin = App.Admin();
        var therapist = await CreateAsync();
        var url = $"/api/v1/therapists/{therapist["id"]}";

        var withSkills = await (await admin.PutAsJsonAsync($"{url}/skills", new { skills = new[] { "hardware",
            "hardware", "deep_lymph" } }, Http.Json))
            .Expect(HttpStatusCode.OK);
        Assert.Equal(["deep_lymph", "hardware"], withSkills["skills"]!.AsArray().Select(s => (string)s!).ToArray());

        var withHours = await (await admin.PutAsJsonAsync($"{url}/weekly-hours",
                new { weeklyHours = new[] { Hours("saturday", "10:00", "16:00") } }, Http.Json))
            .Expect(HttpStatusCode.OK);
        var only = Assert.Single(withHours["weeklyHours"]!.AsArray())!;
        Assert.Equal("saturday", (string?)only["day"]);
        Assert.Equal(1L,
            await App.ScalarAsync<long>("SELECT COUNT(*) FROM therapist_weekly_hours WHERE therapist_id = @id",
            new { id = Id(therapist) }));
        Assert.Equal(2L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM therapist_skills WHERE therapist_id = @id",
            new { id = Id(therapist) }));

        var bad = await admin.PutAsJsonAsync($"{url}/skills", new { skills = new[] { "Hardware Skill" } }, Http.Json);
        var problem = await bad.ExpectProblem(HttpStatusCode.BadRequest, "validation");
        Assert.NotNull(problem["errors"]!["skills[0]"]);
        Assert.Equal(2L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM therapist_skills WHERE therapist_id = @id",
            new { id = Id(therapist) }));
    }

    [Fact]
    public async Task Replacing_the_hours_of_an_unknown_therapist_is_404()
    {
        await (await App.Admin().PutAsJsonAsync($"/api/v1/therapists/{Guid.NewGuid()}/weekly-hours",
                new { weeklyHours = new[] { Hours("monday", "09:00", "18:00") } }, Http.Json))
            .ExpectProblem(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Time_off_and_an_extra_shift_are_added_and_removed()
    {
        var admin = App.Admin();
        var therapist = await CreateAsync();
        var url = $"/api/v1/therapists/{therapist["id"]}/exceptions";
        var monday = Now().AddDays(7);

        await (await admin.PostJson(url, new { kind = "time_off", startsAt = monday, endsAt = monday.AddDays(2),
            note = "отпуск" })).Expect(HttpStatusCode.OK);
        var both = await (await admin.PostJson(url, new { kind = "extra_shift", startsAt = monday.AddDays(5),
            endsAt = monday.AddDays(5).AddHours(6) }))
            .Expect(HttpStatusCode.OK);

        var exceptions = both["upcomingExceptions"]!.AsArray();
        Assert.Equal(["time_off", "extra_shift"], exceptions.Select(e => (string)e!["kind"]!).ToArray());
        Assert.Equal("отпуск", (string?)exceptions[0]!["note"]);
        Assert.Equal(monday, (DateTimeOffset)exceptions[0]!["startsAt"]!);
        Assert.Equal(1L,
            await App.ScalarAsync<long>("SELECT COUNT(*) FROM therapist_exceptions WHERE therapist_id = @id AND kind = 'extra_shift'",
            new { id = Id(therapist) }));

        var afterRemoval = await (await admin.DeleteAsync($"{url}/{exceptions[0]!["id"]}")).Expect(HttpStatusCode.OK);
        Assert.Equal("extra_shift", (string?)Assert.Single(afterRemoval["upcomingExceptions"]!.AsArray())!["kind"]);
        await (await admin.DeleteAsync($"{url}/{exceptions[0]!["id"]}")).ExpectProblem(HttpStatusCode.NotFound,
            "not-found");
        Assert.Equal(1L,
            await App.ScalarAsync<long>("SELECT COUNT(*) FROM therapist_exceptions WHERE therapist_id = @id",
            new { id = Id(therapist) }));
    }

    [Fact]
    public async Task An_exception_cannot_be_removed_through_another_therapist()
    {
        var admin = App.Admin();
        var owner = await CreateAsync();
        var other = await CreateAsync();
        var start = Now().AddDays(2);
        var added = await (await admin.PostJson($"/api/v1/therapists/{owner["id"]}/exceptions",
            new { kind = "time_off", startsAt = start, endsAt = start.AddHours(8) })).Expect(HttpStatusCode.OK);
        var exceptionId = added["upcomingExceptions"]![0]!["id"];

        await (await admin.DeleteAsync($"/api/v1/therapists/{other["id"]}/exceptions/{exceptionId}")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        Assert.Equal(1L,
            await App.ScalarAsync<long>("SELECT COUNT(*) FROM therapist_exceptions WHERE therapist_id = @id",
            new { id = Id(owner) }));
    }

    [Fact]
    public async Task An_exception_that_ends_before_it_starts_is_refused()
    {
        var therapist = await CreateAsync();
        var start = Now().AddDays(2);

        var refused = await App.Admin().PostJson($"/api/v1/therapists/{therapist["id"]}/exceptions",
            new { kind = "time_off", startsAt = start, endsAt = start.AddHours(-2) });

        var problem = await refused.ExpectProblem(HttpStatusCode.BadRequest, "validation");
        Assert.NotNull(problem["errors"]!["endsAt"]);
        Assert.Equal(0L,
            await App.ScalarAsync<long>("SELECT COUNT(*) FROM therapist_exceptions WHERE therapist_id = @id",
            new { id = Id(therapist) }));
    }

    [Fact]
    public async Task A_therapist_reads_their_own_record_but_not_a_colleagues()
    {
        var me = await CreateAsync();
        var colleague = await CreateAsync(NewTherapist(first: "Ольга", last: "Иванова"));
        var therapist = App.ClientAs("therapist", Id(me));

        var own = await (await therapist.GetAsync($"/api/v1/therapists/{me["id"]}")).Expect(HttpStatusCode.OK);
        Assert.Equal((string?)me["id"], (string?)own["id"]);
        await (await therapist.GetAsync($"/api/v1/therapists/{colleague["id"]}")).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await therapist.GetAsync("/api/v1/therapists")).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await therapist.PutAsJsonAsync($"/api/v1/therapists/{me["id"]}/skills",
            new { skills = new[] { "honey" } }, Http.Json))
            .ExpectProblem(HttpStatusCode.Forbidden, "forbidden");

        await (await App.FrontDesk().GetAsync($"/api/v1/therapists/{colleague["id"]}")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_list_filtered_by_skill_holds_only_therapists_with_that_skill()
    {
        var skill = UniqueSkill();
        var a = await CreateAsync(NewTherapist(skills: [skill, "honey"], last: "Арбузова"));
        var b = await CreateAsync(NewTherapist(skills: [skill], last: "Борисова"));
        var without = await CreateAsync(NewTherapist(skills: ["honey"]));

        var page = await (await App.FrontDesk().GetAsync($"/api/v1/therapists?skill={skill}")).Expect(HttpStatusCode.OK);
        var list = page["items"]!.AsArray();
        Assert.Equal(2L, (long?)page["total"]);

        Assert.Equal([(string)a["id"]!, (string)b["id"]!], list.Select(t => (string)t!["id"]!).ToArray());
        var all = (await (await App.Admin().GetAsync("/api/v1/therapists?pageSize=100")).Expect(HttpStatusCode.OK))["items"]!.AsArray();
        var firstOfTwo = await (await App.Admin().GetAsync("/api/v1/therapists?pageSize=1&page=2")).Expect(HttpStatusCode.OK);
        Assert.Equal((string?)all[1]!["id"], (string?)Assert.Single(firstOfTwo["items"]!.AsArray())!["id"]);
        Assert.Equal((long)all.Count, (long?)firstOfTwo["total"]);
        Assert.Contains(all, t => (string?)t!["id"] == (string?)without["id"]);
    }

    [Fact]
    public async Task An_unknown_therapist_is_404()
    {
        await (await App.Admin().GetAsync($"/api/v1/therapists/{Guid.NewGuid()}")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
    }
}

public sealed class TherapistsOnSqlite(SqliteApp app) : TherapistsTests(app), IClassFixture<SqliteApp>;
public sealed class TherapistsOnPostgres(PostgresApp app) : TherapistsTests(app), IClassFixture<PostgresApp>;
public sealed class TherapistsOnSqlServer(SqlServerApp app) : TherapistsTests(app), IClassFixture<SqlServerApp>;
