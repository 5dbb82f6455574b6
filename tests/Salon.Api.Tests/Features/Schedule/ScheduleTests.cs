using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CsvHelper;
using Ical.Net.CalendarComponents;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests;

/// <summary>A therapist's day as JSON, a spreadsheet and a phone calendar; each format is parsed back with a real
/// parser.</summary>
public abstract class ScheduleTests(SalonApp app) : ProviderTests(app)
{
    private async Task<(SalonBuilder Salon, Guid Therapist, Guid Service, Guid[] Bookings,
        DateTimeOffset Day)> DayWithVisitsAsync()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync();
        var therapist = await salon.TherapistAsync();
        var desk = App.FrontDesk();
        var day = salon.Start(3, 0);
        var bookings = new List<Guid>();
        foreach (var hour in new[] { 15, 10, 12 })
        {
            var booked = await (await desk.PostJson("/api/v1/bookings", new { clientId = await salon.ClientAsync(),
                serviceId = service, therapistId = therapist, startsAt = salon.Start(3, hour) }))
                .Expect(HttpStatusCode.Created);
            bookings.Add(SalonBuilder.Id(booked));
        }
        return (salon, therapist, service, bookings.ToArray(), day);
    }

    [Fact]
    public async Task The_json_day_lists_visits_in_time_order_with_local_times_and_screening()
    {
        var (_, therapist, _, _, day) = await DayWithVisitsAsync();
        var schedule = await (await App.FrontDesk().GetAsync($"/api/v1/therapists/{therapist}/schedule?date={day:yyyy-MM-dd}")).Expect(HttpStatusCode.OK);

        var visits = schedule["visits"]!.AsArray();
        Assert.Equal(["10:00", "12:00", "15:00"], visits.Select(v => DateTimeOffset.Parse((string)v!["start"]!,
            CultureInfo.InvariantCulture).ToString("HH:mm", CultureInfo.InvariantCulture)));
        Assert.All(visits, v => Assert.EndsWith("+03:00", (string)v!["start"]!));
        Assert.All(visits, v => Assert.Equal("allowed", (string?)v!["screening"]));
        Assert.Equal("Europe/Moscow", (string?)schedule["timeZone"]);
    }

    [Fact]
    public async Task The_csv_has_a_bom_rfc_4180_quoting_and_parses_back_row_for_row()
    {
        var (_, therapist, _, _, day) = await DayWithVisitsAsync();
        var response = await App.FrontDesk().GetAsync($"/api/v1/therapists/{therapist}/schedule?date={day:yyyy-MM-dd}&format=csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);

        using var reader = new CsvReader(new StringReader(Encoding.UTF8.GetString(bytes[3..])),
            CultureInfo.InvariantCulture);
        var rows = reader.GetRecords<dynamic>().Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal(["10:00", "12:00", "15:00"], rows.Select(r => (string)r["start"]));
        Assert.All(rows, r => Assert.StartsWith("Екатерина", (string)r["client"]));
        Assert.All(rows, r => Assert.Equal(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            (string)r["date"]));
        Assert.All(rows, r => Assert.Equal(("allowed", "booked"), ((string)r["screening"], (string)r["status"])));
    }

    [Fact]
    public async Task A_csv_field_with_commas_quotes_and_newlines_survives_the_round_trip()
    {
        var salon = new SalonBuilder(App);
        var admin = App.Admin();
        var service = SalonBuilder.Id(await (await admin.PostJson("/api/v1/services", new
        {
            name = $"Массаж \"мёд\", {Guid.NewGuid():N}"[..30], kind = "manual", screeningKind = "HONEY", durationMinutes = 45, bufferMinutes = 15,
            requiredSkill = "honey_csv", price = 2000m,
        })).Expect(HttpStatusCode.Created));
        var therapist = await salon.TherapistAsync(null, "honey_csv");
        await (await App.FrontDesk().PostJson("/api/v1/bookings", new { clientId = await salon.ClientAsync(),
            serviceId = service, therapistId = therapist, startsAt = salon.Start(4, 11) }))
            .Expect(HttpStatusCode.Created);

        var text = Encoding.UTF8.GetString((await (await App.FrontDesk().GetAsync($"/api/v1/therapists/{therapist}/schedule?date={salon.Start(4, 0):yyyy-MM-dd}&format=csv")).Content.ReadAsByteArrayAsync())[3..]);
        using var reader = new CsvReader(new StringReader(text), CultureInfo.InvariantCulture);
        var row = Assert.Single(reader.GetRecords<dynamic>().Cast<IDictionary<string, object>>());
        Assert.StartsWith("Массаж \"мёд\", ", (string)row["service"]);
    }

    [Fact]
    public async Task The_ics_parses_back_with_stable_uids_sequence_on_moves_and_cancelled_status()
    {
        var (_, therapist, _, bookings, day) = await DayWithVisitsAsync();
        var desk = App.FrontDesk();
        await (await desk.PostJson($"/api/v1/bookings/{bookings[1]}/reschedule",
            new { startsAt = day.AddHours(17) })).Expect(HttpStatusCode.OK);
        await (await desk.PostJson($"/api/v1/bookings/{bookings[2]}/cancel",
            new { by = "salon" })).Expect(HttpStatusCode.OK);

        var request = new HttpRequestMessage(HttpMethod.Get,
            $"/api/v1/therapists/{therapist}/schedule?date={day:yyyy-MM-dd}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/calendar"));
        var response = await desk.SendAsync(request);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        var ics = await response.Content.ReadAsStringAsync();
        var calendar = Ical.Net.Calendar.Load(ics)!;

        Assert.Single(calendar.TimeZones, z => z.TzId == "Europe/Moscow");
        var events = calendar.Events.ToDictionary(e => e.Uid!);
        Assert.Equal(3, events.Count);
        var moved = events[$"{bookings[1]}@salon"];
        Assert.True(moved.Sequence >= 1);
        Assert.Equal(17, moved.DtStart!.Value.Hour);
        Assert.Equal("Europe/Moscow", moved.DtStart.TzId);
        Assert.Equal("CANCELLED", events[$"{bookings[2]}@salon"].Status);
        Assert.Equal(0, events[$"{bookings[0]}@salon"].Sequence);
        Assert.All(ics.Split("\r\n"), line => Assert.True(Encoding.UTF8.GetByteCount(line) <= 75,
            $"line longer than 75 octets: {line}"));
    }

    [Fact]
    public async Task An_empty_day_is_an_empty_list_an_empty_csv_and_a_calendar_without_events()
    {
        var therapist = await new SalonBuilder(App).TherapistAsync();
        var day = App.Clock.GetUtcNow().AddDays(9).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var desk = App.FrontDesk();

        Assert.Empty((await (await desk.GetAsync($"/api/v1/therapists/{therapist}/schedule?date={day}")).Expect(HttpStatusCode.OK))["visits"]!.AsArray());
        var csv = Encoding.UTF8.GetString((await (await desk.GetAsync($"/api/v1/therapists/{therapist}/schedule?date={day}&format=csv")).Content.ReadAsByteArrayAsync())[3..]);
        Assert.Single(csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries)); // the header only
        var ics = await (await desk.GetAsync($"/api/v1/therapists/{therapist}/schedule?date={day}&format=ics")).Content.ReadAsStringAsync();
        Assert.Empty(Ical.Net.Calendar.Load(ics)!.Events);
    }

    [Fact]
    public async Task A_therapist_reads_their_own_schedule_but_not_another_s_and_ranges_are_limited_to_31_days()
    {
        var (salon, therapist, _, _, day) = await DayWithVisitsAsync();
        var other = await salon.TherapistAsync();
        var self = App.ClientAs("therapist", therapistId: therapist);

        await (await self.GetAsync($"/api/v1/therapists/{therapist}/schedule?date={day:yyyy-MM-dd}")).Expect(HttpStatusCode.OK);
        await (await self.GetAsync($"/api/v1/therapists/{other}/schedule?date={day:yyyy-MM-dd}")).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await self.GetAsync($"/api/v1/schedule?date={day:yyyy-MM-dd}")).ExpectProblem(HttpStatusCode.Forbidden,
            "forbidden");
        await (await App.FrontDesk().GetAsync($"/api/v1/therapists/{therapist}/schedule?date={day:yyyy-MM-dd}&to={day.AddDays(40):yyyy-MM-dd}"))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task The_salon_day_lists_every_therapist_for_the_front_desk()
    {
        var (salon, therapist, service, _, day) = await DayWithVisitsAsync();
        var second = await salon.TherapistAsync();
        await (await App.FrontDesk().PostJson("/api/v1/bookings", new { clientId = await salon.ClientAsync(),
            serviceId = service, therapistId = second, startsAt = salon.Start(3, 10) }))
            .Expect(HttpStatusCode.Created);

        var visits = (await (await App.FrontDesk().GetAsync($"/api/v1/schedule?date={day:yyyy-MM-dd}")).Expect(HttpStatusCode.OK))["visits"]!.AsArray();
        Assert.Contains(visits, v => (string?)v!["therapistId"] == therapist.ToString());
        Assert.Contains(visits, v => (string?)v!["therapistId"] == second.ToString());
    }

    [Fact]
    public async Task A_feed_url_works_without_a_token_carries_only_initials_and_dies_when_rotated_or_revoked()
    {
        var (_, therapist, _, _, _) = await DayWithVisitsAsync();
        var self = App.ClientAs("therapist", therapistId: therapist);
        var feed = await (await self.PostAsync($"/api/v1/therapists/{therapist}/calendar-feed",
            null)).Expect(HttpStatusCode.Created);
        var url = (string)feed["url"]!;
        var token = (string)feed["token"]!;
        Assert.True(token.Length >= 40);
        Assert.Equal(0L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM calendar_feeds WHERE token_hash = @token",
            new { token }));

        var anonymous = App.CreateClient();
        var calendar = Ical.Net.Calendar.Load(await (await anonymous.GetAsync(url)).Content.ReadAsStringAsync())!;
        Assert.Equal(3, calendar.Events.Count);
        Assert.All(calendar.Events, e => Assert.Matches(@"— Екатерина О\.$", e.Summary));
        Assert.All(calendar.Events, e => Assert.DoesNotContain("Орлова", e.Description));

        var rotated = await (await self.PostAsync($"/api/v1/therapists/{therapist}/calendar-feed",
            null)).Expect(HttpStatusCode.Created);
        await (await anonymous.GetAsync(url)).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync((string)rotated["url"]!)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent,
            (await self.DeleteAsync($"/api/v1/therapists/{therapist}/calendar-feed")).StatusCode);
        await (await anonymous.GetAsync((string)rotated["url"]!)).ExpectProblem(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Course_visits_show_their_progress_as_session_n_of_the_course()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync();
        var therapist = await salon.TherapistAsync();
        var client = await salon.ClientAsync();
        var template = SalonBuilder.Id(await (await App.Admin().PostJson("/api/v1/package-templates", new
        {
            name = "Курс " + Guid.NewGuid().ToString("N")[..8], sessionCount = 10, price = 16200m, validityDays = 45, minDaysBetween = 2, freezeDays = 14, serviceId = service,
        })).Expect(HttpStatusCode.Created));
        var package = SalonBuilder.Id(await (await App.FrontDesk().PostJson("/api/v1/packages", new { clientId = client,
            templateId = template, method = "card" }))
            .Expect(HttpStatusCode.Created));
        foreach (var day in new[] { 2, 4, 6 })
            await (await App.FrontDesk().PostJson("/api/v1/bookings", new { clientId = client, serviceId = service,
                therapistId = therapist, startsAt = salon.Start(day, 11), packageId = package }))
                .Expect(HttpStatusCode.Created);

        var json = await (await App.FrontDesk().GetAsync($"/api/v1/therapists/{therapist}/schedule?date={salon.Start(2, 0):yyyy-MM-dd}&to={salon.Start(6, 0):yyyy-MM-dd}")).Expect(HttpStatusCode.OK);
        Assert.Equal([1, 2, 3], json["visits"]!.AsArray().Select(v => (int)v!["courseSession"]!));
        Assert.All(json["visits"]!.AsArray(), v => Assert.Equal(10, (int)v!["courseSessions"]!));
        var csv = Encoding.UTF8.GetString((await (await App.FrontDesk().GetAsync($"/api/v1/therapists/{therapist}/schedule?date={salon.Start(6, 0):yyyy-MM-dd}&format=csv")).Content.ReadAsByteArrayAsync())[3..]);
        using var reader = new CsvReader(new StringReader(csv), CultureInfo.InvariantCulture);
        Assert.EndsWith("session 3 of 10", (string)Assert.Single(reader.GetRecords<dynamic>().Cast<IDictionary<string,
            object>>())["course"]);
    }

    [Fact]
    public async Task Another_therapist_cannot_create_my_feed()
    {
        var salon = new SalonBuilder(App);
        var (mine, theirs) = (await salon.TherapistAsync(), await salon.TherapistAsync());
        await (await App.ClientAs("therapist",
            therapistId: theirs).PostAsync($"/api/v1/therapists/{mine}/calendar-feed", null))
            .ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
    }
}

public sealed class ScheduleOnSqlite(SqliteApp app) : ScheduleTests(app), IClassFixture<SqliteApp>;
public sealed class ScheduleOnPostgres(PostgresApp app) : ScheduleTests(app), IClassFixture<PostgresApp>;
public sealed class ScheduleOnSqlServer(SqlServerApp app) : ScheduleTests(app), IClassFixture<SqlServerApp>;

/// <summary>A salon in Berlin: the export across the spring-forward night keeps wall-clock times and offsets
/// right.</summary>
public sealed class BerlinScheduleApp : SqliteApp
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Salon:TimeZone"] = "Europe/Berlin",
        ["Salon:BookingHorizonDays"] = "400",
    };
}

public sealed class ScheduleAcrossDst(BerlinScheduleApp app) : ProviderTests(app), IClassFixture<BerlinScheduleApp>
{
    [Fact]
    public async Task Visits_around_the_spring_forward_night_export_with_their_own_offsets()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync(duration: 60, buffer: 0);
        var therapist = await salon.TherapistAsync();
        var desk = App.FrontDesk();
        var before = new DateTimeOffset(2027, 3, 27, 10, 0, 0, TimeSpan.FromHours(1));
        var after = new DateTimeOffset(2027, 3, 28, 10, 0, 0, TimeSpan.FromHours(2));
        foreach (var start in new[] { before, after })
            await (await desk.PostJson("/api/v1/bookings", new { clientId = await salon.ClientAsync(),
                serviceId = service, therapistId = therapist, startsAt = start }))
                .Expect(HttpStatusCode.Created);

        var json = await (await desk.GetAsync($"/api/v1/therapists/{therapist}/schedule?date=2027-03-27&to=2027-03-28")).Expect(HttpStatusCode.OK);
        Assert.Equal(["2027-03-27T10:00:00+01:00", "2027-03-28T10:00:00+02:00"], json["visits"]!.AsArray().Select(v
            => (string)v!["start"]!));

        var calendar = Ical.Net.Calendar.Load(await (await desk.GetAsync($"/api/v1/therapists/{therapist}/schedule?date=2027-03-27&to=2027-03-28&format=ics")).Content.ReadAsStringAsync())!;
        var starts = calendar.Events.OrderBy(e => e.DtStart!.Value).Select(e => e.DtStart!.AsUtc).ToList();
        Assert.Equal([before.UtcDateTime, after.UtcDateTime], starts);
        Assert.Contains(calendar.TimeZones.Single().Children, c => c.Name == "DAYLIGHT");
    }
}
