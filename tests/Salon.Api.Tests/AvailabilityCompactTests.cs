using System.Globalization;
using System.Net;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests;

/// <summary>The compact search answer: the same free starts as the full one, each therapist named once and referenced
/// by index.</summary>
public abstract class AvailabilityCompactTests(SalonApp app) : ProviderTests(app)
{
    [Fact]
    public async Task The_compact_answer_has_the_full_answers_starts_with_therapists_by_index()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync(duration: 60, buffer: 15);
        var anna = await salon.TherapistAsync();
        var olga = await salon.TherapistAsync();
        var desk = App.FrontDesk();
        var body = new { clientId = await salon.ClientAsync(), serviceId = service, therapistId = anna,
            startsAt = salon.Start(9, 12) };
        await (await desk.PostJson("/api/v1/bookings", body)).Expect(HttpStatusCode.Created);
        var from = salon.Start(9, 0).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = salon.Start(10, 0).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var full = await AvailabilityTests.Slots(desk, service, from, to);
        var compact = await (await desk.GetAsync($"/api/v1/availability/compact?serviceId={service}&from={from}&to={to}"))
            .Expect(HttpStatusCode.OK);

        Assert.Equal(60, (int)compact["durationMinutes"]!);
        var therapists = compact["therapists"]!.AsArray().Select(t => Guid.Parse((string)t!["id"]!)).ToList();
        Assert.Equal([anna, olga], therapists.Order());
        var slots = compact["slots"]!.AsArray();
        Assert.Equal(full.Select(s => s.Text), slots.Select(s => (string)s!["start"]!));
        Assert.Equal(full.Select(s => s.Therapists.Order().ToList()),
            slots.Select(s => s!["therapists"]!.AsArray().Select(i => therapists[(int)i!]).Order().ToList()));
        // Anna's booking 12:00-13:15 shows as starts she cannot take, and only her.
        Assert.Contains(slots, s => s!["therapists"]!.AsArray().Count == 1);
    }
}

public sealed class AvailabilityCompactOnSqlite(SqliteApp app) : AvailabilityCompactTests(app), IClassFixture<SqliteApp>;
public sealed class AvailabilityCompactOnPostgres(PostgresApp app) : AvailabilityCompactTests(app), IClassFixture<PostgresApp>;
