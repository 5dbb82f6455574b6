using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Salon.Api.Features.Reminders;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests.Reminders;

/// <summary>
/// A salon in a zone with summer time (Salon:TimeZone = Europe/Berlin): reminders are hours before the visit as
/// instants, and the quiet hours end at 09:00 local time on either side of a change. Expected instants are worked out
/// by hand.
/// </summary>
public abstract class ReminderZoneTests(SalonApp app) : ProviderTests(app)
{
    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2027, month, day, hour,
        minute, 0, TimeSpan.Zero);

    private async Task<(string Kind, DateTimeOffset DueAt)[]> PlannedAsync(DateTimeOffset bookedAt,
        DateTimeOffset start)
    {
        App.Clock.SetUtcNow(bookedAt);
        var salon = new SalonBuilder(App);
        var booking = await App.FrontDesk().BookAsync(await salon.ClientAsync(), await salon.ManualServiceAsync(),
            await salon.TherapistAsync(), start);
        var dispatcher = App.Services.GetRequiredService<ReminderDispatcher>();
        for (var round = 0; round < 20 && await dispatcher.RunOnceAsync(CancellationToken.None) > 0; round++) { }
        var reminders = (await App.FrontDesk().AllAsync($"/api/v1/bookings/{booking}/reminders"));
        return reminders.Select(r => ((string)r!["kind"]!,
            DateTimeOffset.Parse((string)r["dueAt"]!, CultureInfo.InvariantCulture).ToUniversalTime())).ToArray();
    }

    [Fact]
    public async Task Reminders_are_instants_and_the_quiet_hours_end_at_09_00_local_on_both_sides_of_summer_time()
    {
        // Visit 10:00 CEST on Sunday 28 March 2027 (08:00 UTC; summer time began at 01:00 UTC that night): 24 h before
        // is 09:00 CET on the 27th; 2 h before is 08:00 CEST, quiet, so 09:00 CEST = 07:00 UTC.
        Assert.Equal(
            [("confirmation", Utc(3, 26, 10)), ("before_24h", Utc(3, 27, 8)), ("before_2h", Utc(3, 28, 7))],
            await PlannedAsync(Utc(3, 26, 10), Utc(3, 28, 8)));
        // Visit 09:30 CET on Sunday 31 October 2027 (08:30 UTC; summer time ended at 01:00 UTC that night): 24 h before
        // is 10:30 CEST; 2 h before is 07:30 CET, quiet, so 09:00 CET = 08:00 UTC.
        Assert.Equal(
            [("confirmation", Utc(10, 29, 10)), ("before_24h", Utc(10, 30, 8, 30)), ("before_2h", Utc(10, 31, 8))],
            await PlannedAsync(Utc(10, 29, 10), Utc(10, 31, 8, 30)));
    }
}

public sealed class BerlinSqliteApp : SqliteApp
{
    protected override IReadOnlyDictionary<string, string> Settings
        => new Dictionary<string, string> { ["Salon:TimeZone"] = "Europe/Berlin" };
}

public sealed class BerlinPostgresApp : PostgresApp
{
    protected override IReadOnlyDictionary<string, string> Settings
        => new Dictionary<string, string> { ["Salon:TimeZone"] = "Europe/Berlin" };
}

public sealed class ReminderZoneOnSqlite(BerlinSqliteApp app) : ReminderZoneTests(app), IClassFixture<BerlinSqliteApp>;
public sealed class ReminderZoneOnPostgres(BerlinPostgresApp app) : ReminderZoneTests(app), IClassFixture<BerlinPostgresApp>;
