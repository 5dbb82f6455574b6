using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests;

/// <summary>
/// The booking write path's budget (issue 17): at most 3 database round trips (6 is the cap) and one
/// transaction for a booking under
/// an Idempotency-Key, with the claims, the client lock, the key and the outbox event all inside it.
/// </summary>
public abstract class BookingRoundTripTests(SalonApp app) : ProviderTests(app)
{
    /// <summary>Reads with the lock, writes, commit; SQLite reads its calendars once more, before its writer
    /// lock (an in-process call, not a network round trip).</summary>
    protected virtual int Budget => 3;

    [Fact]
    public async Task A_booking_under_an_idempotency_key_keeps_to_its_round_trip_budget_in_one_transaction()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync();
        var therapist = await salon.TherapistAsync();
        var client = await salon.ClientAsync();
        var desk = App.FrontDesk();
        // The first request of a token also reads its security stamp (then cached): warm up with one booking.
        await (await Post(desk, client, service, therapist, salon.Start(3, 10))).Expect(HttpStatusCode.Created);
        var database = App.Services.GetRequiredService<ConnectionSettings>().ConnectionString;
        var (trips, transactions) = (RoundTrips.Of(database), RoundTrips.TransactionsOf(database));

        var key = "trips-" + Guid.NewGuid().ToString("N");
        var booking = await (await Post(desk, client, service, therapist, salon.Start(3, 14),
            key)).Expect(HttpStatusCode.Created);

        var used = RoundTrips.Of(database) - trips;
        Assert.True(used <= Budget, $"a booking took {used} round trips; the budget is {Budget}");
        Assert.Equal(1, RoundTrips.TransactionsOf(database) - transactions);
        // Everything the one transaction wrote is there: the booking, its claims, its log entry, its event and the key.
        var id = (string)booking["id"]!;
        Assert.True(await App.ScalarAsync<long>("SELECT COUNT(*) FROM resource_claims WHERE booking_id = @id",
            new { id = Guid.Parse(id) }) > 0);
        Assert.Equal(1L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM booking_events WHERE booking_id = @id",
            new { id = Guid.Parse(id) }));
        Assert.Equal(1L, await App.ScalarAsync<long>(
            "SELECT COUNT(*) FROM outbox WHERE subject_id = @id AND type = 'booking.created'", new { id = Guid.Parse(id) }));
        Assert.Equal("done", await App.ScalarAsync<string>("SELECT status FROM idempotency_keys WHERE idem_key = @key",
            new { key }));
        // The answer built from what was read and written is the answer a read gives.
        var read = await (await desk.GetAsync($"/api/v1/bookings/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal(read.ToJsonString(), booking.ToJsonString());
    }

    [Fact]
    public async Task A_booking_on_a_course_reads_the_course_rules_with_the_other_facts()
    {
        var course = await App.CourseAsync();
        var desk = App.FrontDesk();
        await (await Post(desk, course.Client, course.Service, course.Therapist, course.Salon.Start(3, 10), null,
            course.Package)).Expect(HttpStatusCode.Created);
        var database = App.Services.GetRequiredService<ConnectionSettings>().ConnectionString;
        var trips = RoundTrips.Of(database);

        // Two days later: the course's cadence (two days apart) lets it through, and it counts the first booking.
        await (await Post(desk, course.Client, course.Service, course.Therapist, course.Salon.Start(5, 10),
            "course-" + Guid.NewGuid().ToString("N"), course.Package)).Expect(HttpStatusCode.Created);
        var used = RoundTrips.Of(database) - trips;
        Assert.True(used <= Budget, $"a booking on a course took {used} round trips; the budget is {Budget}");

        // The rules read in that round trip still refuse: the day after the first visit is too close to it.
        await (await Post(desk, course.Client, course.Service, course.Therapist, course.Salon.Start(4, 10), null,
            course.Package)).ExpectProblem(HttpStatusCode.UnprocessableEntity, "course-cadence");
    }

    private static Task<HttpResponseMessage> Post(HttpClient http, Guid client, Guid service, Guid therapist,
        DateTimeOffset start,
        string? key = null, Guid? package = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/bookings")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { clientId = client, serviceId = service,
                therapistId = therapist, startsAt = start, packageId = package },
                Http.Json), Encoding.UTF8, "application/json"),
        };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return http.SendAsync(request);
    }
}

public sealed class BookingRoundTripsOnSqlite(SqliteApp app) : BookingRoundTripTests(app), IClassFixture<SqliteApp>
{
    protected override int Budget => 4;
}
public sealed class BookingRoundTripsOnPostgres(PostgresApp app) : BookingRoundTripTests(app), IClassFixture<PostgresApp>;
