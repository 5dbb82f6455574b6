using System.Net;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests;

/// <summary>Remaining sessions never go below zero, however many desks redeem from one package at once.</summary>
public abstract class PackageConcurrencyTests(SalonApp app) : ProviderTests(app)
{
    [Fact]
    public async Task Thirty_visits_completed_at_once_on_fifteen_sessions_redeem_exactly_fifteen()
    {
        // Booking already refuses a 16th session on a 15-session package, so the 30 visits are booked on a 30-session
        // package whose count is then cut to 15 in the database: 30 redemptions race for 15 sessions at the guard
        // itself.
        var course = await App.CourseAsync(sessions: 30, price: 10000m, minDaysBetween: 0, serviceMinutes: 15,
            bufferMinutes: 0);
        var bookings = await CheckedInVisitsAsync(course, 30);
        Assert.Equal(1, await App.ExecuteAsync("UPDATE packages SET session_count = 15 WHERE id = @package",
            new { package = course.Package }));

        var responses = await Task.WhenAll(bookings.Select(b
            => App.FrontDesk().PostAsync($"/api/v1/bookings/{b}/complete", null)));

        Assert.Equal(15, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
            await refused.ExpectProblem(HttpStatusCode.UnprocessableEntity, "package-exhausted");
        await AssertFifteenRedeemedAsync(course.Package);
        // A refused completion changed nothing: its visit is still checked in.
        Assert.Equal(15L,
            await App.ScalarAsync<long>("SELECT COUNT(*) FROM bookings WHERE package_id = @package AND status = 'completed'", new { package = course.Package }));
        Assert.Equal(15L,
            await App.ScalarAsync<long>("SELECT COUNT(*) FROM bookings WHERE package_id = @package AND status = 'checked_in'", new { package = course.Package }));
        // All fifteen sessions used: their values add up to the price exactly.
        Assert.Equal(1_000_000L,
            await App.ScalarAsync<long>("SELECT SUM(value_kopecks) FROM package_redemptions WHERE package_id = @package", new { package = course.Package }));
        Assert.Equal(15, (int)(await App.FrontDesk().PackageAsync(course.Package))["sessionsUsed"]!);
    }

    [Fact]
    public async Task Two_desks_completing_each_of_fifteen_visits_at_once_redeem_each_session_once()
    {
        var course = await App.CourseAsync(sessions: 15, price: 10000m, minDaysBetween: 0, serviceMinutes: 15,
            bufferMinutes: 0);
        var bookings = await CheckedInVisitsAsync(course, 15);

        var responses = await Task.WhenAll(bookings.Concat(bookings).Select(b
            => App.FrontDesk().PostAsync($"/api/v1/bookings/{b}/complete", null)));

        Assert.Equal(15, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
            await refused.ExpectProblem(HttpStatusCode.Conflict, "illegal-transition");
        await AssertFifteenRedeemedAsync(course.Package);
        Assert.Equal(15L,
            await App.ScalarAsync<long>("SELECT COUNT(DISTINCT booking_id) FROM package_redemptions WHERE package_id = @package", new { package = course.Package }));
        Assert.Equal(15L,
            await App.ScalarAsync<long>("SELECT COUNT(*) FROM receipts WHERE client_id = @client AND event = 'package_redemption'", new { client = course.Client }));
    }

    [Fact]
    public async Task A_freeze_and_a_booking_racing_for_the_same_day_never_both_win()
    {
        var course = await App.CourseAsync(sessions: 15, validityDays: 60, freezeDays: 30, minDaysBetween: 0);
        var freeze = $"/api/v1/packages/{course.Package}/freeze";

        for (var day = 2; day <= 11; day++)
        {
            var date = App.Date(day);
            var racing = App.FrontDesk().Book(course, course.Salon.Start(day, 11));
            var frozen = await App.FrontDesk().PostJson(freeze, new { from = date, to = date });
            var booked = await racing;

            Assert.Equal(1, new[] { booked.StatusCode == HttpStatusCode.Created,
                frozen.StatusCode == HttpStatusCode.OK }.Count(won => won));
            if (booked.StatusCode != HttpStatusCode.Created) await booked.ExpectProblem(HttpStatusCode.UnprocessableEntity, "package-frozen");
            else await frozen.ExpectProblem(HttpStatusCode.UnprocessableEntity, "freeze-over-bookings");
        }

        var sessions = await App.QueryAsync<DateTimeOffset>(
            "SELECT starts_at FROM bookings WHERE package_id = @package AND status = 'booked'", new { package = course.Package });
        var freezes = await App.QueryAsync<string>("SELECT from_date FROM package_freezes WHERE package_id = @package",
            new { package = course.Package });
        Assert.Empty(sessions.Select(Billing.Day).Intersect(freezes.Select(f => f.Trim())));
        Assert.Equal(10, sessions.Count + freezes.Count);
    }

    [Fact]
    public async Task Ten_desks_freezing_the_same_days_at_once_freeze_them_once()
    {
        var course = await App.CourseAsync(sessions: 10, freezeDays: 14);
        var body = new { from = App.Date(20), to = App.Date(22) };

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_
            => App.FrontDesk().PostJson($"/api/v1/packages/{course.Package}/freeze", body)));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK),
            r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Conflict, HttpStatusCode.PreconditionFailed }));
        Assert.Equal(3L, await App.ScalarAsync<long>("SELECT freeze_days_used FROM packages WHERE id = @package",
            new { package = course.Package }));
        Assert.Equal(1L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM package_freezes WHERE package_id = @package",
            new { package = course.Package }));
    }

    /// <summary>
    /// Books 15-minute visits on the course back to back, from half an hour ahead, and checks each in as the clock
    /// reaches its window (the shared clock moves forward by up to the length of the run).
    /// </summary>
    private async Task<List<Guid>> CheckedInVisitsAsync(Course course, int count)
    {
        var desk = App.FrontDesk();
        var first = App.Soon();
        var bookings = new List<(Guid Id, DateTimeOffset Start)>();
        for (var i = 0; i < count; i++)
        {
            var start = first.AddMinutes(15 * i);
            bookings.Add((await desk.BookAsync(course, start), start));
        }
        foreach (var (id, start) in bookings)
        {
            App.AdvanceTo(start.AddHours(-1));
            await (await App.FrontDesk().PostJson($"/api/v1/bookings/{id}/check-in",
                SalonBuilder.DayOf())).Expect(HttpStatusCode.OK);
        }
        return bookings.Select(b => b.Id).ToList();
    }

    private async Task AssertFifteenRedeemedAsync(Guid package)
    {
        var args = new { package };
        Assert.Equal(15L, await App.ScalarAsync<long>("SELECT sessions_used FROM packages WHERE id = @package", args));
        Assert.Equal(15L,
            await App.ScalarAsync<long>("SELECT COUNT(*) FROM package_redemptions WHERE package_id = @package AND kind = 'redeemed'", args));
        Assert.Equal(15L,
            await App.ScalarAsync<long>("SELECT COUNT(DISTINCT session_number) FROM package_redemptions WHERE package_id = @package", args));
        Assert.Equal(1L,
            await App.ScalarAsync<long>("SELECT MIN(session_number) FROM package_redemptions WHERE package_id = @package", args));
        Assert.Equal(15L,
            await App.ScalarAsync<long>("SELECT MAX(session_number) FROM package_redemptions WHERE package_id = @package", args));
    }
}

public sealed class PackageConcurrencyOnSqlite(SqliteApp app) : PackageConcurrencyTests(app), IClassFixture<SqliteApp>;
public sealed class PackageConcurrencyOnPostgres(PostgresApp app) : PackageConcurrencyTests(app), IClassFixture<PostgresApp>;
public sealed class PackageConcurrencyOnSqlServer(SqlServerApp app) : PackageConcurrencyTests(app), IClassFixture<SqlServerApp>;
