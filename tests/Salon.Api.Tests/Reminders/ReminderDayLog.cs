using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Salon.Api.Features.Reminders;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests.Reminders;

/// <summary>
/// A day in a small salon on the test clock, written as a log: bookings, every message the SMS gateway received with
/// the instant it arrived, and a cancellation. Set SALON_REMINDER_DAY_LOG to a file path to keep the log (docs/ holds
/// one).
/// </summary>
public sealed class ReminderDayLog(SqliteApp app) : ProviderTests(app), IClassFixture<SqliteApp>
{
    private static readonly TimeSpan Msk = TimeSpan.FromHours(3);

    [Fact]
    public async Task A_day_in_the_salon_sends_each_message_once_outside_the_quiet_hours()
    {
        await using var gateway = await FakeSmsGateway.StartAsync();
        var options = App.Services.GetRequiredService<ReminderOptions>();
        options.Channels = ["sms"];
        options.Sms.Url = gateway.SmsUrl;
        var dispatcher = App.Services.GetRequiredService<ReminderDispatcher>();
        var day = App.Clock.GetUtcNow().ToOffset(Msk).Date.AddDays(2);
        DateTimeOffset At(int days, int hour, int minute = 0)
            => new DateTimeOffset(day.AddDays(days).AddHours(hour).AddMinutes(minute), Msk);
        App.Clock.SetUtcNow(At(0, 8, 30).ToUniversalTime());

        var log = new StringBuilder();
        var names = new Dictionary<string, string>();
        void Line(string text) => log.AppendLine(CultureInfo.InvariantCulture,
            $"{App.Clock.GetUtcNow().ToOffset(Msk):yyyy-MM-dd HH:mm} MSK ({App.Clock.GetUtcNow().UtcDateTime:HH:mm} UTC)  {text}");
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync();
        var therapist = await salon.TherapistAsync();
        var second = await salon.TherapistAsync();
        async Task<Guid> Book(string name, DateTimeOffset start, Guid? other = null)
        {
            var client = await salon.ClientAsync();
            names[(await App.ScalarAsync<string>("SELECT phone FROM clients WHERE id = @client",
                new { client }))!.TrimStart('+')] = name;
            var booking = await App.FrontDesk().BookAsync(client, service, other ?? therapist, start);
            Line($"booked      {name}: visit {start.ToOffset(Msk):dd.MM HH:mm} MSK");
            return booking;
        }
        var seen = 0;
        async Task RunUntil(DateTimeOffset until)
        {
            while (true)
            {
                for (var round = 0; round < 20
                    && await dispatcher.RunOnceAsync(CancellationToken.None) > 0; round++) { }
                foreach (var sms in gateway.Sms.Skip(seen))
                    Line($"sms sent    {names.GetValueOrDefault(sms.Phones, "another client")}: {sms.Text}");
                seen = gateway.Sms.Count;
                var left = until - App.Clock.GetUtcNow();
                if (left <= TimeSpan.Zero) return;
                App.Clock.Advance(left < TimeSpan.FromMinutes(15) ? left : TimeSpan.FromMinutes(15));
            }
        }

        Line("salon opens; quiet hours 21:00-09:00, reminders 24 h and 2 h before");
        await Book("Анна", At(0, 12));
        var olga = await Book("Ольга", At(0, 15));
        await Book("Мария", At(1, 10));
        await Book("Елена", At(1, 18));
        await RunUntil(At(0, 13));
        await (await App.FrontDesk().PostJson($"/api/v1/bookings/{olga}/cancel",
            new { by = "client" })).Expect(HttpStatusCode.OK);
        Line("cancelled   Ольга: her 15:00 visit (her 2 h reminder at 13:00 had already gone out)");
        await RunUntil(At(0, 20, 30));
        await Book("Ирина", At(1, 9, 30), second);
        await RunUntil(At(1, 19));
        Line("day ends");

        var path = Environment.GetEnvironmentVariable("SALON_REMINDER_DAY_LOG");
        if (!string.IsNullOrEmpty(path)) await File.WriteAllTextAsync(path, log.ToString());

        var texts = gateway.Sms.Select(s => (names.GetValueOrDefault(s.Phones), s.Text)).ToList();
        // Анна: confirmation (09:00, the end of the quiet hours) and the 2 h reminder at 10:00; her 24 h one was before
        // booking.
        Assert.Equal(2, texts.Count(t => t.Item1 == "Анна"));
        // Ольга: confirmation and the 2 h reminder at 13:00, then nothing after she cancelled.
        Assert.Equal(2, texts.Count(t => t.Item1 == "Ольга"));
        // Мария (10:00 tomorrow): confirmation, 24 h at 10:00 today, 2 h at 08:00 moved to 09:00 tomorrow.
        Assert.Equal(3, texts.Count(t => t.Item1 == "Мария"));
        // Ирина booked at 20:30 for 09:30: the confirmation at 20:30; the 2 h reminder (07:30) goes out at 09:00.
        Assert.Equal(2, texts.Count(t => t.Item1 == "Ирина"));
        Assert.Equal(texts.Count, gateway.Sms.Select(s => s.Id).Distinct().Count());
        Assert.All(gateway.Sms, s => Assert.DoesNotContain("Лимфодренаж", s.Text));
    }
}
