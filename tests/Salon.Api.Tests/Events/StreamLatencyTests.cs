using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests.Events;

/// <summary>
/// How soon the desk's live stream shows a commit. Timed, so it runs in the <see cref="Alone"/> collection: with other
/// test classes' apps busy on the same two cores it measured the runner, not the stream (1.03 s once in CI).
/// </summary>
public abstract class StreamLatencyTests(SalonApp app) : EventTests(app)
{
    [Fact]
    public async Task The_desk_stream_shows_a_mobile_booking_within_a_second_and_resumes_with_Last_Event_ID()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync();
        var therapist = await salon.TherapistAsync();
        var client = await salon.ClientAsync();
        var app = App.ClientAs("client", clientId: client);
        var desk = App.FrontDesk();

        string lastId;
        Guid booking;
        using (var stream = await SseStream.OpenAsync(desk))
        {
            booking = SalonBuilder.Id(await (await app.Book(client, service, therapist, salon.Start(3,
                11))).Expect(HttpStatusCode.Created));
            var committed = Stopwatch.StartNew(); // the answer comes after the commit
            var e = await stream.NextAsync(TimeSpan.FromSeconds(5));
            Assert.True(committed.Elapsed < TimeSpan.FromSeconds(1),
                $"the desk saw the booking {committed.Elapsed} after it committed");
            Assert.Equal("booking.created", e.Event);
            var data = JsonNode.Parse(e.Data)!["data"]!;
            Assert.Equal(booking.ToString(), (string?)data["bookingId"]);
            Assert.Equal("mobile", (string?)data["channel"]);
            lastId = e.Id;
        }

        // Missed while disconnected: a move and a cancellation.
        await (await desk.PostJson($"/api/v1/bookings/{booking}/reschedule", new { startsAt = salon.Start(3,
            15) })).Expect(HttpStatusCode.OK);
        await (await app.PostJson($"/api/v1/bookings/{booking}/cancel", new { })).Expect(HttpStatusCode.OK);

        using var resumed = await SseStream.OpenAsync(desk, lastId);
        var moved = await resumed.NextAsync(TimeSpan.FromSeconds(5));
        var cancelled = await resumed.NextAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(("booking.rescheduled", (long.Parse(lastId) + 1).ToString()), (moved.Event, moved.Id));
        Assert.Equal(("booking.cancelled", (long.Parse(lastId) + 2).ToString()), (cancelled.Event, cancelled.Id));
        Assert.DoesNotMatch("Q[0-2][0-9]|health", moved.Data + cancelled.Data);
    }
}

[Collection(Alone.Name)]
public sealed class StreamLatencyOnSqlite(SqliteApp app) : StreamLatencyTests(app), IClassFixture<SqliteApp>;
[Collection(Alone.Name)]
public sealed class StreamLatencyOnPostgres(PostgresApp app) : StreamLatencyTests(app), IClassFixture<PostgresApp>;
[Collection(Alone.Name)]
public sealed class StreamLatencyOnSqlServer(SqlServerApp app) : StreamLatencyTests(app), IClassFixture<SqlServerApp>;
