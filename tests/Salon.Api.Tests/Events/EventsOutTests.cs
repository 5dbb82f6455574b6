using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests.Events;

/// <summary>
/// The outbox, signed webhooks and the desk's live stream, on a clock that stays at the real time (the receiver's
/// Standard Webhooks verifier checks the signature's timestamp against it).
/// </summary>
public abstract class EventsOutTests(SalonApp app) : EventTests(app)
{
    [Fact]
    public async Task Booking_payment_and_package_changes_arrive_signed_per_standard_webhooks_in_commit_order()
    {
        var (receiver, subscription) = await SubscribeAsync();
        await using var _ = receiver;
        var course = await App.CourseAsync();
        var desk = App.FrontDesk();
        var booking = SalonBuilder.Id(await (await desk.Book(course.Client, course.Service, course.Therapist,
            course.Salon.Start(3, 10)))
            .Expect(HttpStatusCode.Created));
        await (await desk.PostJson($"/api/v1/bookings/{booking}/reschedule", new { startsAt = course.Salon.Start(3,
            12) })).Expect(HttpStatusCode.OK);
        var paid = await (await desk.PostJson($"/api/v1/bookings/{booking}/payments", new { amount = 500m,
            method = "cash" })).Expect(HttpStatusCode.Created);
        await (await desk.PostJson($"/api/v1/payments/{paid["id"]}/refunds",
            new { amount = 500m })).Expect(HttpStatusCode.Created);
        await (await desk.PostJson($"/api/v1/bookings/{booking}/cancel",
            new { by = "client" })).Expect(HttpStatusCode.OK);
        await (await desk.PostJson($"/api/v1/packages/{course.Package}/freeze", new { from = App.Date(7),
            to = App.Date(8) })).Expect(HttpStatusCode.OK);
        await (await desk.PostJson($"/api/v1/packages/{course.Package}/refund",
            new { method = "card" })).Expect(HttpStatusCode.Created);

        await DispatchAsync();

        // Different subjects are sent side by side; one subject's events arrive in the order they committed.
        var received = receiver.Received.ToList();
        Assert.Equal(
            ["booking.cancelled", "booking.created", "booking.rescheduled", "package.frozen", "package.refunded",
                "package.sold",
             "payment.refunded", "payment.refunded", "payment.taken", "payment.taken"],
            received.Select(Type).Order());
        var ofBooking = received.Where(r => (string?)Body(r)["data"]!["bookingId"] == booking.ToString()
            && Type(r).StartsWith("booking.")).ToList();
        Assert.Equal(["booking.created", "booking.rescheduled", "booking.cancelled"], ofBooking.Select(Type));
        Assert.All(received, r => Assert.Null(r.VerifyError));
        Assert.All(received, r => Assert.Equal((string)Body(r)["id"]!, r.Id));
        Assert.Equal(received.Count, received.Select(r => r.Id).Distinct().Count());

        var created = Body(ofBooking[0])["data"]!;
        Assert.Equal(course.Client.ToString(), (string?)created["clientId"]);
        Assert.Equal(course.Therapist.ToString(), (string?)created["therapistId"]);
        Assert.Equal("booked", (string?)created["status"]);
        Assert.Equal(course.Salon.Start(3, 10), DateTimeOffset.Parse((string)created["startsAt"]!,
            System.Globalization.CultureInfo.InvariantCulture));
        var cancelled = Body(ofBooking[2])["data"]!;
        Assert.Equal("client", (string?)cancelled["cancelledBy"]);
        Assert.False((bool)cancelled["lateCancellation"]!);
        var deposit = Body(received.Single(r => Type(r) == "payment.taken"
            && (string?)Body(r)["data"]!["bookingId"] == booking.ToString()))["data"]!;
        Assert.Equal(50_000L, (long)deposit["amountKopecks"]!);
        Assert.Equal("cash", (string?)deposit["method"]);

        var log = await DeliveriesAsync(subscription);
        Assert.Equal(received.Count, (int)log["total"]!);
        Assert.All(log["items"]!.AsArray(), d =>
        {
            Assert.Equal("delivered", (string?)d!["status"]);
            Assert.Equal(1, (int)d["attempts"]!);
        });
    }

    [Fact]
    public async Task A_refused_booking_writes_no_event()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync();
        var therapist = await salon.TherapistAsync();
        var desk = App.FrontDesk();
        await (await desk.Book(await salon.ClientAsync(), service, therapist, salon.Start(4,
            10))).Expect(HttpStatusCode.Created);
        await AllNumberedAsync();
        var before = await App.ScalarAsync<long>("SELECT COUNT(*) FROM outbox");
        var head = await App.ScalarAsync<long>("SELECT position FROM outbox_cursors WHERE name = 'head'");

        await (await desk.Book(await salon.ClientAsync(), service, therapist, salon.Start(4,
            10))).ExpectProblem(HttpStatusCode.Conflict, "slot-taken");
        await (await desk.Book(await salon.UnscreenedClientAsync(), service, therapist, salon.Start(4, 14)))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "health-consent-required");

        await AllNumberedAsync();
        Assert.Equal(before, await App.ScalarAsync<long>("SELECT COUNT(*) FROM outbox"));
        Assert.Equal(head, await App.ScalarAsync<long>("SELECT position FROM outbox_cursors WHERE name = 'head'"));
        Assert.Equal(head, await App.ScalarAsync<long>("SELECT MAX(position) FROM outbox"));
    }

    [Fact]
    public async Task Two_dispatchers_on_one_database_send_each_event_once()
    {
        var (receiver, subscription) = await SubscribeAsync(null, "booking.created");
        await using var _ = receiver;
        receiver.Delay = TimeSpan.FromMilliseconds(20); // sends overlap, so both dispatchers are busy at once
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync(duration: 30, buffer: 0);
        var desk = App.FrontDesk();
        const int bookings = 24;
        var therapists = new List<Guid>();
        for (var i = 0; i < 4; i++) therapists.Add(await salon.TherapistAsync());
        var clients = new List<Guid>();
        for (var i = 0; i < 4; i++) clients.Add(await salon.ClientAsync());
        for (var i = 0; i < bookings; i++)
            await (await desk.Book(clients[i % 4], service, therapists[i % 4], salon.Start(5 + i / 4 / 6,
                8 + i / 4 % 6))).Expect(HttpStatusCode.Created);

        var first = Dispatcher;
        var second = AnotherDispatcher();
        await Task.WhenAll(Task.Run(() => DispatchAsync(first)), Task.Run(() => DispatchAsync(second)),
            Task.Run(() => DispatchAsync(first)), Task.Run(() => DispatchAsync(second)));

        var ids = receiver.Received.Select(r => r.Id).ToList();
        Assert.Equal(bookings, ids.Count);
        Assert.Equal(bookings, ids.Distinct().Count());
        var log = await DeliveriesAsync(subscription, "?pageSize=100");
        Assert.Equal(bookings, (int)log["total"]!);
        Assert.All(log["items"]!.AsArray(), d => Assert.Equal(1, (int)d!["attempts"]!));
    }

    [Fact]
    public async Task Events_committed_at_once_are_numbered_in_commit_order_without_gaps_and_the_stream_sees_each_once()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync(duration: 30, buffer: 0);
        var pairs = new List<(Guid Client, Guid Therapist)>();
        for (var i = 0; i < 8; i++) pairs.Add((await salon.ClientAsync(), await salon.TherapistAsync()));
        var desk = App.FrontDesk();
        using var stream = await SseStream.OpenAsync(desk);

        var created = await Task.WhenAll(Enumerable.Range(0, 16).Select(async i =>
            SalonBuilder.Id(await (await desk.Book(pairs[i % 8].Client, service, pairs[i % 8].Therapist, salon.Start(9,
                9 + i / 8)))
                .Expect(HttpStatusCode.Created))));

        // The claim here is order and no gaps, not speed (StreamLatencyTests): a busy runner may take seconds.
        var seen = new List<ServerSentEvent>();
        for (var i = 0; i < 16; i++) seen.Add(await stream.NextAsync(TimeSpan.FromSeconds(30)));
        var positions = seen.Select(e => long.Parse(e.Id)).ToList();
        Assert.Equal(Enumerable.Range(0, 16).Select(i => positions[0] + i), positions);
        Assert.Equal(created.Order(), seen.Select(e
            => Guid.Parse((string)JsonNode.Parse(e.Data)!["data"]!["bookingId"]!)).Order());
        await AllNumberedAsync();
        Assert.Equal(await App.ScalarAsync<long>("SELECT COUNT(*) FROM outbox"),
            await App.ScalarAsync<long>("SELECT MAX(position) FROM outbox"));
    }

    [Fact]
    public async Task Only_the_desk_opens_the_stream_and_a_bad_Last_Event_ID_is_400()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await App.ClientAs("therapist",
            therapistId: Guid.NewGuid()).GetAsync("/api/v1/events/stream")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await App.ClientAs("client",
            clientId: Guid.NewGuid()).GetAsync("/api/v1/events/stream")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await App.CreateClient().GetAsync("/api/v1/events/stream")).StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/events/stream");
        request.Headers.Add("Last-Event-ID", "abc");
        await (await App.FrontDesk().SendAsync(request)).ExpectProblem(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task A_failed_day_of_check_is_published_as_a_cancellation_by_the_salon_without_health_data()
    {
        var (receiver, _) = await SubscribeAsync(null, "booking.cancelled");
        await using var __ = receiver;
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync();
        var therapist = await salon.TherapistAsync();
        var start = App.Clock.GetUtcNow().AddMinutes(40);
        start = start.AddTicks(-(start.Ticks % TimeSpan.FromMinutes(15).Ticks)).AddMinutes(15).ToOffset(TimeSpan.FromHours(3));
        var booking = await App.FrontDesk().Book(await salon.ClientAsync(), service, therapist, start);
        if (booking.StatusCode != HttpStatusCode.Created) Assert.Skip("no bookable start within check-in hours now (late in the Moscow day)");
        var id = SalonBuilder.Id(await booking.Body());

        await (await App.FrontDesk().PostJson($"/api/v1/bookings/{id}/check-in", SalonBuilder.DayOf("Q01")))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "day-of-check-failed");
        await DispatchAsync();

        var cancelled = Assert.Single(receiver.Received);
        Assert.Equal("salon", (string?)Body(cancelled)["data"]!["cancelledBy"]);
        Assert.DoesNotMatch("Q[0-2][0-9]|health|fever", cancelled.Body);
    }

    [Fact]
    public async Task Serious_news_at_check_in_publishes_screening_due_with_the_client_id_only()
    {
        var (receiver, _) = await SubscribeAsync(null, "screening.due");
        await using var __ = receiver;
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync();
        var therapist = await salon.TherapistAsync();
        var client = await salon.ClientAsync();
        var booking = await (await App.FrontDesk().Book(client, service, therapist,
            App.Soon(40))).Expect(HttpStatusCode.Created);

        // Suspected thrombosis (Q03) is an A: the visit is cancelled and the screening void at once.
        await (await App.FrontDesk().PostJson($"/api/v1/bookings/{SalonBuilder.Id(booking)}/check-in",
            SalonBuilder.DayOf("Q03")))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "day-of-check-failed");
        await DispatchAsync();

        var due = Assert.Single(receiver.Received);
        Assert.Equal("screening.due", (string?)Body(due)["type"]);
        Assert.Equal(client.ToString(), (string?)Body(due)["data"]!["clientId"]);
        Assert.DoesNotMatch("Q[0-2][0-9]|thromb|health|day_of", due.Body);
    }

    [Fact]
    public async Task Webhook_subscriptions_are_admin_only_show_the_secret_once_and_take_only_web_urls_and_known_types()
    {
        var admin = App.Admin();
        Assert.Equal(HttpStatusCode.Forbidden, (await App.FrontDesk().GetAsync("/api/v1/webhooks")).StatusCode);
        await (await admin.PostJson("/api/v1/webhooks", new { url = "ftp://example.com/x",
            eventTypes = new[] { "booking.created" } }))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation");
        await (await admin.PostJson("/api/v1/webhooks", new { url = "file:///etc/passwd",
            eventTypes = new[] { "booking.created" } }))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation");
        await (await admin.PostJson("/api/v1/webhooks", new { url = "https://example.com/x",
            eventTypes = new[] { "booking.eaten" } }))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation");
        await (await admin.PostJson("/api/v1/webhooks", new { url = "https://example.com/x",
            eventTypes = Array.Empty<string>() }))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation");

        var created = await (await admin.PostJson("/api/v1/webhooks", new { url = "HTTPS://Example.COM/x",
            eventTypes = new[] { "booking.created" } }))
            .Expect(HttpStatusCode.Created);
        Assert.Equal("https://example.com/x", (string?)created["url"]);
        Assert.Matches("^whsec_[A-Za-z0-9+/]{43}=$", (string)created["secret"]!);
        var read = await admin.GetAsync($"/api/v1/webhooks/{created["id"]}");
        var body = await read.Expect(HttpStatusCode.OK);
        Assert.Null(body["secret"]);
        Assert.DoesNotContain((string)created["secret"]!,
            await (await admin.GetAsync("/api/v1/webhooks")).Content.ReadAsStringAsync());

        var changes = new { url = "https://example.com/y", eventTypes = new[] { "booking.created", "payment.taken" },
            active = false };
        await (await admin.PutAsJsonAsync($"/api/v1/webhooks/{created["id"]}", changes,
            Http.Json)).ExpectProblem(HttpStatusCode.PreconditionRequired, "precondition-required");
        using var put = new HttpRequestMessage(HttpMethod.Put,
            $"/api/v1/webhooks/{created["id"]}") { Content = JsonContent.Create(changes, options: Http.Json) };
        put.Headers.IfMatch.Add(read.Headers.ETag!);
        var updated = await (await admin.SendAsync(put)).Expect(HttpStatusCode.OK);
        Assert.Equal(["booking.created", "payment.taken"], updated["eventTypes"]!.AsArray().Select(t => (string)t!));
        Assert.False((bool)updated["active"]!);

        Assert.Equal(HttpStatusCode.NoContent,
            (await admin.DeleteAsync($"/api/v1/webhooks/{created["id"]}")).StatusCode);
        await (await admin.GetAsync($"/api/v1/webhooks/{created["id"]}")).ExpectProblem(HttpStatusCode.NotFound,
            "not-found");
    }

    [Fact]
    public async Task A_redirect_to_another_host_is_not_followed()
    {
        var (receiver, subscription) = await SubscribeAsync("/moved", "booking.created");
        await using var _ = receiver;
        var salon = new SalonBuilder(App);
        await (await App.FrontDesk().Book(await salon.ClientAsync(), await salon.ManualServiceAsync(),
            await salon.TherapistAsync(), salon.Start(6, 10)))
            .Expect(HttpStatusCode.Created);

        await DispatchAsync();

        Assert.Empty(receiver.Received); // /elsewhere on "localhost" was never asked
        var delivery = Assert.Single((await DeliveriesAsync(subscription))["items"]!.AsArray())!;
        Assert.Equal("pending", (string?)delivery["status"]);
        Assert.Equal(307, (int)delivery["lastStatusCode"]!);
        Assert.Contains("redirect not followed", (string)delivery["lastError"]!);
    }

    [Fact]
    public async Task The_events_health_endpoint_shows_the_backlog_and_deliveries_by_outcome()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await App.FrontDesk().GetAsync("/health/events")).StatusCode);
        var (receiver, _) = await SubscribeAsync(null, "booking.created");
        await using var __ = receiver;
        var salon = new SalonBuilder(App);
        await (await App.FrontDesk().Book(await salon.ClientAsync(), await salon.ManualServiceAsync(),
            await salon.TherapistAsync(), salon.Start(7, 10)))
            .Expect(HttpStatusCode.Created);

        var waiting = await (await App.Admin().GetAsync("/health/events")).Expect(HttpStatusCode.OK);
        Assert.True((long)waiting["pendingEvents"]! >= 1);
        Assert.True((double)waiting["oldestPendingSeconds"]! >= 0);
        var delivered = (long)waiting["delivered"]!;

        await DispatchAsync();

        var done = await (await App.Admin().GetAsync("/health/events")).Expect(HttpStatusCode.OK);
        Assert.Equal(0L, (long)done["pendingEvents"]!);
        // Earlier tests on this database may leave retries due later; this test's own delivery is not among them.
        Assert.Equal((long)waiting["pendingDeliveries"]!, (long)done["pendingDeliveries"]!);
        Assert.Equal(delivered + 1, (long)done["delivered"]!);
    }
}

public sealed class EventsOutOnSqlite(SqliteApp app) : EventsOutTests(app), IClassFixture<SqliteApp>;
public sealed class EventsOutOnPostgres(PostgresApp app) : EventsOutTests(app), IClassFixture<PostgresApp>;
public sealed class EventsOutOnSqlServer(SqlServerApp app) : EventsOutTests(app), IClassFixture<SqlServerApp>;
