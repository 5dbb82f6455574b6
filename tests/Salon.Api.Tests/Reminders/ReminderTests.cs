using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Salon.Api.Features.Reminders;
using Salon.Api.Infrastructure.Http;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests.Reminders;

/// <summary>
/// Reminders through a local SMS gateway, on the test clock: each test starts at noon Moscow time (09:00 UTC) a few
/// days after the last test's clock and moves time with the fake clock, never by sleeping.
/// </summary>
public abstract class ReminderTests(SalonApp app) : ProviderTests(app)
{
    private static readonly TimeSpan Msk = TimeSpan.FromHours(3);

    private ReminderOptions Options => App.Services.GetRequiredService<ReminderOptions>();
    private ReminderDispatcher Dispatcher => App.Services.GetRequiredService<ReminderDispatcher>();

    /// <summary>Sets the clock to noon in Moscow two days on, and points the SMS channel at the gateway.</summary>
    private DateTimeOffset Noon(FakeSmsGateway gateway, params string[] channels)
    {
        var day = App.Clock.GetUtcNow().ToOffset(Msk).Date.AddDays(2);
        var noon = new DateTimeOffset(day.AddHours(12), Msk);
        App.Clock.SetUtcNow(noon.ToUniversalTime());
        Options.Channels = channels.Length > 0 ? channels : ["sms"];
        Options.Sms.Url = gateway.SmsUrl;
        Options.Sms.Login = "salon-login";
        Options.Sms.Key = "salon-key";
        Options.Push.Url = gateway.PushUrl;
        Options.Push.Key = "push-key";
        return noon.ToUniversalTime();
    }

    private static async Task RunAsync(ReminderDispatcher dispatcher)
    {
        for (var round = 0; round < 100 && await dispatcher.RunOnceAsync(CancellationToken.None) > 0; round++) { }
    }

    private Task RunAsync() => RunAsync(Dispatcher);

    private async Task<JsonArray> RemindersAsync(Guid booking) =>
        (await App.FrontDesk().AllAsync($"/api/v1/bookings/{booking}/reminders"));

    private static (string Kind, string Status, DateTimeOffset DueAt)[] States(JsonArray reminders) =>
        reminders.Select(r => ((string)r!["kind"]!, (string)r["status"]!, DateTimeOffset.Parse((string)r["dueAt"]!,
            System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime())).ToArray();

    private async Task<(Guid Client, string Phone, Guid Service, Guid Therapist)> VisitorAsync()
    {
        var salon = new SalonBuilder(App);
        var client = await salon.ClientAsync();
        var phone = (await App.ScalarAsync<string>("SELECT phone FROM clients WHERE id = @client", new { client }))!;
        return (client, phone, await salon.ManualServiceAsync(), await salon.TherapistAsync());
    }

    [Fact]
    public async Task A_booking_is_confirmed_at_once_and_reminded_24_and_2_hours_before_through_the_sms_gateway()
    {
        await using var gateway = await FakeSmsGateway.StartAsync();
        var now = Noon(gateway);
        var v = await VisitorAsync();
        var start = now.AddDays(3).AddHours(2); // 14:00 MSK
        var booking = await App.FrontDesk().BookAsync(v.Client, v.Service, v.Therapist, start);

        await RunAsync();
        var confirmation = Assert.Single(gateway.To(v.Phone));
        Assert.Equal("salon-login", confirmation.Form["login"]);
        Assert.Equal("salon-key", confirmation.Form["psw"]);
        Assert.Equal("3", confirmation.Form["fmt"]);
        var local = start.ToOffset(Msk);
        Assert.Equal($"Салон: вы записаны на {local:dd.MM.yyyy} в 14:00. Отменить или перенести визит можно в приложении.",
            confirmation.Text);
        Assert.Equal(
            [("confirmation", "sent", now), ("before_24h", "scheduled", start.AddHours(-24)), ("before_2h", "scheduled",
                start.AddHours(-2))],
            States(await RemindersAsync(booking)));

        App.Clock.SetUtcNow(start.AddHours(-24).AddMinutes(-1));
        await RunAsync();
        Assert.Single(gateway.To(v.Phone));
        App.Clock.SetUtcNow(start.AddHours(-24));
        await RunAsync();
        Assert.Equal(2, gateway.To(v.Phone).Count);
        Assert.Equal($"Салон: напоминаем о визите {local:dd.MM.yyyy} в 14:00. Ждём вас!", gateway.To(v.Phone)[1].Text);
        App.Clock.SetUtcNow(start.AddHours(-2));
        await RunAsync();
        await RunAsync();

        Assert.Equal(3, gateway.To(v.Phone).Count);
        Assert.Equal(3, gateway.To(v.Phone).Select(s => s.Id).Distinct().Count());
        var reminders = await RemindersAsync(booking);
        Assert.All(reminders, r => Assert.Equal("sent", (string?)r!["status"]));
        Assert.All(reminders, r => Assert.Equal("sms", (string?)r!["channel"]));
        Assert.Equal(start.AddHours(-2), DateTimeOffset.Parse((string)reminders[2]!["sentAt"]!,
            System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_cancelled_visit_gets_no_more_reminders()
    {
        await using var gateway = await FakeSmsGateway.StartAsync();
        var now = Noon(gateway);
        var v = await VisitorAsync();
        var start = now.AddDays(3).AddHours(2);
        var booking = await App.FrontDesk().BookAsync(v.Client, v.Service, v.Therapist, start);
        await RunAsync();
        await (await App.FrontDesk().PostJson($"/api/v1/bookings/{booking}/cancel",
            new { by = "client" })).Expect(HttpStatusCode.OK);

        await RunAsync();
        App.Clock.SetUtcNow(start);
        await RunAsync();

        Assert.Single(gateway.To(v.Phone));
        Assert.Equal([("confirmation", "sent"), ("before_24h", "cancelled"), ("before_2h", "cancelled")],
            States(await RemindersAsync(booking)).Select(s => (s.Kind, s.Status)));
    }

    [Fact]
    public async Task A_moved_visit_is_confirmed_again_and_reminded_at_the_new_time_only()
    {
        await using var gateway = await FakeSmsGateway.StartAsync();
        var now = Noon(gateway);
        var v = await VisitorAsync();
        var start = now.AddDays(3).AddHours(2);
        var moved = now.AddDays(4).AddHours(3); // 15:00 MSK a day later
        var booking = await App.FrontDesk().BookAsync(v.Client, v.Service, v.Therapist, start);
        await RunAsync();
        App.Clock.Advance(TimeSpan.FromHours(1));
        await (await App.FrontDesk().PostJson($"/api/v1/bookings/{booking}/reschedule",
            new { startsAt = moved })).Expect(HttpStatusCode.OK);

        await RunAsync();
        Assert.Equal(
            [("confirmation", "sent", now), ("before_24h", "cancelled", start.AddHours(-24)), ("before_2h", "cancelled",
                start.AddHours(-2)),
             ("confirmation", "sent", now.AddHours(1)), ("before_24h", "scheduled", moved.AddHours(-24)), ("before_2h",
                 "scheduled", moved.AddHours(-2))],
            States(await RemindersAsync(booking)));
        Assert.Contains("в 15:00", gateway.To(v.Phone)[1].Text);
        App.Clock.SetUtcNow(moved.AddHours(-2));
        await RunAsync();
        await RunAsync();
        Assert.Equal(4, gateway.To(v.Phone).Count);
        Assert.All(gateway.To(v.Phone).Skip(2), s => Assert.Contains("в 15:00", s.Text));
    }

    [Fact]
    public async Task A_failing_gateway_is_retried_with_growing_waits_until_it_accepts()
    {
        await using var gateway = await FakeSmsGateway.StartAsync();
        var now = Noon(gateway);
        var v = await VisitorAsync();
        gateway.Answer = r => gateway.To(v.Phone).Count switch
        {
            _ when r.Phones != v.Phone.TrimStart('+') => (200, FakeSmsGateway.Accepted),
            1 => (500, "oops"),
            2 => (200, FakeSmsGateway.Refused),
            _ => (200, FakeSmsGateway.Accepted),
        };
        var booking = await App.FrontDesk().BookAsync(v.Client, v.Service, v.Therapist, now.AddDays(3).AddHours(2));

        await RunAsync();
        var first = (await RemindersAsync(booking))[0]!;
        Assert.Equal(("scheduled", 1, "HTTP 500"), ((string)first["status"]!, (int)first["attempts"]!,
            (string)first["lastError"]!));
        Assert.Equal(now.AddMinutes(5), DateTimeOffset.Parse((string)first["dueAt"]!,
            System.Globalization.CultureInfo.InvariantCulture));
        App.Clock.Advance(TimeSpan.FromMinutes(5));
        await RunAsync();
        var second = (await RemindersAsync(booking))[0]!;
        Assert.Equal(("scheduled", 2), ((string)second["status"]!, (int)second["attempts"]!));
        Assert.StartsWith("gateway error 3", (string)second["lastError"]!);
        App.Clock.Advance(TimeSpan.FromMinutes(9));
        await RunAsync();
        Assert.Equal(2, gateway.To(v.Phone).Count);
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        await RunAsync();

        var sent = (await RemindersAsync(booking))[0]!;
        Assert.Equal(("sent", 3), ((string)sent["status"]!, (int)sent["attempts"]!));
        Assert.Equal(3, gateway.To(v.Phone).Count);
        Assert.Single(gateway.To(v.Phone).Select(s => s.Id).Distinct()); // one message, tried three times
    }

    [Fact]
    public async Task A_reminder_reached_late_in_the_quiet_hours_waits_for_them_to_end()
    {
        await using var gateway = await FakeSmsGateway.StartAsync();
        var now = Noon(gateway);
        var v = await VisitorAsync();
        var start = now.AddDays(3).AddHours(8).AddMinutes(45); // 20:45 MSK: the 24 h reminder is due at 20:45 MSK
        var booking = await App.FrontDesk().BookAsync(v.Client, v.Service, v.Therapist, start);
        await RunAsync();

        App.Clock.SetUtcNow(start.AddHours(-24).AddMinutes(20)); // the dispatcher comes back at 21:05 MSK
        await RunAsync();
        Assert.Single(gateway.To(v.Phone));
        var nine = now.AddDays(3).AddHours(-3); // 09:00 MSK on the visit's day
        Assert.Equal(("before_24h", "scheduled", nine), States(await RemindersAsync(booking))[1]);
        App.Clock.SetUtcNow(nine);
        await RunAsync();
        Assert.Equal(2, gateway.To(v.Phone).Count);
        Assert.Equal(1, (int)(await RemindersAsync(booking))[1]!["attempts"]!);
    }

    [Fact]
    public async Task A_reminder_whose_sender_stopped_mid_send_is_failed_not_sent_again()
    {
        await using var gateway = await FakeSmsGateway.StartAsync();
        var now = Noon(gateway);
        var v = await VisitorAsync();
        var booking = await App.FrontDesk().BookAsync(v.Client, v.Service, v.Therapist, now.AddDays(3).AddHours(2));
        await RunAsync();
        // Another instance leased the 24 h reminder and stopped before marking it: its outcome is unknown.
        await App.ScalarAsync<int>("""
            UPDATE reminders SET lease_until = @expired, lease_owner = @owner, attempts = 1 WHERE booking_id = @booking AND kind = 'before_24h'
            """, new { expired = now.AddMinutes(1), owner = Guid.NewGuid(), booking });
        App.Clock.SetUtcNow(now.AddDays(3).AddHours(-22));
        await RunAsync();

        var states = States(await RemindersAsync(booking));
        Assert.Equal([("confirmation", "sent"), ("before_24h", "failed"), ("before_2h", "scheduled")],
            states.Select(s => (s.Kind, s.Status)));
        Assert.Single(gateway.To(v.Phone));
    }

    [Fact]
    public async Task A_client_who_opted_out_of_sms_gets_push_and_one_who_opted_out_of_both_gets_nothing()
    {
        await using var gateway = await FakeSmsGateway.StartAsync();
        var now = Noon(gateway, "sms", "push");
        var v = await VisitorAsync();
        var me = App.ClientAs(Roles.Client, clientId: v.Client);
        var optOuts = await (await me.PutAsync("/api/v1/me/reminder-opt-outs/sms", null)).Expect(HttpStatusCode.OK);
        Assert.Equal("sms", (string?)optOuts[0]!["channel"]);
        Assert.Equal(now, DateTimeOffset.Parse((string)optOuts[0]!["optedOutAt"]!,
            System.Globalization.CultureInfo.InvariantCulture));
        var start = now.AddDays(3).AddHours(2);
        var booking = await App.FrontDesk().BookAsync(v.Client, v.Service, v.Therapist, start);

        await RunAsync();
        Assert.Empty(gateway.To(v.Phone));
        var push = Assert.Single(gateway.Pushes, p => (string?)p["clientId"] == v.Client.ToString());
        Assert.Equal("Bearer push-key", (string?)push["authorization"]);
        Assert.Equal("confirmation", (string?)push["kind"]);

        await (await me.PutAsync("/api/v1/me/reminder-opt-outs/push", null)).Expect(HttpStatusCode.OK);
        App.Clock.SetUtcNow(start.AddHours(-24));
        me = App.ClientAs(Roles.Client, clientId: v.Client); // a token for the new time
        await RunAsync();
        Assert.Equal("skipped", (string?)(await RemindersAsync(booking))[1]!["status"]);
        Assert.Single(gateway.Pushes, p => (string?)p["clientId"] == v.Client.ToString());
        await (await me.GetAsync("/api/v1/me/reminder-opt-outs")).Expect(HttpStatusCode.OK);
        await (await me.PutAsync("/api/v1/me/reminder-opt-outs/fax", null)).ExpectProblem(HttpStatusCode.BadRequest,
            "validation");
    }

    [Fact]
    public async Task Two_dispatchers_send_each_reminder_exactly_once()
    {
        await using var gateway = await FakeSmsGateway.StartAsync();
        var now = Noon(gateway);
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync(duration: 30, buffer: 0);
        var therapist = await salon.TherapistAsync();
        var desk = App.FrontDesk();
        var clients = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            var client = await salon.ClientAsync();
            clients.Add((await App.ScalarAsync<string>("SELECT phone FROM clients WHERE id = @client",
                new { client }))!);
            await desk.BookAsync(client, service, therapist, now.AddDays(3).AddMinutes(30 * i));
        }
        var first = ActivatorUtilities.CreateInstance<ReminderDispatcher>(App.Services);
        var second = ActivatorUtilities.CreateInstance<ReminderDispatcher>(App.Services);

        await Task.WhenAll(Task.Run(() => RunAsync(first)), Task.Run(() => RunAsync(second)),
            Task.Run(() => RunAsync(first)), Task.Run(() => RunAsync(second)));
        App.Clock.SetUtcNow(now.AddDays(2).AddHours(6)); // every 24 h reminder is due, no visit has started
        await Task.WhenAll(Task.Run(() => RunAsync(first)), Task.Run(() => RunAsync(second)),
            Task.Run(() => RunAsync(first)), Task.Run(() => RunAsync(second)));

        // Per client: the confirmation and the 24 h reminder, each once.
        var ours = gateway.Sms.Where(s => clients.Contains("+" + s.Phones) || clients.Contains(s.Phones)).ToList();
        Assert.Equal(clients.Count * 2, ours.Count);
        Assert.Equal(ours.Count, ours.Select(s => s.Id).Distinct().Count());
    }
}

public sealed class RemindersOnSqlite(SqliteApp app) : ReminderTests(app), IClassFixture<SqliteApp>;
public sealed class RemindersOnPostgres(PostgresApp app) : ReminderTests(app), IClassFixture<PostgresApp>;
public sealed class RemindersOnSqlServer(SqlServerApp app) : ReminderTests(app), IClassFixture<SqlServerApp>;
