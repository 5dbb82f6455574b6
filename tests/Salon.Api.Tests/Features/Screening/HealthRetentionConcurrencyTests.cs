using System.Net;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Salon.Api.Features.Screening;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests;

/// <summary>
/// Health data under concurrency: the retention job run by several API instances at once destroys each screening once
/// and fails none of them; a booking racing a check-in that voids the screening never lands on the void screening.
/// </summary>
public abstract class HealthRetentionConcurrencyTests(SalonApp app) : ProviderTests(app)
{
    private const int Instances = 4;

    [Fact]
    public async Task Four_instances_running_the_retention_job_at_once_destroy_each_screening_once()
    {
        var salon = new ScreeningSalon(App);
        var clients = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var client = await salon.ClientAsync("Q15");
            await (await salon.ClearAsync(client, salon.Today, ["SURF"])).Expect(HttpStatusCode.Created);
            await salon.WithdrawAsync(client, "health_data"); // retention is 0 days here: lapsed at once
            clients.Add(client);
        }

        var destroyed = await Task.WhenAll(Enumerable.Range(0, Instances).Select(_ => Task.Run(RetainAsync)));

        Assert.Equal(clients.Count, destroyed.Sum());
        Assert.Equal(0L, await App.ScalarAsync<long>("""
            SELECT COUNT(*) FROM screening_answers a JOIN screenings s ON s.id = a.screening_id WHERE s.client_id IN (@a, @b, @c, @d, @e)
            """, new { a = clients[0], b = clients[1], c = clients[2], d = clients[3], e = clients[4] }));
        Assert.Equal(0L,
            await App.ScalarAsync<long>("SELECT COUNT(*) FROM clearances WHERE client_id IN (@a, @b, @c, @d, @e)",
            new { a = clients[0], b = clients[1], c = clients[2], d = clients[3], e = clients[4] }));
        Assert.Equal(0, await RetainAsync());
    }

    [Fact]
    public async Task A_booking_racing_a_check_in_that_voids_the_screening_never_lands_on_the_void_screening()
    {
        var salon = new ScreeningSalon(App);
        var client = await salon.ClientAsync();
        var start = salon.GridAhead(TimeSpan.FromHours(3));
        var booking = SalonBuilder.Id(await (await salon.BookAsync(App.FrontDesk(), client, "SURF",
            start)).Expect(HttpStatusCode.Created));
        await salon.ServiceAsync("DEEP");
        App.Clock.Advance(start - App.Clock.GetUtcNow() - TimeSpan.FromHours(1));
        var desk = App.FrontDesk();

        var checkIn = desk.PostJson($"/api/v1/bookings/{booking}/check-in", SalonBuilder.DayOf("Q03"));
        var books = Enumerable.Range(2, 6).Select(day => salon.BookAsync(App.FrontDesk(), client, "DEEP",
            salon.Builder.Start(day, 12))).ToList();
        await (await checkIn).ExpectProblem(HttpStatusCode.UnprocessableEntity, "day-of-check-failed");
        foreach (var response in await Task.WhenAll(books))
            if (response.StatusCode != HttpStatusCode.Created)
                await response.ExpectProblem(HttpStatusCode.UnprocessableEntity, "screening-due");

        // Whatever got in before the void is flagged; nothing booked after it.
        var listed = await (await desk.GetAsync($"/api/v1/bookings?clientId={client}&pageSize=50")).Expect(HttpStatusCode.OK);
        Assert.All(listed["items"]!.AsArray().Where(b => (string?)b!["status"] == "booked"), b
            => Assert.True((bool)b!["screeningDue"]!));
    }

    private async Task<int> RetainAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new DestroyLapsedHealthData());
    }
}

/// <summary>Retention 0 days: withdrawn health data is due for destruction at once, without moving the clock (and the
/// hourly job).</summary>
public sealed class ZeroRetentionPostgresApp : PostgresApp
{
    protected override IReadOnlyDictionary<string, string> Settings
        => new Dictionary<string, string> { ["Salon:HealthRetentionDays"] = "0" };
}

public sealed class ZeroRetentionSqliteApp : SqliteApp
{
    protected override IReadOnlyDictionary<string, string> Settings
        => new Dictionary<string, string> { ["Salon:HealthRetentionDays"] = "0" };
}

public sealed class HealthRetentionConcurrencyOnPostgres(ZeroRetentionPostgresApp app) : HealthRetentionConcurrencyTests(app),
    IClassFixture<ZeroRetentionPostgresApp>;

public sealed class HealthRetentionConcurrencyOnSqlite(ZeroRetentionSqliteApp app) : HealthRetentionConcurrencyTests(app),
    IClassFixture<ZeroRetentionSqliteApp>;
