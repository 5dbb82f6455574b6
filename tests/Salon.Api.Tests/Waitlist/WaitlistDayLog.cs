using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Salon.Api.Features.Reminders;
using Salon.Api.Features.Waitlist;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests.Waitlist;

/// <summary>
/// A day in a small salon on the test clock, written as a log: a full day of bookings, every message the SMS gateway
/// received with the instant it arrived, two clients on the waitlist, a cancellation, the offer it produced, the hold
/// running out and passing on, and the booking the next client made from it. Set SALON_WAITLIST_DAY_LOG to a file path
/// to keep the log (docs/waitlist-day.log is one run).
/// </summary>
public sealed class WaitlistDayLog(SqliteApp app) : ProviderTests(app), IClassFixture<SqliteApp>
{
    private static readonly TimeSpan Msk = TimeSpan.FromHours(3);

    [Fact]
    public async Task A_cancelled_visit_is_offered_to_the_waitlist_and_booked_by_the_next_client_when_the_first_lets_it_go()
    {
        await using var gateway = await FakeSmsGateway.StartAsync();
        var options = App.Services.GetRequiredService<ReminderOptions>();
        options.Channels = ["sms"];
        options.Sms.Url = gateway.SmsUrl;
        var dispatcher = App.Services.GetRequiredService<ReminderDispatcher>();
        var matcher = App.Services.GetRequiredService<WaitlistMatcher>();
        var day = App.Clock.GetUtcNow().ToOffset(Msk).Date.AddDays(2);
        DateTimeOffset At(int hour, int minute = 0) => new DateTimeOffset(day.AddHours(hour).AddMinutes(minute), Msk);
        App.Clock.SetUtcNow(At(8, 30).ToUniversalTime());

        var log = new StringBuilder();
        var names = new Dictionary<string, string>();
        var clients = new Dictionary<string, Guid>();
        void Line(string text) => log.AppendLine(CultureInfo.InvariantCulture,
            $"{App.Clock.GetUtcNow().ToOffset(Msk):yyyy-MM-dd HH:mm} MSK ({App.Clock.GetUtcNow().UtcDateTime:HH:mm} UTC)  {text}");
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync(); // 60 min and a 15 min buffer: 12:00-17:00 holds four visits
        var hours = Enum.GetNames<DayOfWeek>().Select(d => (object)new { day = d.ToLowerInvariant(), start = "12:00",
            end = "17:00" }).ToArray();
        var therapist = await salon.TherapistAsync(hours);
        var desk = App.FrontDesk();
        async Task<Guid> Client(string name)
        {
            var client = await salon.ClientAsync();
            names[(await App.ScalarAsync<string>("SELECT phone FROM clients WHERE id = @client",
                new { client }))!.TrimStart('+')] = name;
            return clients[name] = client;
        }
        async Task<Guid> Book(string name, DateTimeOffset start)
        {
            var booking = await desk.BookAsync(await Client(name), service, therapist, start);
            Line($"booked      {name}: visit {start.ToOffset(Msk):dd.MM HH:mm} MSK");
            return booking;
        }
        async Task Wait(string name)
        {
            await (await desk.PostJson("/api/v1/waitlist", new
            {
                clientId = await Client(name), serviceId = service, from = $"{day:yyyy-MM-dd}", to = $"{day:yyyy-MM-dd}", therapistId = therapist,
            })).Expect(HttpStatusCode.Created);
            Line($"waitlist    {name}: waits for a visit on {day:dd.MM} (the day is full)");
        }
        var seen = 0;
        var offers = new Dictionary<string, string>();
        async Task RunUntil(DateTimeOffset until)
        {
            while (true)
            {
                for (var round = 0; round < 20 && await dispatcher.RunOnceAsync(CancellationToken.None) +
                         await matcher.RunOnceAsync(CancellationToken.None) > 0; round++) { }
                var view = await (await desk.GetAsync($"/api/v1/waitlist?date={day:yyyy-MM-dd}")).Expect(HttpStatusCode.OK);
                foreach (var entry in view["entries"]!.AsArray())
                    foreach (var offer in entry!["offers"]!.AsArray())
                    {
                        var state = $"{offer!["status"]}";
                        if (offers.GetValueOrDefault($"{offer["id"]}") == state) continue;
                        offers[$"{offer["id"]}"] = state;
                        Line($"offer       {names[Phone(entry)]}: " +
                            $"{Local(offer["startsAt"]):HH:mm} {state}" + (state == "offered" ? $", held until {Local(offer["expiresAt"]):HH:mm}" : ""));
                    }
                foreach (var sms in gateway.Sms.Skip(seen))
                    Line($"sms sent    {names.GetValueOrDefault(sms.Phones, "another client")}: {sms.Text}");
                seen = gateway.Sms.Count;
                var left = until - App.Clock.GetUtcNow();
                if (left <= TimeSpan.Zero) return;
                App.Clock.Advance(left < TimeSpan.FromMinutes(5) ? left : TimeSpan.FromMinutes(5));
            }
        }
        string Phone(JsonNode? entry) => names.Single(n
            => clients[n.Value] == Guid.Parse((string)entry!["clientId"]!)).Key;

        Line("salon opens; quiet hours 21:00-09:00, reminders 24 h and 2 h before, waitlist holds 15 minutes");
        await Book("Анна", At(12));
        var olga = await Book("Ольга", At(13, 15));
        await Book("Мария", At(14, 30));
        await Book("Елена", At(15, 45));
        await Wait("Светлана");
        await Wait("Зоя");
        await RunUntil(At(10, 40));
        await (await desk.PostJson($"/api/v1/bookings/{olga}/cancel", new { by = "client" })).Expect(HttpStatusCode.OK);
        Line("cancelled   Ольга: her 13:15 visit");
        await RunUntil(At(11, 0)); // Светлана does not answer: her hold runs out at 10:55 and the time passes to Зоя
        var zoya = App.ClientAs("client", clientId: clients["Зоя"]);
        var mine = await (await zoya.GetAsync("/api/v1/waitlist")).Expect(HttpStatusCode.OK);
        var offer = mine["entries"]![0]!["offers"]!.AsArray().Single(o => (string?)o!["status"] == "offered")!;
        var booked = await (await zoya.PostAsync($"/api/v1/waitlist/offers/{offer["id"]}/accept",
            null)).Expect(HttpStatusCode.Created);
        Line($"accepted    Зоя: booked {Local(booked["startsAt"]):HH:mm} from her offer, in the app");
        await RunUntil(At(18));
        Line("day ends");

        var path = Environment.GetEnvironmentVariable("SALON_WAITLIST_DAY_LOG");
        if (!string.IsNullOrEmpty(path)) await File.WriteAllTextAsync(path, log.ToString());

        var texts = gateway.Sms.Select(s => (Name: names.GetValueOrDefault(s.Phones), s.Text)).ToList();
        Assert.Single(texts, t => t.Name == "Светлана"); // the offer, then nothing
        Assert.Contains("в 13:15", texts.Single(t => t.Name == "Светлана").Text);
        // Зоя: the offer at 10:55, the confirmation when she booked, and the 2 h reminder at 11:15.
        Assert.Equal(3, texts.Count(t => t.Name == "Зоя"));
        Assert.Single(texts, t
            => t.Name == "Ольга"); // the confirmation at 09:00; her 2 h reminder (11:15) went with the visit
        Assert.Equal(texts.Count, gateway.Sms.Select(s => s.Id).Distinct().Count());
        Assert.All(gateway.Sms, s => Assert.DoesNotContain("Лимфодренаж", s.Text));
    }

    private static DateTimeOffset Local(JsonNode? node) => DateTimeOffset.Parse((string)node!,
        CultureInfo.InvariantCulture).ToOffset(Msk);
}
