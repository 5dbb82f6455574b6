using System.Net;
using System.Text;
using Salon.Api.Infrastructure.Http;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests;

/// <summary>A key left in flight by a crashed request is taken over after the request timeout; bodies compare as
/// JSON.</summary>
public abstract class IdempotencyRecoveryTests(SalonApp app) : ProviderTests(app)
{
    private static HttpRequestMessage Booking(string key, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/bookings") { Content = new StringContent(json,
            Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    private async Task<(string Json, Guid Client)> BookingJsonAsync(int day)
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync();
        var therapist = await salon.TherapistAsync();
        var client = await salon.ClientAsync();
        var start = salon.Start(day, 10).ToString("yyyy-MM-ddTHH:mm:sszzz");
        return ($$"""{"clientId":"{{client}}","serviceId":"{{service}}","therapistId":"{{therapist}}","startsAt":"{{start}}"}""", client);
    }

    [Fact]
    public async Task A_key_left_in_flight_by_a_dead_request_is_taken_over_after_the_request_timeout_not_minutes()
    {
        var (json, client) = await BookingJsonAsync(5);
        var caller = Guid.CreateVersion7();
        var key = "crashed-" + Guid.NewGuid().ToString("N");
        // What a process killed mid-request leaves behind: the in-flight mark, committed on its own, and nothing else.
        var now = App.Clock.GetUtcNow();
        await App.ScalarAsync<int>("""
            INSERT INTO idempotency_keys (scope, idem_key, request_hash, status, created_at, expires_at)
            VALUES (@scope, @key, @hash, 'in_flight', @now, @expires)
            """, new { scope = caller.ToString(), key, hash = IdempotencyStore.Hash("POST", "/api/v1/bookings", Encoding.UTF8.GetBytes(json)),
                now, expires = now.AddHours(24) });
        var desk = App.WithToken(App.Token(caller, Roles.FrontDesk));

        await (await desk.SendAsync(Booking(key, json))).ExpectProblem(HttpStatusCode.Conflict,
            "idempotency-in-flight");
        App.Clock.Advance(TimeSpan.FromSeconds(20)); // still within the request timeout (30 s): the owner may be alive
        await (await desk.SendAsync(Booking(key, json))).ExpectProblem(HttpStatusCode.Conflict,
            "idempotency-in-flight");
        App.Clock.Advance(TimeSpan.FromSeconds(16)); // past the timeout and its margin: the owner is dead or cancelled

        await (await desk.SendAsync(Booking(key, json))).Expect(HttpStatusCode.Created);
        Assert.Equal(1L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM bookings WHERE client_id = @client",
            new { client }));
    }

    [Fact]
    public async Task The_same_json_with_other_whitespace_and_key_order_replays_instead_of_422()
    {
        var (json, client) = await BookingJsonAsync(6);
        var desk = App.FrontDesk();
        var key = "canonical-" + Guid.NewGuid().ToString("N");
        var first = await (await desk.SendAsync(Booking(key, json))).Expect(HttpStatusCode.Created);

        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        var reordered = "{\n  " + string.Join(",\n  ", node.Reverse().Select(p
            => $"\"{p.Key}\" : {p.Value!.ToJsonString()}")) + "\n}";
        var again = await desk.SendAsync(Booking(key, reordered));

        var second = await again.Expect(HttpStatusCode.Created);
        Assert.Equal("true", Assert.Single(again.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal((string?)first["id"], (string?)second["id"]);
        Assert.Equal(1L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM bookings WHERE client_id = @client",
            new { client }));
    }
}

public sealed class IdempotencyRecoveryOnSqlite(SqliteApp app) : IdempotencyRecoveryTests(app), IClassFixture<SqliteApp>;
public sealed class IdempotencyRecoveryOnPostgres(PostgresApp app) : IdempotencyRecoveryTests(app), IClassFixture<PostgresApp>;
public sealed class IdempotencyRecoveryOnSqlServer(SqlServerApp app) : IdempotencyRecoveryTests(app), IClassFixture<SqlServerApp>;
