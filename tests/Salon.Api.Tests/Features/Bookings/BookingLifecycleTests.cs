using System.Net;
using System.Text.Json.Nodes;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests;

/// <summary>A booking's life through the API: creation with its price, moves, cancellations, visits, time rules,
/// listing.</summary>
public abstract class BookingLifecycleTests(SalonApp app) : ProviderTests(app)
{
    [Fact]
    public async Task A_booking_is_created_at_the_price_in_force_and_keeps_it_when_the_price_changes()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync(price: 1800m);
        var therapist = await salon.TherapistAsync();
        var desk = App.FrontDesk();

        var response = await Book(desk, await salon.ClientAsync(), service, therapist, salon.Start(3, 10));
        var booking = await response.Expect(HttpStatusCode.Created);
        Assert.Equal($"/api/v1/bookings/{booking["id"]}", response.Headers.Location?.OriginalString);
        Assert.Equal(1800m, (decimal)booking["price"]!);
        Assert.Equal("RUB", (string?)booking["currency"]);
        Assert.Equal("booked", (string?)booking["status"]);
        Assert.Equal("desk", (string?)booking["channel"]);

        App.Clock.Advance(TimeSpan.FromMinutes(1)); // the first price took effect at the creation instant
        await (await App.Admin().PostJson($"/api/v1/services/{service}/prices",
            new { price = 2100m })).Expect(HttpStatusCode.Created);

        var old = await (await desk.GetAsync($"/api/v1/bookings/{booking["id"]}")).Expect(HttpStatusCode.OK);
        Assert.Equal(1800m, (decimal)old["price"]!);
        var fresh = await (await Book(desk, await salon.ClientAsync(), service, therapist, salon.Start(3,
            12))).Expect(HttpStatusCode.Created);
        Assert.Equal(2100m, (decimal)fresh["price"]!);
        Assert.Equal(180_000L, await App.ScalarAsync<long>("SELECT price_kopecks FROM bookings WHERE id = @id",
            new { id = Id(booking) }));
    }

    [Fact]
    public async Task Rescheduling_keeps_the_id_and_history_and_frees_the_old_slot_for_another_client()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync();
        var therapist = await salon.TherapistAsync();
        var desk = App.FrontDesk();
        var booking = await (await Book(desk, await salon.ClientAsync(), service, therapist, salon.Start(4,
            10))).Expect(HttpStatusCode.Created);

        App.Clock.Advance(TimeSpan.FromMinutes(1));
        var moved = await (await desk.PostJson($"/api/v1/bookings/{booking["id"]}/reschedule",
            new { startsAt = salon.Start(4, 14) })).Expect(HttpStatusCode.OK);

        Assert.Equal((string?)booking["id"], (string?)moved["id"]);
        Assert.Equal(salon.Start(4, 14), Time(moved["startsAt"]));
        Assert.Equal(2L, (long?)moved["version"]);
        Assert.Equal(["created", "rescheduled"], moved["history"]!.AsArray().Select(e => (string)e!["kind"]!));
        Assert.Equal(salon.Start(4, 14), Time(moved["history"]![1]!["startsAt"]));
        await (await Book(desk, await salon.ClientAsync(), service, therapist, salon.Start(4,
            10))).Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Moving_a_booking_onto_another_bookings_slot_is_409_slot_taken_and_changes_nothing()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync();
        var therapist = await salon.TherapistAsync();
        var desk = App.FrontDesk();
        var first = await (await Book(desk, await salon.ClientAsync(), service, therapist, salon.Start(5,
            10))).Expect(HttpStatusCode.Created);
        await (await Book(desk, await salon.ClientAsync(), service, therapist, salon.Start(5,
            12))).Expect(HttpStatusCode.Created);

        var clash = await desk.PostJson($"/api/v1/bookings/{first["id"]}/reschedule", new { startsAt = salon.Start(5,
            11, 30) });

        await clash.ExpectProblem(HttpStatusCode.Conflict, "slot-taken");
        var after = await (await desk.GetAsync($"/api/v1/bookings/{first["id"]}")).Expect(HttpStatusCode.OK);
        Assert.Equal(salon.Start(5, 10), Time(after["startsAt"]));
        Assert.Equal(1L, (long?)after["version"]);
        Assert.Equal(["created"], after["history"]!.AsArray().Select(e => (string)e!["kind"]!));
        // The claims released for the attempt came back with the rollback: the old slot is still held.
        await (await Book(desk, await salon.ClientAsync(), service, therapist, salon.Start(5,
            10))).ExpectProblem(HttpStatusCode.Conflict, "slot-taken");
    }

    [Fact]
    public async Task A_client_cancelling_more_than_a_day_ahead_cancels_in_time_and_the_slot_is_bookable_again()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync();
        var therapist = await salon.TherapistAsync();
        var client = await salon.ClientAsync();
        var start = salon.Start(3, 15);
        var booking = await (await Book(App.FrontDesk(), client, service, therapist,
            start)).Expect(HttpStatusCode.Created);

        var cancelled = await (await App.ClientAs("client",
            clientId: client).PostJson($"/api/v1/bookings/{booking["id"]}/cancel", new { })).Expect(HttpStatusCode.OK);

        Assert.Equal("cancelled", (string?)cancelled["status"]);
        Assert.Equal("client_in_time", (string?)cancelled["cancellation"]);
        var events = cancelled["history"]!.AsArray();
        Assert.Equal(["created", "cancelled"], events.Select(e => (string)e!["kind"]!));
        Assert.Equal(["frontdesk", "client"], events.Select(e => (string)e!["actorRole"]!));
        Assert.Equal(1L, await App.ScalarAsync<long>(
            "SELECT COUNT(*) FROM booking_events WHERE booking_id = @id AND kind = 'cancelled' AND actor_role = 'client'", new { id = Id(booking) }));
        Assert.Equal(0L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM resource_claims WHERE booking_id = @id",
            new { id = Id(booking) }));
        await (await Book(App.FrontDesk(), await salon.ClientAsync(), service, therapist,
            start)).Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_client_cancelling_within_24_hours_of_the_start_cancels_late()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync();
        var therapist = await salon.TherapistAsync();
        var client = await salon.ClientAsync();
        var start = GridAhead(TimeSpan.FromHours(25));
        var booking = await (await Book(App.FrontDesk(), client, service, therapist,
            start)).Expect(HttpStatusCode.Created);
        Assert.Equal(start.AddHours(-24), Time(booking["freeCancellationUntil"]));

        App.Clock.Advance(start - App.Clock.GetUtcNow() - TimeSpan.FromHours(23));
        var cancelled = await (await App.ClientAs("client",
            clientId: client).PostJson($"/api/v1/bookings/{booking["id"]}/cancel", new { })).Expect(HttpStatusCode.OK);

        Assert.Equal("client_late", (string?)cancelled["cancellation"]);
        Assert.Equal("client_late", await App.ScalarAsync<string>("SELECT cancellation FROM bookings WHERE id = @id",
            new { id = Id(booking) }));
    }

    [Fact]
    public async Task The_salon_cancelling_is_recorded_as_salon_and_a_second_cancel_is_an_illegal_transition()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync();
        var therapist = await salon.TherapistAsync();
        var desk = App.FrontDesk();
        var booking = await (await Book(desk, await salon.ClientAsync(), service, therapist, salon.Start(3,
            9))).Expect(HttpStatusCode.Created);
        var url = $"/api/v1/bookings/{booking["id"]}";

        var cancelled = await (await desk.PostJson(url + "/cancel", new { by = "salon",
            reason = "Мастер заболела" })).Expect(HttpStatusCode.OK);
        Assert.Equal("salon", (string?)cancelled["cancellation"]);

        await (await desk.PostJson(url + "/cancel", new { })).ExpectProblem(HttpStatusCode.Conflict,
            "illegal-transition");
        await (await desk.PostJson(url + "/check-in", SalonBuilder.DayOf())).ExpectProblem(HttpStatusCode.Conflict,
            "illegal-transition");
        Assert.Equal(1L,
            await App.ScalarAsync<long>("SELECT COUNT(*) FROM booking_events WHERE booking_id = @id AND kind = 'cancelled'", new { id = Id(booking) }));
    }

    [Fact]
    public async Task Check_in_opens_two_hours_before_the_start_and_a_checked_in_visit_completes_but_a_booked_one_cannot()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync();
        var therapist = await salon.TherapistAsync();
        var desk = App.FrontDesk();
        var start = GridAhead(TimeSpan.FromHours(3));
        var booking = await (await Book(desk, await salon.ClientAsync(), service, therapist,
            start)).Expect(HttpStatusCode.Created);
        var url = $"/api/v1/bookings/{booking["id"]}";

        await (await desk.PostAsync(url + "/complete", null)).ExpectProblem(HttpStatusCode.Conflict,
            "illegal-transition");
        await (await desk.PostJson(url + "/check-in",
            SalonBuilder.DayOf())).ExpectProblem(HttpStatusCode.UnprocessableEntity, "check-in-window");
        Assert.Equal("booked", await App.ScalarAsync<string>("SELECT status FROM bookings WHERE id = @id",
            new { id = Id(booking) }));

        App.Clock.Advance(start - App.Clock.GetUtcNow());
        Assert.Equal("checked_in", (string?)(await (await desk.PostJson(url + "/check-in",
            SalonBuilder.DayOf())).Expect(HttpStatusCode.OK))["status"]);
        var done = await (await desk.PostAsync(url + "/complete", null)).Expect(HttpStatusCode.OK);

        Assert.Equal("completed", (string?)done["status"]);
        Assert.Equal(["created", "checked_in", "completed"], done["history"]!.AsArray().Select(e
            => (string)e!["kind"]!));
        Assert.All(done["history"]!.AsArray(), e => Assert.Equal("frontdesk", (string?)e!["actorRole"]));
    }

    [Fact]
    public async Task A_client_cannot_cancel_a_visit_already_under_way_but_the_salon_can()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync();
        var therapist = await salon.TherapistAsync();
        var client = await salon.ClientAsync();
        var desk = App.FrontDesk();
        var start = GridAhead(TimeSpan.FromHours(1));
        var booking = await (await Book(desk, client, service, therapist, start)).Expect(HttpStatusCode.Created);
        var url = $"/api/v1/bookings/{booking["id"]}";
        App.Clock.Advance(start - App.Clock.GetUtcNow());
        await (await desk.PostJson(url + "/check-in", SalonBuilder.DayOf())).Expect(HttpStatusCode.OK);

        await (await App.ClientAs("client", clientId: client).PostJson(url + "/cancel",
            new { })).ExpectProblem(HttpStatusCode.Conflict, "illegal-transition");
        Assert.Equal("checked_in", await App.ScalarAsync<string>("SELECT status FROM bookings WHERE id = @id",
            new { id = Id(booking) }));

        var called = await (await desk.PostJson(url + "/cancel", new { by = "salon",
            reason = "Отказ аппарата" })).Expect(HttpStatusCode.OK);
        Assert.Equal("salon", (string?)called["cancellation"]);
    }

    [Fact]
    public async Task A_move_without_a_named_therapist_keeps_the_therapist_even_when_another_is_free()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync();
        var first = await salon.TherapistAsync();
        var chosen = await salon.TherapistAsync();
        var desk = App.FrontDesk();
        var booking = await (await Book(desk, await salon.ClientAsync(), service, chosen, salon.Start(6,
            10))).Expect(HttpStatusCode.Created);

        var moved = await (await desk.PostJson($"/api/v1/bookings/{booking["id"]}/reschedule",
            new { startsAt = salon.Start(6, 15) })).Expect(HttpStatusCode.OK);
        Assert.Equal(chosen.ToString(), (string?)moved["therapist"]!["id"]);

        // Her afternoon filled, the move without a name is refused rather than silently handed to someone else; naming
        // another moves it.
        await (await Book(desk, await salon.ClientAsync(), service, chosen, salon.Start(6,
            17))).Expect(HttpStatusCode.Created);
        await (await desk.PostJson($"/api/v1/bookings/{booking["id"]}/reschedule", new { startsAt = salon.Start(6,
            17) })).ExpectProblem(HttpStatusCode.Conflict, "slot-taken");
        var handedOver = await (await desk.PostJson($"/api/v1/bookings/{booking["id"]}/reschedule",
            new { startsAt = salon.Start(6, 17), therapistId = first }))
            .Expect(HttpStatusCode.OK);
        Assert.Equal(first.ToString(), (string?)handedOver["therapist"]!["id"]);
    }

    [Fact]
    public async Task A_no_show_is_refused_before_the_start_and_recorded_after_it()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync();
        var therapist = await salon.TherapistAsync();
        var desk = App.FrontDesk();
        var start = GridAhead(TimeSpan.FromHours(1));
        var booking = await (await Book(desk, await salon.ClientAsync(), service, therapist,
            start)).Expect(HttpStatusCode.Created);
        var url = $"/api/v1/bookings/{booking["id"]}/no-show";

        await (await desk.PostAsync(url, null)).ExpectProblem(HttpStatusCode.UnprocessableEntity, "too-early");

        App.Clock.Advance(start - App.Clock.GetUtcNow() + TimeSpan.FromMinutes(20));
        Assert.Equal("no_show", (string?)(await (await desk.PostAsync(url, null)).Expect(HttpStatusCode.OK))["status"]);
        Assert.Equal("no_show", await App.ScalarAsync<string>("SELECT status FROM bookings WHERE id = @id",
            new { id = Id(booking) }));
    }

    [Theory]
    [InlineData(3, 10, 7, "off-grid")]
    [InlineData(-1, 10, 0, "in-the-past")]
    [InlineData(61, 10, 0, "beyond-horizon")]
    public async Task A_start_off_the_grid_in_the_past_or_beyond_the_horizon_is_refused_and_nothing_is_written(int days,
        int hour, int minute, string code)
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync();
        var therapist = await salon.TherapistAsync();
        var client = await salon.ClientAsync();

        await (await Book(App.FrontDesk(), client, service, therapist, salon.Start(days, hour,
            minute))).ExpectProblem(HttpStatusCode.UnprocessableEntity, code);
        Assert.Equal(0L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM bookings WHERE client_id = @client",
            new { client }));
    }

    [Fact]
    public async Task Times_outside_the_weekly_hours_or_in_time_off_are_refused_as_outside_working_hours()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync(duration: 60);
        var hours = Enum.GetNames<DayOfWeek>().Select(d => (object)new { day = d.ToLowerInvariant(), start = "09:00",
            end = "18:00" }).ToArray();
        var therapist = await salon.TherapistAsync(hours);
        var desk = App.FrontDesk();
        var client = await salon.ClientAsync();

        await (await Book(desk, client, service, therapist, salon.Start(6,
            19))).ExpectProblem(HttpStatusCode.UnprocessableEntity, "outside-working-hours");
        await (await Book(desk, client, service, therapist, salon.Start(6, 17,
            30))).ExpectProblem(HttpStatusCode.UnprocessableEntity, "outside-working-hours");

        await (await App.Admin().PostJson($"/api/v1/therapists/{therapist}/exceptions",
            new { kind = "time_off", startsAt = salon.Start(6, 10), endsAt = salon.Start(6, 14),
                note = "Врач" })).Expect(HttpStatusCode.OK);
        await (await Book(desk, client, service, therapist, salon.Start(6,
            11))).ExpectProblem(HttpStatusCode.UnprocessableEntity, "outside-working-hours");
        Assert.Equal(0L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM bookings WHERE client_id = @client",
            new { client }));

        var day = salon.Start(6, 0).ToString("yyyy-MM-dd");
        var slots = (await (await desk.GetAsync($"/api/v1/availability?serviceId={service}&from={day}")).Expect(HttpStatusCode.OK))["slots"]!.AsArray();
        var starts = slots.Select(s => Time(s!["start"])).ToList();
        Assert.Contains(salon.Start(6, 9), starts);
        Assert.Contains(salon.Start(6, 14), starts);
        Assert.DoesNotContain(starts, s => s > salon.Start(6, 9) && s < salon.Start(6, 14));
        Assert.DoesNotContain(starts, s => s > salon.Start(6, 17));
        await (await Book(desk, client, service, therapist, salon.Start(6, 14))).Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_client_cannot_have_two_overlapping_visits_even_with_different_therapists()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync(duration: 60);
        var anna = await salon.TherapistAsync();
        var olga = await salon.TherapistAsync();
        var client = await salon.ClientAsync();
        var desk = App.FrontDesk();
        await (await Book(desk, client, service, anna, salon.Start(7, 10))).Expect(HttpStatusCode.Created);

        await (await Book(desk, client, service, olga, salon.Start(7, 10, 30))).ExpectProblem(HttpStatusCode.Conflict,
            "client-busy");

        Assert.Equal(1L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM bookings WHERE client_id = @client",
            new { client }));
        await (await Book(desk, client, service, olga, salon.Start(7,
            11))).Expect(HttpStatusCode.Created); // the buffer is the therapist's, not the client's
    }

    [Fact]
    public async Task Bookings_are_listed_by_dates_therapist_and_client_in_start_order_a_page_at_a_time()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync();
        var therapist = await salon.TherapistAsync();
        var other = await salon.TherapistAsync();
        var client = await salon.ClientAsync();
        var desk = App.FrontDesk();
        // Created out of order, on two days; one for another therapist.
        foreach (var start in new[] { salon.Start(9, 15), salon.Start(8, 12), salon.Start(9, 10), salon.Start(8, 9) })
            await (await Book(desk, client, service, therapist, start)).Expect(HttpStatusCode.Created);
        await (await Book(desk, await salon.ClientAsync(), service, other, salon.Start(8,
            9))).Expect(HttpStatusCode.Created);
        var from = salon.Start(8, 0).ToString("yyyy-MM-dd");
        var to = salon.Start(9, 0).ToString("yyyy-MM-dd");

        var page1 = await (await desk.GetAsync($"/api/v1/bookings?from={from}&to={to}&therapistId={therapist}&pageSize=3")).Expect(HttpStatusCode.OK);
        var page2 = await (await desk.GetAsync($"/api/v1/bookings?from={from}&to={to}&therapistId={therapist}&pageSize=3&page=2")).Expect(HttpStatusCode.OK);

        Assert.Equal(4L, (long?)page1["total"]);
        Assert.Equal(3, (int?)page1["pageSize"]);
        var starts = page1["items"]!.AsArray().Concat(page2["items"]!.AsArray()).Select(b
            => Time(b!["startsAt"])).ToList();
        Assert.Equal([salon.Start(8, 9), salon.Start(8, 12), salon.Start(9, 10), salon.Start(9, 15)], starts);

        var oneDay = await (await desk.GetAsync($"/api/v1/bookings?from={from}&to={from}&clientId={client}")).Expect(HttpStatusCode.OK);
        Assert.Equal(2L, (long?)oneDay["total"]);
        Assert.All(oneDay["items"]!.AsArray(), b => Assert.Equal(client.ToString(), (string?)b!["clientId"]));
        var byOther = await (await desk.GetAsync($"/api/v1/bookings?therapistId={other}")).Expect(HttpStatusCode.OK);
        Assert.Equal(other.ToString(), (string?)Assert.Single(byOther["items"]!.AsArray())!["therapist"]!["id"]);
    }

    private static Task<HttpResponseMessage> Book(HttpClient http, Guid client, Guid service, Guid? therapist,
        DateTimeOffset start) =>
        http.PostJson("/api/v1/bookings", new { clientId = client, serviceId = service, therapistId = therapist,
            startsAt = start });

    private static Guid Id(JsonNode booking) => Guid.Parse((string)booking["id"]!);

    private static DateTimeOffset Time(JsonNode? node) => DateTimeOffset.Parse((string)node!,
        System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The first 15-minute grid start at least this far ahead whose two-hour session stays on one Moscow
    /// date.</summary>
    private DateTimeOffset GridAhead(TimeSpan ahead)
    {
        var moscow = TimeSpan.FromHours(3);
        var t = (App.Clock.GetUtcNow() + ahead).ToOffset(moscow);
        var grid = TimeSpan.FromMinutes(15).Ticks;
        var start = new DateTimeOffset((t.Ticks + grid - 1) / grid * grid, moscow);
        return start.Hour >= 22 ? new DateTimeOffset(start.Date.AddDays(1), moscow) : start;
    }
}

public sealed class BookingLifecycleOnSqlite(SqliteApp app) : BookingLifecycleTests(app), IClassFixture<SqliteApp>;
public sealed class BookingLifecycleOnPostgres(PostgresApp app) : BookingLifecycleTests(app), IClassFixture<PostgresApp>;
public sealed class BookingLifecycleOnSqlServer(SqlServerApp app) : BookingLifecycleTests(app), IClassFixture<SqlServerApp>;
