using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Salon.Api.Infrastructure.Http;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests;

/// <summary>Creating a booking under an Idempotency-Key: a retry gets the first response, never a second
/// booking.</summary>
public abstract class IdempotencyTests(SalonApp app) : ProviderTests(app)
{
    [Fact]
    public async Task The_same_key_and_body_twice_replays_the_first_response_byte_for_byte_and_books_once()
    {
        var (salon, service, therapist) = await SalonAsync();
        var client = await salon.ClientAsync();
        var desk = App.FrontDesk();
        var body = Body(client, service, therapist, salon.Start(3, 10));
        var key = NewKey();

        var first = await Post(desk, key, body);
        var second = await Post(desk, key, body);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await second.Content.ReadAsByteArrayAsync());
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("true", Assert.Single(second.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal("application/json", second.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1L, await BookingsOf(client));
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_422_and_books_nothing_more()
    {
        var (salon, service, therapist) = await SalonAsync();
        var client = await salon.ClientAsync();
        var desk = App.FrontDesk();
        var key = NewKey();
        await (await Post(desk, key, Body(client, service, therapist, salon.Start(3,
            12)))).Expect(HttpStatusCode.Created);

        var reused = await Post(desk, key, Body(client, service, therapist, salon.Start(3, 15)));

        await reused.ExpectProblem(HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
        Assert.Equal(1L, await BookingsOf(client));
        Assert.Equal(0L,
            await App.ScalarAsync<long>("SELECT COUNT(*) FROM resource_claims WHERE resource_id = @therapist AND slot_start = @at",
            new { therapist, at = salon.Start(3, 15).ToUniversalTime() }));
        Assert.Equal(1L,
            await App.ScalarAsync<long>("SELECT COUNT(*) FROM resource_claims WHERE resource_id = @therapist AND slot_start = @at",
            new { therapist, at = salon.Start(3, 12).ToUniversalTime() }));
    }

    [Fact]
    public async Task Ten_concurrent_retries_with_one_key_book_once_and_each_gets_the_booking_or_in_flight()
    {
        var (salon, service, therapist) = await SalonAsync();
        var client = await salon.ClientAsync();
        var desk = App.FrontDesk();
        var body = Body(client, service, therapist, salon.Start(4, 10));
        var key = NewKey();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Post(desk, key, body)));

        var created = responses.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
        Assert.NotEmpty(created);
        var ids = await Task.WhenAll(created.Select(async r
            => (string?)(await r.Expect(HttpStatusCode.Created))["id"]));
        Assert.Single(ids.Distinct());
        foreach (var other in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
            await other.ExpectProblem(HttpStatusCode.Conflict, "idempotency-in-flight");
        Assert.Equal(1L, await BookingsOf(client));
        // Once the first has finished, a retry gets its response.
        var late = await (await Post(desk, key, body)).Expect(HttpStatusCode.Created);
        Assert.Equal(ids[0], (string?)late["id"]);
    }

    [Fact]
    public async Task A_refused_request_leaves_no_key_behind_so_a_retry_runs_again()
    {
        var (salon, service, therapist) = await SalonAsync();
        var client = await salon.ClientAsync();
        var desk = App.FrontDesk();
        var start = salon.Start(5, 10);
        var blocker = await (await desk.PostJson("/api/v1/bookings", Body(await salon.ClientAsync(), service, therapist,
            start))).Expect(HttpStatusCode.Created);
        var key = NewKey();

        await (await Post(desk, key, Body(client, service, therapist, start))).ExpectProblem(HttpStatusCode.Conflict,
            "slot-taken");
        Assert.Equal(0L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM idempotency_keys WHERE idem_key = @key",
            new { key }));

        await (await desk.PostJson($"/api/v1/bookings/{blocker["id"]}/cancel",
            new { by = "salon" })).Expect(HttpStatusCode.OK);
        var retry = await Post(desk, key, Body(client, service, therapist, start));

        await retry.Expect(HttpStatusCode.Created);
        Assert.False(retry.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1L, await BookingsOf(client));
        Assert.Equal("done", await App.ScalarAsync<string>("SELECT status FROM idempotency_keys WHERE idem_key = @key",
            new { key }));
    }

    [Fact]
    public async Task Keys_belong_to_the_caller_so_two_desks_may_use_the_same_key_for_different_bookings()
    {
        var (salon, service, therapist) = await SalonAsync();
        var (first, second) = (await salon.ClientAsync(), await salon.ClientAsync());
        var key = NewKey();

        var a = await (await Post(App.FrontDesk(), key, Body(first, service, therapist, salon.Start(6,
            10)))).Expect(HttpStatusCode.Created);
        var b = await (await Post(App.FrontDesk(), key, Body(second, service, therapist, salon.Start(6,
            12)))).Expect(HttpStatusCode.Created);

        Assert.NotEqual((string?)a["id"], (string?)b["id"]);
        Assert.Equal(1L, await BookingsOf(first));
        Assert.Equal(1L, await BookingsOf(second));
        Assert.Equal(2L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM idempotency_keys WHERE idem_key = @key",
            new { key }));
    }

    [Fact]
    public async Task A_retry_through_another_instance_on_the_same_database_replays_the_first_response()
    {
        var (salon, service, therapist) = await SalonAsync();
        var client = await salon.ClientAsync();
        var desk = App.FrontDesk();
        var body = Body(client, service, therapist, salon.Start(7, 10));
        var key = NewKey();
        var first = await Post(desk, key, body);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        await using var instance = App.WithWebHostBuilder(_ => { });
        var sameCaller = instance.CreateClient();
        sameCaller.DefaultRequestHeaders.Authorization = desk.DefaultRequestHeaders.Authorization;
        var retry = await Post(sameCaller, key, body);

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal("true", Assert.Single(retry.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(1L, await BookingsOf(client));
    }

    [Fact]
    public async Task A_key_expires_after_24_hours_and_the_same_request_then_runs_again()
    {
        var (salon, service, therapist) = await SalonAsync();
        var client = await salon.ClientAsync();
        var caller = Guid.CreateVersion7(); // one desk user across both tokens: keys are scoped by user
        var body = Body(client, service, therapist, salon.Start(8, 10));
        var key = NewKey();
        var first = await (await Post(Desk(caller), key, body)).Expect(HttpStatusCode.Created);

        App.Clock.Advance(TimeSpan.FromHours(25));
        var desk = Desk(caller); // the first token has expired meanwhile
        // The old booking still holds the slot; cancelling it lets the same body succeed again, proving the key was
        // forgotten.
        await (await desk.PostJson($"/api/v1/bookings/{first["id"]}/cancel",
            new { by = "salon" })).Expect(HttpStatusCode.OK);
        var again = await Post(desk, key, body);

        var second = await again.Expect(HttpStatusCode.Created);
        Assert.False(again.Headers.Contains("Idempotent-Replayed"));
        Assert.NotEqual((string?)first["id"], (string?)second["id"]);
        Assert.Equal(2L, await BookingsOf(client));
        Assert.Equal(1L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM idempotency_keys WHERE idem_key = @key",
            new { key }));
    }

    private async Task<(SalonBuilder Salon, Guid Service, Guid Therapist)> SalonAsync()
    {
        var salon = new SalonBuilder(App);
        return (salon, await salon.ManualServiceAsync(), await salon.TherapistAsync());
    }

    private static string NewKey() => "booking-" + Guid.NewGuid().ToString("N");

    private static object Body(Guid client, Guid service, Guid therapist, DateTimeOffset start) =>
        new { clientId = client, serviceId = service, therapistId = therapist, startsAt = start };

    private static Task<HttpResponseMessage> Post(HttpClient http, string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/bookings")
        {
            Content = new StringContent(JsonSerializer.Serialize(body, Http.Json), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", key);
        return http.SendAsync(request);
    }

    /// <summary>A front-desk client for a fixed user id, so that two tokens share one idempotency scope.</summary>
    private HttpClient Desk(Guid userId) => App.WithToken(App.Token(userId, Roles.FrontDesk));

    private Task<long> BookingsOf(Guid client) =>
        App.ScalarAsync<long>("SELECT COUNT(*) FROM bookings WHERE client_id = @client", new { client });
}

public sealed class IdempotencyOnSqlite(SqliteApp app) : IdempotencyTests(app), IClassFixture<SqliteApp>;
public sealed class IdempotencyOnPostgres(PostgresApp app) : IdempotencyTests(app), IClassFixture<PostgresApp>;
public sealed class IdempotencyOnSqlServer(SqlServerApp app) : IdempotencyTests(app), IClassFixture<SqlServerApp>;
