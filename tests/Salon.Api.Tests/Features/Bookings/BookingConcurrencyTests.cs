using System.Net;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests;

/// <summary>No two active bookings ever overlap on a therapist or a device, however many requests race for
/// them.</summary>
public abstract class BookingConcurrencyTests(SalonApp app) : ProviderTests(app)
{
    private const int Racers = 50;

    [Fact]
    public async Task Fifty_concurrent_requests_for_one_therapist_and_slot_let_exactly_one_through()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync();
        var therapist = await salon.TherapistAsync();
        var clients = await Task.WhenAll(Enumerable.Range(0, Racers).Select(_ => salon.ClientAsync()));
        var start = salon.Start(3, 11);

        var responses = await Task.WhenAll(clients.Select(client => App.FrontDesk().PostJson("/api/v1/bookings",
            new { clientId = client, serviceId = service, therapistId = therapist, startsAt = start })));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
            await refused.ExpectProblem(HttpStatusCode.Conflict, "slot-taken");
        Assert.Equal(1L, await ActiveBookingsAsync("therapist_id", therapist));
        Assert.Equal(0L, await OverlapsAsync("therapist_id"));
    }

    [Fact]
    public async Task Fifty_concurrent_requests_for_the_only_device_through_different_therapists_let_exactly_one_through()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.HardwareServiceAsync();
        var device = await salon.DeviceAsync("Костюм 1");
        var therapists = new List<Guid>();
        for (var i = 0; i < 5; i++) therapists.Add(await salon.TherapistAsync());
        var clients = await Task.WhenAll(Enumerable.Range(0, Racers).Select(_ => salon.ClientAsync()));
        var start = salon.Start(4, 15);

        var responses = await Task.WhenAll(clients.Select((client, i) => App.FrontDesk().PostJson("/api/v1/bookings",
            new { clientId = client, serviceId = service, therapistId = therapists[i % therapists.Count],
                startsAt = start })));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
            await refused.ExpectProblem(HttpStatusCode.Conflict, "slot-taken");
        Assert.Equal(1L, await ActiveBookingsAsync("device_id", device));
        Assert.Equal(0L, await OverlapsAsync("device_id"));
        Assert.Equal(0L, await OverlapsAsync("therapist_id"));
    }

    [Fact]
    public async Task Overlapping_starts_racing_for_one_therapist_never_overlap_once_buffers_are_counted()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync(duration: 60, buffer: 15);
        var therapist = await salon.TherapistAsync();
        var clients = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => salon.ClientAsync()));
        var first = salon.Start(5, 9);

        // Starts every 15 minutes across six hours: each booking holds 75 minutes, so neighbours collide.
        var responses = await Task.WhenAll(clients.Select((client, i) => App.FrontDesk().PostJson("/api/v1/bookings",
            new { clientId = client, serviceId = service, therapistId = therapist,
                startsAt = first.AddMinutes(15 * i) })));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict,
            r.StatusCode.ToString()));
        // Which starts win depends on the race: at most 5 fit in the span, and at least 3 whatever the order of
        // winners.
        Assert.InRange(responses.Count(r => r.StatusCode == HttpStatusCode.Created), 3, 5);
        Assert.Equal(0L, await OverlapsAsync("therapist_id"));
    }

    private Task<long> ActiveBookingsAsync(string column, Guid id) =>
        App.ScalarAsync<long>($"SELECT COUNT(*) FROM bookings WHERE {column} = @id AND status IN ('booked', 'checked_in', 'completed')", new { id });

    /// <summary>Pairs of active bookings on one resource whose held intervals (buffer included) overlap: must be
    /// none.</summary>
    private Task<long> OverlapsAsync(string column) =>
        App.ScalarAsync<long>($"""
            SELECT COUNT(*) FROM bookings a JOIN bookings b
              ON a.{column} = b.{column} AND a.id < b.id AND a.starts_at < b.held_until AND b.starts_at < a.held_until
            WHERE a.status IN ('booked', 'checked_in', 'completed') AND b.status IN ('booked', 'checked_in', 'completed')
            """);
}

public sealed class BookingConcurrencyOnSqlite(SqliteApp app) : BookingConcurrencyTests(app), IClassFixture<SqliteApp>;
public sealed class BookingConcurrencyOnPostgres(PostgresApp app) : BookingConcurrencyTests(app), IClassFixture<PostgresApp>;
public sealed class BookingConcurrencyOnSqlServer(SqlServerApp app) : BookingConcurrencyTests(app), IClassFixture<SqlServerApp>;
