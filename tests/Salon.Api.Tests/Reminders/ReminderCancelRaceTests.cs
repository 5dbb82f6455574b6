using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Salon.Api.Features.Reminders;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests.Reminders;

/// <summary>
/// A cancellation racing the dispatcher's send: the dispatcher sends while it holds the visit's row, so a cancellation
/// either commits first (and nothing is sent) or waits for the send to finish. A client never gets a reminder after
/// the cancellation committed. Bounded: one held race and ten free ones.
/// </summary>
public abstract class ReminderCancelRaceTests(SalonApp app) : ProviderTests(app)
{
    private static readonly TimeSpan Msk = TimeSpan.FromHours(3);

    private async Task<(FakeSmsGateway Gateway, DateTimeOffset Noon, ReminderDispatcher Dispatcher)> StartAsync()
    {
        var gateway = await FakeSmsGateway.StartAsync();
        var options = App.Services.GetRequiredService<ReminderOptions>();
        options.Channels = ["sms"];
        options.Sms.Url = gateway.SmsUrl;
        var noon = new DateTimeOffset(App.Clock.GetUtcNow().ToOffset(Msk).Date.AddDays(2).AddHours(12),
            Msk).ToUniversalTime();
        App.Clock.SetUtcNow(noon);
        return (gateway, noon, App.Services.GetRequiredService<ReminderDispatcher>());
    }

    private static async Task RunAsync(ReminderDispatcher dispatcher)
    {
        for (var round = 0; round < 100 && await dispatcher.RunOnceAsync(CancellationToken.None) > 0; round++) { }
    }

    private async Task<(Guid Booking, string Phone)> VisitAsync(SalonBuilder salon, Guid service, Guid therapist,
        DateTimeOffset start)
    {
        var client = await salon.ClientAsync();
        var phone = (await App.ScalarAsync<string>("SELECT phone FROM clients WHERE id = @client",
            new { client }))!.TrimStart('+');
        return (await App.FrontDesk().BookAsync(client, service, therapist, start), phone);
    }

    private Task<HttpResponseMessage> CancelAsync(Guid booking) =>
        App.FrontDesk().PostJson($"/api/v1/bookings/{booking}/cancel", new { by = "client" });

    [Fact]
    public async Task A_cancellation_during_the_send_waits_for_it_and_nothing_is_sent_after_it()
    {
        var (gateway, noon, dispatcher) = await StartAsync();
        await using var _ = gateway;
        var salon = new SalonBuilder(App);
        var start = noon.AddDays(3).AddHours(2);
        var (booking, phone) = await VisitAsync(salon, await salon.ManualServiceAsync(), await salon.TherapistAsync(),
            start);
        using var inGateway = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        gateway.Answer = r =>
        {
            if (r.Phones == phone)
            {
                inGateway.Set();
                release.Wait(TimeSpan.FromSeconds(20));
            }
            return (200, FakeSmsGateway.Accepted);
        };

        var sending = Task.Run(() => RunAsync(dispatcher));
        Assert.True(inGateway.Wait(TimeSpan.FromSeconds(20)), "the confirmation never reached the gateway");
        var cancelling = Task.Run(() => CancelAsync(booking));
        await Task.Delay(TimeSpan.FromMilliseconds(800));
        Assert.False(cancelling.IsCompleted,
            "the cancellation committed while its visit's confirmation was being sent");
        release.Set();
        await sending;
        await (await cancelling).Expect(HttpStatusCode.OK);

        foreach (var at in new[] { start.AddHours(-24), start.AddHours(-2), start })
        {
            App.Clock.SetUtcNow(at);
            await RunAsync(dispatcher);
        }
        Assert.Single(gateway.To(phone));
        var states = await App.QueryAsync<string>("SELECT status FROM reminders WHERE booking_id = @booking ORDER BY due_at", new { booking });
        Assert.Equal(["sent", "cancelled", "cancelled"], states.ToArray());
    }

    [Fact]
    public async Task Cancellations_racing_due_reminders_never_see_a_reminder_arrive_after_they_committed()
    {
        var (gateway, noon, dispatcher) = await StartAsync();
        await using var _ = gateway;
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync(duration: 30, buffer: 0);
        var therapist = await salon.TherapistAsync();
        var visits = new List<(Guid Booking, string Phone)>();
        for (var i = 0; i < 10; i++)
            visits.Add(await VisitAsync(salon, service, therapist, noon.AddDays(3).AddMinutes(30 * i)));
        await RunAsync(dispatcher); // confirmations out; the 24 h reminders wait
        var clock = Stopwatch.StartNew();
        var received = new ConcurrentDictionary<string, TimeSpan>();
        var times = new ConcurrentDictionary<string, int>();
        gateway.Answer = r =>
        {
            received[r.Phones] = clock.Elapsed;
            times.AddOrUpdate(r.Phones, 1, (_, n) => n + 1);
            Thread.Sleep(Random.Shared.Next(0, 30)); // a gateway that takes its time widens the window
            return (200, FakeSmsGateway.Accepted);
        };
        App.Clock.SetUtcNow(noon.AddDays(2).AddHours(6)); // every 24 h reminder is due

        var cancelledAt = new ConcurrentDictionary<string, TimeSpan>();
        var cancels = visits.Select(v => Task.Run(async () =>
        {
            await Task.Delay(Random.Shared.Next(0, 60));
            await (await CancelAsync(v.Booking)).Expect(HttpStatusCode.OK);
            cancelledAt[v.Phone] = clock.Elapsed;
        }));
        var other = ActivatorUtilities.CreateInstance<ReminderDispatcher>(App.Services); // a second instance
        await Task.WhenAll([.. cancels, Task.Run(() => RunAsync(dispatcher)), Task.Run(() => RunAsync(other))]);
        await RunAsync(dispatcher);

        foreach (var (booking, phone) in visits)
        {
            if (received.TryGetValue(phone, out var at))
                Assert.True(at < cancelledAt[phone],
                    $"a reminder reached the gateway {at - cancelledAt[phone]} after its visit was cancelled");
            Assert.True(times.GetValueOrDefault(phone) <= 1, "the 24 h reminder reached the gateway twice");
            // Recorded as sent only when it reached the gateway (a send whose commit failed is left unknown, never
            // resent).
            var sent = await App.ScalarAsync<long>("SELECT COUNT(*) FROM reminders WHERE booking_id = @booking AND status = 'sent'", new { booking });
            Assert.InRange(sent, 1L, received.ContainsKey(phone) ? 2L : 1L);
        }
    }
}

public sealed class ReminderCancelRaceOnPostgres(PostgresApp app) : ReminderCancelRaceTests(app), IClassFixture<PostgresApp>;
public sealed class ReminderCancelRaceOnSqlite(SqliteApp app) : ReminderCancelRaceTests(app), IClassFixture<SqliteApp>;
