using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Api.Tests.Infrastructure;
using Salon.Api.Features.Availability;
using Salon.Api.Features.Shared;
using Salon.Domain;

namespace Salon.Api.Tests;

/// <summary>
/// The search's answer cache is never stale: whatever commits before a search starts (through the API or straight
/// into the database) shows in its answer, the clock moves the lead time within a second, and an answer computed for
/// one caller, role or format is never served to another. The answers are the same bytes with the cache off.
/// </summary>
public abstract class AnswerCacheTests(SalonApp app) : ProviderTests(app)
{
    [Fact]
    public async Task A_search_after_a_booking_made_through_the_api_no_longer_offers_that_therapist_then()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync(duration: 60, buffer: 15);
        var anna = await salon.TherapistAsync();
        var desk = App.FrontDesk();
        var noon = salon.Start(5, 12);

        // Asked twice, so that the answer is kept and would be served again if the booking did not show.
        Assert.Contains(anna, (await Slots(desk, service, noon)).Single(s => s.Start == noon).Therapists);
        Assert.Contains(anna, (await Slots(desk, service, noon)).Single(s => s.Start == noon).Therapists);
        await (await desk.PostJson("/api/v1/bookings", new { clientId = await salon.ClientAsync(),
            serviceId = service, therapistId = anna, startsAt = noon })).Expect(HttpStatusCode.Created);

        Assert.DoesNotContain(await Slots(desk, service, noon), s => s.Start == noon);
    }

    [Fact]
    public async Task A_search_after_time_off_written_straight_into_the_database_no_longer_offers_those_times()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync(duration: 60, buffer: 15);
        var anna = await salon.TherapistAsync();
        var desk = App.FrontDesk();
        var (from, to) = (salon.Start(6, 14), salon.Start(6, 16));
        Assert.Contains(await Slots(desk, service, from), s => s.Start == from);
        Assert.Contains(await Slots(desk, service, from), s => s.Start == from);

        // Another connection of its own, outside the API: another tool, or another instance of the API.
        var dialect = App.Services.GetRequiredService<ISqlDialect>();
        await using (var other = dialect.CreateConnection(App.Services.GetRequiredService<ConnectionSettings>()
            .ConnectionString))
        {
            await other.OpenAsync(TestContext.Current.CancellationToken);
            await other.ExecuteAsync("""
                INSERT INTO therapist_exceptions (id, therapist_id, kind, starts_at, ends_at, note)
                VALUES (@id, @anna, 'time_off', @from, @to, NULL)
                """, SqlParameters.From(new { id = Guid.CreateVersion7(), anna, from, to }, dialect));
        }

        var starts = (await Slots(desk, service, from)).Select(s => s.Start).ToList();
        Assert.DoesNotContain(starts, s => s >= from && s < to);
        Assert.Contains(salon.Start(6, 16), starts);
    }

    [Fact]
    public async Task A_kept_answer_is_computed_again_once_a_second_has_passed_so_the_lead_time_moves_with_the_clock()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync(duration: 60, buffer: 15);
        await salon.TherapistAsync();
        var client = await salon.ClientAsync();
        var edge = salon.Start(1, 10);
        App.Clock.SetUtcNow(edge.AddMinutes(-120)); // the app's two-hour lead time ends exactly at 10:00
        var app = App.ClientAs("client", clientId: client); // a token valid at the new time

        Assert.Equal(edge, (await Slots(app, service, edge))[0].Start);
        Assert.Equal(edge, (await Slots(app, service, edge))[0].Start);
        App.Clock.Advance(TimeSpan.FromSeconds(1));

        // Nothing was written in between: only the clock says 10:00 is now too soon.
        Assert.Equal(edge.AddMinutes(15), (await Slots(app, service, edge))[0].Start);
    }

    [Fact]
    public async Task An_answer_is_never_served_to_another_client_another_role_or_in_the_other_format()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync(duration: 60, buffer: 15);
        var anna = await salon.TherapistAsync();
        await salon.TherapistAsync();
        var (busy, free) = (await salon.ClientAsync(), await salon.ClientAsync());
        var desk = App.FrontDesk();
        var noon = salon.Start(7, 12);
        await (await desk.PostJson("/api/v1/bookings", new { clientId = busy, serviceId = service, therapistId = anna,
            startsAt = noon })).Expect(HttpStatusCode.Created);

        // Clients: the one with a visit at noon cannot start another then; the other can.
        var forFree = App.ClientAs("client", clientId: free);
        var forBusy = App.ClientAs("client", clientId: busy);
        Assert.Contains(await Slots(forFree, service, noon), s => s.Start == noon);
        Assert.DoesNotContain(await Slots(forBusy, service, noon), s => s.Start == noon);
        Assert.Contains(await Slots(forFree, service, noon), s => s.Start == noon);

        // Roles: the desk asking for a client books from now on, the client in the app only after the lead time.
        var today = App.Clock.GetUtcNow();
        var lead = today.AddMinutes(120);
        Assert.Contains(await Slots(desk, service, today, client: free), s => s.Start < lead);
        Assert.DoesNotContain(await Slots(forFree, service, today), s => s.Start < lead);
        Assert.Contains(await Slots(desk, service, today, client: free), s => s.Start < lead);

        // Formats: the same search, full then compact then full.
        var query = $"?serviceId={service}&from={Day(noon)}&to={Day(noon)}";
        Assert.NotNull((await (await desk.GetAsync("/api/v1/availability" + query)).Expect(HttpStatusCode.OK))
            ["slots"]![0]!["end"]);
        Assert.Equal(60, (int)(await (await desk.GetAsync("/api/v1/availability/compact" + query))
            .Expect(HttpStatusCode.OK))["durationMinutes"]!);
        Assert.NotNull((await (await desk.GetAsync("/api/v1/availability" + query)).Expect(HttpStatusCode.OK))
            ["slots"]![0]!["end"]);
    }

    [Fact]
    public async Task A_client_token_still_cannot_search_for_another_client_or_their_package_once_an_answer_is_kept()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync();
        await salon.TherapistAsync();
        var (own, other) = (await salon.ClientAsync(), await salon.ClientAsync());
        var day = salon.Start(8, 0);
        await Slots(App.FrontDesk(), service, day, client: other);
        await Slots(App.FrontDesk(), service, day, client: other);

        var app = App.ClientAs("client", clientId: own);
        await (await app.GetAsync($"/api/v1/availability?serviceId={service}&from={Day(day)}&clientId={other}"))
            .ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await app.GetAsync($"/api/v1/availability?serviceId={service}&from={Day(day)}"
            + $"&packageId={Guid.CreateVersion7()}")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task With_the_cache_switched_off_every_answer_is_the_same_bytes()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync(duration: 60, buffer: 15);
        var anna = await salon.TherapistAsync();
        await salon.TherapistAsync();
        var client = await salon.ClientAsync();
        var unscreened = await salon.UnscreenedClientAsync(); // answered with blockedForClient
        var day = salon.Start(9, 0);
        await (await App.FrontDesk().PostJson("/api/v1/bookings", new { clientId = client, serviceId = service,
            therapistId = anna, startsAt = salon.Start(9, 12) })).Expect(HttpStatusCode.Created);
        await using var uncached = App.WithWebHostBuilder(b => b.UseSetting("Availability:AnswerCache", "false"));
        string[] urls =
        [
            $"/api/v1/availability?serviceId={service}&from={Day(day)}&to={Day(day.AddDays(1))}",
            $"/api/v1/availability/compact?serviceId={service}&from={Day(day)}&to={Day(day.AddDays(1))}",
            $"/api/v1/availability?serviceId={service}&from={Day(day)}&clientId={unscreened}",
        ];
        var tokens = new[] { App.Token(Guid.CreateVersion7(), Roles.FrontDesk),
            App.Token(Guid.CreateVersion7(), Roles.Client, clientId: client) };

        foreach (var token in tokens)
        foreach (var url in urls.Take(token == tokens[0] ? 3 : 2))
        {
            var on = App.WithToken(token);
            await Body(on, url);
            var kept = await Body(on, url);
            var off = uncached.CreateClient();
            off.DefaultRequestHeaders.Authorization = on.DefaultRequestHeaders.Authorization;
            Assert.Equal(await Body(off, url), kept);
        }
    }

    [Fact]
    public async Task A_repeated_search_with_nothing_committed_in_between_is_answered_from_the_cache()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync();
        await salon.TherapistAsync();
        var desk = App.FrontDesk();
        var day = salon.Start(10, 0);
        var connection = App.Services.GetRequiredService<ConnectionSettings>().ConnectionString;
        await Slots(desk, service, day);

        // A kept answer costs at most the token (PostgreSQL: one trivial statement; SQLite: none on the request's
        // connection). The PostgreSQL token moves with every commit on the server, other tests' too: a few tries.
        var fewest = long.MaxValue;
        for (var i = 0; i < 20 && fewest > 1; i++)
        {
            var before = RoundTrips.Of(connection);
            await Slots(desk, service, day);
            fewest = Math.Min(fewest, RoundTrips.Of(connection) - before);
        }
        Assert.True(fewest <= (App.Provider == DatabaseProvider.Sqlite ? 0 : 1), $"{fewest} round trips");
    }

    internal static async Task<List<AvailabilityTests.Slot>> Slots(HttpClient http, Guid service, DateTimeOffset day,
        Guid? client = null)
    {
        var url = $"/api/v1/availability?serviceId={service}&from={Day(day)}"
            + (client is null ? "" : $"&clientId={client}");
        var body = await (await http.GetAsync(url)).Expect(HttpStatusCode.OK);
        return body["slots"]!.AsArray().Select(s => new AvailabilityTests.Slot((string)s!["start"]!,
            DateTimeOffset.Parse((string)s["start"]!, CultureInfo.InvariantCulture),
            DateTimeOffset.Parse((string)s["end"]!, CultureInfo.InvariantCulture),
            s["therapists"]!.AsArray().Select(t => Guid.Parse((string)t!["id"]!)).ToList())).ToList();
    }

    internal static string Day(DateTimeOffset local) =>
        local.ToOffset(TimeSpan.FromHours(3)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task<byte[]> Body(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }
}

public sealed class AnswerCacheOnSqlite(SqliteApp app) : AnswerCacheTests(app), IClassFixture<SqliteApp>;
public sealed class AnswerCacheOnPostgres(PostgresApp app) : AnswerCacheTests(app), IClassFixture<PostgresApp>;

/// <summary>Bookings and searches at once on PostgreSQL: no search that starts after a booking's 201 offers that
/// therapist at that time, whichever request computed the answer it is served.</summary>
public sealed class AnswerCacheUnderLoadOnPostgres(PostgresApp app) : ProviderTests(app), IClassFixture<PostgresApp>
{
    [Fact]
    public async Task No_search_started_after_a_booking_was_confirmed_offers_its_time()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync(duration: 60, buffer: 15);
        for (var i = 0; i < 3; i++) await salon.TherapistAsync();
        var day = salon.Start(12, 0);
        var clients = new ConcurrentQueue<Guid>();
        for (var i = 0; i < 18; i++) clients.Enqueue(await salon.ClientAsync());
        var booked = new ConcurrentQueue<(Guid Therapist, DateTimeOffset Start)>();
        var wrong = new ConcurrentQueue<string>();
        var searches = 0;
        var bookersLeft = 3;

        async Task Check(HttpClient desk, (Guid Therapist, DateTimeOffset Start)[] confirmed)
        {
            var slots = await AnswerCacheTests.Slots(desk, service, day);
            Interlocked.Increment(ref searches);
            foreach (var (therapist, start) in confirmed)
                if (slots.Any(s => s.Start == start && s.Therapists.Contains(therapist)))
                    wrong.Enqueue($"{start:HH:mm} offered after its booking");
        }

        async Task Booker(int seed)
        {
            var desk = App.FrontDesk();
            var random = new Random(seed);
            try
            {
                while (clients.TryDequeue(out var client))
                {
                    var offered = (await AnswerCacheTests.Slots(desk, service, day))
                        .SelectMany(s => s.Therapists.Select(t => (Therapist: t, s.Start))).ToList();
                    if (offered.Count == 0) return;
                    var (therapist, start) = offered[random.Next(offered.Count)];
                    using var response = await desk.PostJson("/api/v1/bookings", new { clientId = client,
                        serviceId = service, therapistId = therapist, startsAt = start });
                    if (response.StatusCode != HttpStatusCode.Created) continue; // another booker took it first
                    booked.Enqueue((therapist, start));
                    await Check(desk, booked.ToArray());
                }
            }
            finally { Interlocked.Decrement(ref bookersLeft); }
        }

        async Task Searcher()
        {
            var desk = App.FrontDesk();
            while (Volatile.Read(ref bookersLeft) > 0) await Check(desk, booked.ToArray());
        }

        await Task.WhenAll(Enumerable.Range(1, 3).Select(Booker)
            .Concat(Enumerable.Range(0, 3).Select(_ => Searcher())));

        Assert.Empty(wrong);
        Assert.True(booked.Count >= 10, $"only {booked.Count} bookings were made");
        Assert.True(searches > booked.Count, $"only {searches} searches ran");
    }
}

/// <summary>The cache's own bookkeeping: one answer per key, served for its token and second only, within a memory
/// budget that drops the oldest first.</summary>
public sealed class AnswerCacheBookkeepingTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 6, 0, 0, TimeSpan.Zero);

    private static AnswerCache Cache(int megabytes = 32) => new(
        new AvailabilityOptions { AnswerCacheMegabytes = megabytes },
        new CommitTokens(new SqliteDialect(), new ConnectionSettings("Data Source=unused.db")));

    private static AnswerKey Key(int day) => new(Guid.Empty, new DateOnly(2026, 12, 2).AddDays(day),
        new DateOnly(2026, 12, 2).AddDays(day), null, null, null, ForClient: false);

    private static FreeTimes Times(int slots)
    {
        var zone = TimeZoneInfo.Utc;
        var anna = Guid.CreateVersion7();
        var service = new ServiceSpec
        {
            Id = Guid.Empty, Name = "Массаж", DurationMinutes = 60, BufferMinutes = 15, RequiredSkill = "lymph",
            ScreeningKind = "DEEP", Kind = "manual", Active = true,
        };
        return new FreeTimes(service, "UTC", zone, new DateOnly(2026, 12, 2), new DateOnly(2026, 12, 2),
            [new NamedRef(anna, "Анна")],
            Enumerable.Range(0, slots).Select(i => new FreeSlot(Now.AddMinutes(15 * i), [anna], [])).ToList());
    }

    [Fact]
    public void An_answer_is_served_only_for_its_token_and_for_less_than_a_second_and_a_newer_one_replaces_it()
    {
        var cache = Cache();
        var kept = cache.Keep(Key(0), "t1", Now, Times(4));

        Assert.Same(kept, cache.Find(Key(0), "t1", Now.AddMilliseconds(999)));
        Assert.Null(cache.Find(Key(0), "t1", Now.AddSeconds(1)));
        Assert.Null(cache.Find(Key(0), "t2", Now));
        Assert.Null(cache.Find(Key(1), "t1", Now));
        Assert.Null(cache.Find(Key(0), "t1", Now.AddTicks(-1))); // a clock set back: not the time it was for

        var newer = cache.Keep(Key(0), "t2", Now.AddSeconds(2), Times(3));
        Assert.Equal(1, cache.Count);
        Assert.Same(newer, cache.Find(Key(0), "t2", Now.AddSeconds(2)));
        Assert.Null(cache.Find(Key(0), "t1", Now));
        cache.Keep(Key(0), "t1", Now, Times(4)); // a slower request's older answer does not displace it
        Assert.Same(newer, cache.Find(Key(0), "t2", Now.AddSeconds(2)));
    }

    [Fact]
    public void Past_its_memory_budget_the_cache_drops_the_oldest_answers_first()
    {
        var cache = Cache(megabytes: 1);
        for (var day = 0; day < 200; day++)
        {
            var kept = cache.Keep(Key(day), "t", Now, Times(96));
            kept.Cached!.Keep(compact: false, new byte[4096]); // its JSON counts too
        }

        Assert.InRange(cache.Count, 10, 100);
        Assert.Null(cache.Find(Key(0), "t", Now));
        Assert.NotNull(cache.Find(Key(199), "t", Now));
    }
}

/// <summary>When a commit changes the token, the searches in flight with one key wait for one computation.</summary>
public sealed class AnswerCacheInFlightTests
{
    [Fact]
    public async Task Searches_with_the_same_key_and_token_share_one_computation_and_another_token_computes_its_own()
    {
        var cache = new AnswerCache(new AvailabilityOptions(),
            new CommitTokens(new SqliteDialect(), new ConnectionSettings("Data Source=unused.db")));
        var key = new AnswerKey(Guid.Empty, new DateOnly(2026, 12, 2), new DateOnly(2026, 12, 2), null, null, null,
            ForClient: false);
        var now = new DateTimeOffset(2026, 12, 2, 6, 0, 0, TimeSpan.Zero);
        var gate = new TaskCompletionSource();
        var computed = 0;
        async Task<Result<FreeTimes>> Compute()
        {
            Interlocked.Increment(ref computed);
            await gate.Task;
            return Refusal.NotFound("Service");
        }

        var first = cache.AnswerAsync(key, "t1", now, Compute, CancellationToken.None);
        var second = cache.AnswerAsync(key, "t1", now.AddMilliseconds(10), Compute, CancellationToken.None);
        var other = cache.AnswerAsync(key, "t2", now, Compute, CancellationToken.None);
        gate.SetResult();

        Assert.Equal("not-found", (await first).Refusal?.Code);
        Assert.Equal("not-found", (await second).Refusal?.Code);
        Assert.Equal("not-found", (await other).Refusal?.Code);
        Assert.Equal(2, computed);
        Assert.Equal(0, cache.Count); // refusals are not kept
    }
}
