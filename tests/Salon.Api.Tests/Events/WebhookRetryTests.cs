using System.Net;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests.Events;

/// <summary>Retries, crashes, pausing and giving up: the tests move the app's clock, so signatures are not time-checked
/// here.</summary>
public abstract class WebhookRetryTests(SalonApp app) : EventTests(app)
{
    private async Task<Guid> BookAsync(int daysAhead, int hour)
    {
        var salon = new SalonBuilder(App);
        return SalonBuilder.Id(await (await App.FrontDesk().Book(await salon.ClientAsync(),
            await salon.ManualServiceAsync(), await salon.TherapistAsync(),
            salon.Start(daysAhead, hour))).Expect(HttpStatusCode.Created));
    }

    /// <summary>Moves the clock past any backoff (at most 1.2 hours) and runs the dispatcher.</summary>
    private async Task LaterAsync()
    {
        App.Clock.Advance(TimeSpan.FromMinutes(73));
        await DispatchAsync();
    }

    [Fact]
    public async Task A_receiver_failing_five_times_gets_the_event_once_per_attempt_and_the_sixth_is_acknowledged()
    {
        var (receiver, subscription) = await SubscribeAsync(null, "booking.created", "booking.cancelled");
        await using var _ = receiver;
        receiver.Answer = n => n <= 5 ? 503 : 200;
        var booking = await BookAsync(20, 10);
        await (await App.FrontDesk().PostJson($"/api/v1/bookings/{booking}/cancel",
            new { by = "salon" })).Expect(HttpStatusCode.OK);

        await DispatchAsync();
        for (var attempt = 2; attempt <= 5; attempt++)
        {
            Assert.Equal(attempt - 1, receiver.Received.Count);
            await LaterAsync();
        }
        Assert.Equal(5, receiver.Received.Count);
        await LaterAsync(); // the sixth attempt succeeds, and the cancellation, held back meanwhile, follows it

        var received = receiver.Received.ToList();
        Assert.Equal(7, received.Count);
        Assert.Single(received.Take(6).Select(r => r.Id).Distinct());
        Assert.All(received.Take(6), r => Assert.Equal("booking.created", Type(r)));
        Assert.Equal("booking.cancelled", Type(received[6]));
        var log = (await DeliveriesAsync(subscription))["items"]!.AsArray();
        Assert.Equal(["delivered", "delivered"], log.Select(d => (string)d!["status"]!));
        Assert.Equal([1, 6], log.Select(d => (int)d!["attempts"]!)); // newest first
        Assert.Equal(200, (int)log[1]!["lastStatusCode"]!);
        var hook = await (await App.Admin().GetAsync($"/api/v1/webhooks/{subscription}")).Expect(HttpStatusCode.OK);
        Assert.Equal(0, (int)hook["failuresInRow"]!);
        Assert.Null(hook["pausedAt"]);
    }

    [Fact]
    public async Task A_dispatcher_stopped_between_sending_and_marking_is_followed_by_a_resend_with_the_same_webhook_id()
    {
        var (receiver, subscription) = await SubscribeAsync(null, "booking.created");
        await using var _ = receiver;
        await BookAsync(21, 10);
        using var crash = new CancellationTokenSource();
        receiver.OnReceived = _
            => crash.Cancel(); // the process dies once the receiver has the message, before it is marked sent

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Dispatcher.RunOnceAsync(crash.Token));
        receiver.OnReceived = null;
        var pending = (await DeliveriesAsync(subscription))["items"]![0]!;
        Assert.Equal("pending", (string?)pending["status"]);

        await DispatchAsync(AnotherDispatcher()); // another instance: the lease still holds
        Assert.Single(receiver.Received);
        App.Clock.Advance(TimeSpan.FromSeconds(61)); // the crashed instance's lease runs out
        await DispatchAsync(AnotherDispatcher());

        var received = receiver.Received.ToList();
        Assert.Equal(2, received.Count);
        Assert.Equal(received[0].Id, received[1].Id);
        Assert.Equal(received[0].Body, received[1].Body);
        var delivered = (await DeliveriesAsync(subscription))["items"]![0]!;
        Assert.Equal("delivered", (string?)delivered["status"]);
        Assert.Equal(2, (int)delivered["attempts"]!);
    }

    [Fact]
    public async Task A_subscription_that_keeps_failing_is_paused_and_resumes_when_the_admin_activates_it()
    {
        var (receiver, subscription) = await SubscribeAsync(null, "booking.created");
        await using var _ = receiver;
        receiver.Answer = _ => 500;
        await BookAsync(22, 10);

        await DispatchAsync();
        for (var i = 0; i < 25; i++) await LaterAsync();

        Assert.Equal(20, receiver.Received.Count); // Webhooks:PauseAfterFailures, then nothing more is tried
        var paused = await App.Admin().GetAsync($"/api/v1/webhooks/{subscription}");
        var hook = await paused.Expect(HttpStatusCode.OK);
        Assert.NotNull(hook["pausedAt"]);
        Assert.Equal(20, (int)hook["failuresInRow"]!);
        Assert.Equal("HTTP 500", (string?)(await DeliveriesAsync(subscription))["items"]![0]!["lastError"]);

        receiver.Answer = _ => 200;
        using var resume = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/webhooks/{subscription}")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { url = receiver.Url,
                eventTypes = new[] { "booking.created" }, active = true },
                options: Http.Json),
        };
        resume.Headers.IfMatch.Add(paused.Headers.ETag!);
        await (await App.Admin().SendAsync(resume)).Expect(HttpStatusCode.OK);
        await LaterAsync();

        Assert.Equal(21, receiver.Received.Count);
        Assert.Equal("delivered", (string?)(await DeliveriesAsync(subscription))["items"]![0]!["status"]);
    }

    [Fact]
    public async Task A_delivery_still_failing_after_24_hours_is_marked_failed_and_a_redeliver_sends_it_again()
    {
        var (receiver, subscription) = await SubscribeAsync(null, "booking.created");
        await using var _ = receiver;
        receiver.Answer = _ => 502;
        await BookAsync(23, 10);

        await DispatchAsync();
        App.Clock.Advance(TimeSpan.FromHours(24)); // the next attempt was due long ago; it is the last one
        await DispatchAsync();
        App.Clock.Advance(TimeSpan.FromHours(2));
        await DispatchAsync();

        Assert.Equal(2, receiver.Received.Count);
        var failed = (await DeliveriesAsync(subscription, "?status=failed"))["items"]![0]!;
        Assert.Equal(2, (int)failed["attempts"]!);
        Assert.Null(failed["nextAttemptAt"]);

        receiver.Answer = _ => 204;
        var again = await (await App.Admin().PostJson($"/api/v1/webhooks/{subscription}/deliveries/{failed["id"]}/redeliver", new { }))
            .Expect(HttpStatusCode.OK);
        Assert.Equal("pending", (string?)again["status"]);
        await (await App.Admin().PostJson($"/api/v1/webhooks/{subscription}/deliveries/{failed["id"]}/redeliver",
            new { }))
            .ExpectProblem(HttpStatusCode.Conflict, "delivery-pending");
        await DispatchAsync();

        Assert.Equal(3, receiver.Received.Count);
        Assert.Single(receiver.Received.Select(r => r.Id).Distinct());
        Assert.Equal("delivered", (string?)(await DeliveriesAsync(subscription))["items"]![0]!["status"]);
    }

    [Fact]
    public async Task Visits_given_and_missed_and_packages_expiring_are_published_too()
    {
        var (receiver, _) = await SubscribeAsync(null, "booking.checked_in", "booking.completed", "booking.no_show",
            "package.expired");
        await using var __ = receiver;
        var course = await App.CourseAsync(validityDays: 3);
        var desk = App.FrontDesk();
        var given = SalonBuilder.Id(await (await desk.Book(course.Client, course.Service, course.Therapist,
            course.Salon.Start(1, 10)))
            .Expect(HttpStatusCode.Created));
        var missed = SalonBuilder.Id(await (await desk.Book(course.Client, course.Service, course.Therapist,
            course.Salon.Start(1, 14)))
            .Expect(HttpStatusCode.Created));

        App.Clock.Advance(course.Salon.Start(1, 10) - App.Clock.GetUtcNow() - TimeSpan.FromMinutes(30));
        desk = App.FrontDesk(); // a token from before the clock moved has expired
        await (await desk.PostJson($"/api/v1/bookings/{given}/check-in",
            SalonBuilder.DayOf())).Expect(HttpStatusCode.OK);
        await (await desk.PostJson($"/api/v1/bookings/{given}/complete", new { })).Expect(HttpStatusCode.OK);
        App.Clock.Advance(TimeSpan.FromHours(5));
        await (await App.FrontDesk().PostJson($"/api/v1/bookings/{missed}/no-show", new { })).Expect(HttpStatusCode.OK);
        App.Clock.Advance(TimeSpan.FromDays(4));
        await (await App.Admin().PostJson("/api/v1/packages/expire", new { })).Expect(HttpStatusCode.OK);
        await DispatchAsync();

        Assert.Equal(["booking.checked_in", "booking.completed", "booking.no_show", "package.expired"],
            receiver.Received.Select(Type).Order());
        Assert.Equal(course.Package.ToString(), (string?)Body(receiver.Received.Single(r
            => Type(r) == "package.expired"))["data"]!["packageId"]);
    }
}

public sealed class WebhookRetryOnSqlite(SqliteApp app) : WebhookRetryTests(app), IClassFixture<SqliteApp>;
public sealed class WebhookRetryOnPostgres(PostgresApp app) : WebhookRetryTests(app), IClassFixture<PostgresApp>;
public sealed class WebhookRetryOnSqlServer(SqlServerApp app) : WebhookRetryTests(app), IClassFixture<SqlServerApp>;
