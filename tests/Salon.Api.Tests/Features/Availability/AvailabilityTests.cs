using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests;

/// <summary>Free start times: who can take each, what a booking, a device or a maintenance window hides, and the limits
/// of a search.</summary>
public abstract class AvailabilityTests(SalonApp app) : ProviderTests(app)
{
    [Fact]
    public async Task Each_start_of_a_manual_service_lists_every_qualified_therapist_who_can_take_it()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync(duration: 60, buffer: 15);
        var anna = await salon.TherapistAsync();
        var olga = await salon.TherapistAsync();
        await new SalonBuilder(App).TherapistAsync(); // another salon's skill: never listed

        var slots = await Slots(App.FrontDesk(), service, Day(salon, 10));

        // Working 00:00–24:00 on the 15-minute grid, a one-hour session: 00:00 to 23:00.
        Assert.Equal(93, slots.Count);
        Assert.Equal(salon.Start(10, 0), slots[0].Start);
        Assert.Equal(salon.Start(10, 23), slots[^1].Start);
        Assert.All(slots, s => Assert.Equal([anna, olga], s.Therapists.Order()));
        Assert.All(slots, s => Assert.Equal(s.Start.AddMinutes(60), s.End));
    }

    [Fact]
    public async Task A_booking_hides_every_start_whose_session_and_buffer_would_overlap_it_for_that_therapist_only()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync(duration: 60, buffer: 15);
        var anna = await salon.TherapistAsync();
        var olga = await salon.TherapistAsync();
        await (await Book(salon, service, anna, salon.Start(11, 12))).Expect(HttpStatusCode.Created);

        var slots = await Slots(App.FrontDesk(), service, Day(salon, 11));

        // The booking holds 12:00–13:15; a start holds 75 minutes, so 11:00 to 13:00 would reach into it.
        var taken = slots.Where(s => !s.Therapists.Contains(anna)).Select(s => s.Start).ToList();
        Assert.Equal(Enumerable.Range(0, 9).Select(i => salon.Start(11, 11).AddMinutes(15 * i)), taken);
        Assert.All(slots, s => Assert.Contains(olga, s.Therapists));
        Assert.Contains(anna, slots.Single(s => s.Start == salon.Start(11, 10, 45)).Therapists);
        Assert.Contains(anna, slots.Single(s => s.Start == salon.Start(11, 13, 15)).Therapists);
    }

    [Fact]
    public async Task A_hardware_service_needs_a_free_device_so_a_time_with_the_only_unit_booked_disappears_though_a_therapist_is_free()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.HardwareServiceAsync(duration: 40, buffer: 10);
        await salon.DeviceAsync("Костюм 1");
        var anna = await salon.TherapistAsync();
        var olga = await salon.TherapistAsync();
        await (await Book(salon, service, anna, salon.Start(12, 12))).Expect(HttpStatusCode.Created);

        var starts = (await Slots(App.FrontDesk(), service, Day(salon, 12))).ToDictionary(s => s.Start);

        // The unit is held 12:00–12:50: starts from 11:15 to 12:45 would need it.
        for (var t = salon.Start(12, 11, 15); t <= salon.Start(12, 12, 45); t = t.AddMinutes(15))
            Assert.False(starts.ContainsKey(t), $"{t} should be gone");
        Assert.Equal([anna, olga], starts[salon.Start(12, 11)].Therapists.Order());
        Assert.Equal([anna, olga], starts[salon.Start(12, 13)].Therapists.Order());
        await (await Book(salon, service, olga, salon.Start(12, 12))).ExpectProblem(HttpStatusCode.Conflict,
            "slot-taken");
    }

    [Fact]
    public async Task A_maintenance_window_hides_the_times_that_would_need_the_unit_then()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.HardwareServiceAsync(duration: 40, buffer: 10);
        var device = await salon.DeviceAsync("Аппарат 1");
        var therapist = await salon.TherapistAsync();

        await (await App.Admin().PostJson($"/api/v1/devices/{device}/maintenance",
            new { startsAt = salon.Start(13, 14), endsAt = salon.Start(13, 16),
                reason = "Поверка" })).Expect(HttpStatusCode.OK);
        var starts = (await Slots(App.FrontDesk(), service, Day(salon, 13))).Select(s => s.Start).ToHashSet();

        Assert.Contains(salon.Start(13, 13), starts);
        Assert.Contains(salon.Start(13, 16), starts);
        Assert.DoesNotContain(starts, s => s > salon.Start(13, 13) && s < salon.Start(13, 16));
        await (await Book(salon, service, therapist, salon.Start(13, 15))).ExpectProblem(HttpStatusCode.Conflict,
            "slot-taken");
    }

    [Fact]
    public async Task A_therapist_filter_narrows_the_slots_to_that_therapist()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync();
        var anna = await salon.TherapistAsync();
        await salon.TherapistAsync();

        var slots = await Slots(App.FrontDesk(), service, Day(salon, 14), therapist: anna);

        Assert.NotEmpty(slots);
        Assert.All(slots, s => Assert.Equal([anna], s.Therapists));
    }

    [Fact]
    public async Task Dates_beyond_the_booking_horizon_have_no_slots()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync();
        await salon.TherapistAsync();
        var desk = App.FrontDesk();

        Assert.NotEmpty(await Slots(desk, service, Day(salon, 59)));
        Assert.Empty(await Slots(desk, service, Day(salon, 61), to: Day(salon, 70)));
        var lastDay = await Slots(desk, service, Day(salon, 60));
        Assert.All(lastDay, s => Assert.True(s.Start <= App.Clock.GetUtcNow().AddDays(60),
            $"{s.Start} is beyond the horizon"));
    }

    [Fact]
    public async Task A_client_in_the_app_sees_no_start_within_the_first_two_hours_from_now()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync();
        await salon.TherapistAsync();
        var client = await salon.ClientAsync();
        var lead = App.Clock.GetUtcNow().AddMinutes(120);

        var forClient = await Slots(App.ClientAs("client", clientId: client), service, Day(salon, 0), to: Day(salon,
            1));
        var forDesk = await Slots(App.FrontDesk(), service, Day(salon, 0), to: Day(salon, 1));

        Assert.All(forClient, s => Assert.True(s.Start >= lead, $"{s.Start} is inside the lead time"));
        Assert.InRange(forClient[0].Start - lead, TimeSpan.Zero,
            TimeSpan.FromMinutes(75)); // the first grid start that fits
        Assert.True(forDesk[0].Start < lead, "the front desk books from now on");
        Assert.Equal(forDesk.Where(s => s.Start >= lead).Select(s => s.Start), forClient.Select(s => s.Start));
    }

    [Fact]
    public async Task For_a_client_their_own_visits_hide_overlapping_starts_but_not_back_to_back_ones_the_booking_rules_accept()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync(duration: 60, buffer: 15);
        var anna = await salon.TherapistAsync();
        var olga = await salon.TherapistAsync();
        var client = await salon.ClientAsync();
        var desk = App.FrontDesk();
        await (await desk.PostJson("/api/v1/bookings", new { clientId = client, serviceId = service, therapistId = anna,
            startsAt = salon.Start(15, 11) }))
            .Expect(HttpStatusCode.Created);

        var starts = (await Slots(App.ClientAs("client", clientId: client), service, Day(salon, 15))).Select(s
            => s.Start).ToHashSet();

        // The client is busy 11:00–12:00 (the buffer holds the therapist, not the client): sessions touching it are
        // fine.
        Assert.Contains(salon.Start(15, 10), starts);
        Assert.Contains(salon.Start(15, 12), starts);
        Assert.DoesNotContain(starts, s => s > salon.Start(15, 10) && s < salon.Start(15, 12));
        await (await desk.PostJson("/api/v1/bookings", new { clientId = client, serviceId = service, therapistId = olga,
            startsAt = salon.Start(15, 10) }))
            .Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_search_over_more_than_31_days_is_400()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync();
        var desk = App.FrontDesk();

        await (await desk.GetAsync($"/api/v1/availability?serviceId={service}&from={Day(salon, 1)}&to={Day(salon, 32)}"))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation");
        await (await desk.GetAsync($"/api/v1/availability?serviceId={service}&from={Day(salon, 1)}&to={Day(salon, 31)}")).Expect(HttpStatusCode.OK);
        await (await desk.GetAsync($"/api/v1/availability?serviceId={service}&from={Day(salon, 5)}&to={Day(salon, 4)}"))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task A_range_is_the_days_searched_one_by_one_whatever_the_weekdays_and_bookings_across_midnight()
    {
        // A search reads only the weekly hours of its weekdays and only bookings that reach into it: searching a range
        // and searching its days one at a time must agree, including a range that wraps from Saturday to Sunday.
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync(duration: 60, buffer: 15);
        var anna = await salon.TherapistAsync(
        [
            new { day = "monday", start = "09:00", end = "13:00" },
            new { day = "wednesday", start = "14:00", end = "20:00" },
            new { day = "saturday", start = "10:00", end = "16:00" },
            new { day = "sunday", start = "08:00", end = "11:00" },
        ]);
        var olga = await salon.TherapistAsync();
        // 23:00 + 60 + 15 minutes: Olga is held until 00:15 the next day.
        await (await Book(salon, service, olga, salon.Start(3, 23))).Expect(HttpStatusCode.Created);
        await (await Book(salon, service, olga, salon.Start(5, 12))).Expect(HttpStatusCode.Created);

        foreach (var (first, days) in new[] { (1, 7), (2, 3), (4, 5), (3, 2) })
        {
            var range = await Slots(App.FrontDesk(), service, Day(salon, first), Day(salon, first + days - 1));
            var oneByOne = new List<Slot>();
            for (var d = first; d < first + days; d++)
                oneByOne.AddRange(await Slots(App.FrontDesk(), service, Day(salon, d)));
            Assert.Equal(oneByOne.Select(s => (s.Text, string.Join(',', s.Therapists.Order()))),
                range.Select(s => (s.Text, string.Join(',', s.Therapists.Order()))));
        }
        var fourth = await Slots(App.FrontDesk(), service, Day(salon, 4));
        Assert.DoesNotContain(fourth, s => s.Start == salon.Start(4, 0) && s.Therapists.Contains(olga));
        Assert.Contains(olga, fourth.Single(s => s.Start == salon.Start(4, 0, 15)).Therapists);
        Assert.Contains(fourth.Concat(await Slots(App.FrontDesk(), service, Day(salon, 1), Day(salon, 7))),
            s => s.Therapists.Contains(anna));
    }

    private async Task<HttpResponseMessage> Book(SalonBuilder salon, Guid service, Guid therapist,
        DateTimeOffset start) =>
        await App.FrontDesk().PostJson("/api/v1/bookings", new { clientId = await salon.ClientAsync(),
            serviceId = service, therapistId = therapist, startsAt = start });

    private static string Day(SalonBuilder salon, int daysAhead) => salon.Start(daysAhead, 0).ToString("yyyy-MM-dd",
        CultureInfo.InvariantCulture);

    internal static async Task<List<Slot>> Slots(HttpClient http, Guid service, string from, string? to = null,
        Guid? therapist = null)
    {
        var url = $"/api/v1/availability?serviceId={service}&from={from}&to={to ?? from}" + (therapist is null ? "" : $"&therapistId={therapist}");
        var body = await (await http.GetAsync(url)).Expect(HttpStatusCode.OK);
        return body["slots"]!.AsArray().Select(s => new Slot(
            (string)s!["start"]!, Parse(s["start"]), Parse(s["end"]),
            s["therapists"]!.AsArray().Select(t => Guid.Parse((string)t!["id"]!)).ToList())).ToList();
    }

    private static DateTimeOffset Parse(JsonNode? node) => DateTimeOffset.Parse((string)node!,
        CultureInfo.InvariantCulture);

    internal sealed record Slot(string Text, DateTimeOffset Start, DateTimeOffset End, List<Guid> Therapists);
}

public sealed class AvailabilityOnSqlite(SqliteApp app) : AvailabilityTests(app), IClassFixture<SqliteApp>;
public sealed class AvailabilityOnPostgres(PostgresApp app) : AvailabilityTests(app), IClassFixture<PostgresApp>;
public sealed class AvailabilityOnSqlServer(SqlServerApp app) : AvailabilityTests(app), IClassFixture<SqlServerApp>;

/// <summary>
/// A salon in Berlin, where clocks jump: the local grid follows the wall clock, and every slot carries the offset in
/// force. The horizon is long enough to reach both 2027 transitions from today.
/// </summary>
public abstract class AvailabilityAcrossDstTests(SalonApp app) : ProviderTests(app)
{
    public static readonly IReadOnlyDictionary<string, string> Berlin = new Dictionary<string, string>
    {
        ["Salon:TimeZone"] = "Europe/Berlin",
        ["Salon:BookingHorizonDays"] = "400",
    };

    [Fact]
    public async Task On_the_spring_forward_day_the_missing_hour_has_no_slots_and_offsets_change_from_plus_one_to_plus_two()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync(duration: 60, buffer: 15);
        await salon.TherapistAsync();

        var slots = await AvailabilityTests.Slots(App.FrontDesk(), service, "2027-03-28");

        Assert.DoesNotContain(slots, s => s.Text.Contains("T02:", StringComparison.Ordinal));
        var before = slots.Where(s => s.Start.Hour < 2).ToList();
        var after = slots.Where(s => s.Start.Hour >= 3).ToList();
        Assert.Equal(8, before.Count);
        Assert.All(before, s => Assert.Equal(TimeSpan.FromHours(1), s.Start.Offset));
        Assert.All(after, s => Assert.Equal(TimeSpan.FromHours(2), s.Start.Offset));
        Assert.Equal(before.Count + after.Count, slots.Count);
        Assert.Equal("2027-03-28T01:45:00+01:00", before[^1].Text);
        Assert.Equal("2027-03-28T03:00:00+02:00", after[0].Text);
        Assert.Equal(TimeSpan.FromMinutes(15), after[0].Start - before[^1].Start); // adjacent instants across the jump
        Assert.Equal("2027-03-28T23:00:00+02:00", slots[^1].Text);
    }

    [Fact]
    public async Task On_the_fall_back_day_the_repeated_hour_is_listed_once_in_standard_time()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync(duration: 60, buffer: 15);
        await salon.TherapistAsync();

        var slots = await AvailabilityTests.Slots(App.FrontDesk(), service, "2027-10-31");

        // 02:00–02:59 happens twice. The grid is the wall clock, and SlotFinder.ToInstant reads an ambiguous local time
        // as standard time, so each of 02:00–02:45 is offered once, at +01:00; the first pass (+02:00) is not offered.
        var twoOClock = Assert.Single(slots, s => s.Text.StartsWith("2027-10-31T02:00:00", StringComparison.Ordinal));
        Assert.Equal("2027-10-31T02:00:00+01:00", twoOClock.Text);
        Assert.Equal(slots.Count, slots.Select(s => s.Text[..16]).Distinct().Count());
        Assert.Equal("2027-10-31T01:45:00+02:00", slots.Single(s => s.Text.StartsWith("2027-10-31T01:45",
            StringComparison.Ordinal)).Text);
        Assert.All(slots.Where(s => s.Start.Hour >= 2), s => Assert.Equal(TimeSpan.FromHours(1), s.Start.Offset));
        Assert.Equal(93, slots.Count);
        Assert.Equal("2027-10-31T23:00:00+01:00", slots[^1].Text);
    }
}

public sealed class BerlinSqliteApp : SqliteApp
{
    protected override IReadOnlyDictionary<string, string> Settings => AvailabilityAcrossDstTests.Berlin;
}

public sealed class BerlinPostgresApp : PostgresApp
{
    protected override IReadOnlyDictionary<string, string> Settings => AvailabilityAcrossDstTests.Berlin;
}

public sealed class AvailabilityAcrossDstOnSqlite(BerlinSqliteApp app) : AvailabilityAcrossDstTests(app), IClassFixture<BerlinSqliteApp>;
public sealed class AvailabilityAcrossDstOnPostgres(BerlinPostgresApp app) : AvailabilityAcrossDstTests(app), IClassFixture<BerlinPostgresApp>;
