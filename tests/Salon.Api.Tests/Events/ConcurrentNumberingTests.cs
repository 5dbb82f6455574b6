using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Events;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests.Events;

/// <summary>
/// Events written by many transactions at once (PostgreSQL numbers them after commit, without a lock shared by the
/// writers): a consumer reading after its last position while they commit sees every event once, positions without
/// gaps, and each booking's events in the order they happened.
/// </summary>
public abstract class ConcurrentNumberingTests(SalonApp app) : EventTests(app)
{
    [Fact]
    public async Task A_consumer_reading_while_writers_commit_misses_nothing_and_keeps_each_booking_in_order()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync(duration: 30, buffer: 0);
        const int pairs = 8, rounds = 3;
        var people = new List<(Guid Client, Guid Therapist)>();
        for (var i = 0; i < pairs; i++) people.Add((await salon.ClientAsync(), await salon.TherapistAsync()));
        await AllNumberedAsync();
        var start = await App.ScalarAsync<long>("SELECT position FROM outbox_cursors WHERE name = 'head'");
        var desk = App.FrontDesk();

        // Each pair books, moves and cancels, one after the other; the pairs run side by side.
        var writers = Task.WhenAll(Enumerable.Range(0, pairs).Select(p => Task.Run(async () =>
        {
            var (client, therapist) = people[p];
            var ids = new List<Guid>();
            for (var r = 0; r < rounds; r++)
            {
                var id = SalonBuilder.Id(await (await desk.Book(client, service, therapist, salon.Start(10 + r, 9)))
                    .Expect(HttpStatusCode.Created));
                await (await desk.PostJson($"/api/v1/bookings/{id}/reschedule",
                    new { startsAt = salon.Start(10 + r, 11) })).Expect(HttpStatusCode.OK);
                await (await desk.PostJson($"/api/v1/bookings/{id}/cancel", new { by = "client" }))
                    .Expect(HttpStatusCode.OK);
                ids.Add(id);
            }
            return ids;
        })));

        var seen = new List<StoredEvent>();
        var last = start;
        const int expected = pairs * rounds * 3;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (seen.Count < expected && DateTime.UtcNow < deadline)
        {
            // A consumer's round: its own transaction, reading after its last position.
            await using var db = new DbSession(App.Services.GetRequiredService<ISqlDialect>(),
                App.Services.GetRequiredService<ConnectionSettings>());
            await db.BeginAsync(CancellationToken.None);
            var events = await Outbox.ReadAfterAsync(db, last, 7, CancellationToken.None);
            await db.CommitAsync(CancellationToken.None);
            foreach (var e in events)
            {
                Assert.Equal(last + 1, e.Position); // no gap, nothing twice
                last = e.Position;
                if (e.Type.StartsWith("booking.", StringComparison.Ordinal)) seen.Add(e);
            }
            if (events.Count == 0) await Task.Delay(5);
        }
        var bookings = (await writers).SelectMany(ids => ids).ToList();

        Assert.Equal(expected, seen.Count);
        Assert.Equal(seen.Count, seen.Select(e => e.Id).Distinct().Count());
        foreach (var booking in bookings)
            Assert.Equal(["booking.created", "booking.rescheduled", "booking.cancelled"],
                seen.Where(e => e.SubjectId == booking).Select(e => e.Type));
        await AllNumberedAsync();
        Assert.Equal(last, await App.ScalarAsync<long>("SELECT MAX(position) FROM outbox"));
    }
}

public sealed class ConcurrentNumberingOnSqlite(SqliteApp app) : ConcurrentNumberingTests(app),
    IClassFixture<SqliteApp>;
public sealed class ConcurrentNumberingOnPostgres(PostgresApp app) : ConcurrentNumberingTests(app),
    IClassFixture<PostgresApp>
{
    /// <summary>The publisher polls every second on every instance: with nothing pending it must not write (a locked
    /// head row costs a transaction id and a WAL record, and any write ends every reader's cached snapshot).</summary>
    [Fact]
    public async Task Numbering_with_nothing_pending_writes_nothing()
    {
        App.SkipIfUnavailable();
        var salon = new SalonBuilder(App);
        await salon.ClientAsync(); // some events, numbered below
        await AllNumberedAsync();
        var dialect = App.Services.GetRequiredService<ISqlDialect>();
        await using var db = new DbSession(dialect, App.Services.GetRequiredService<ConnectionSettings>());
        await db.BeginAsync(TestContext.Current.CancellationToken);

        Assert.Equal(0, await Outbox.PublishAsync(db, 1000, TestContext.Current.CancellationToken));
        Assert.Null(await db.ScalarAsync<string>("SELECT pg_current_xact_id_if_assigned()::text", null,
            TestContext.Current.CancellationToken));
    }
}
