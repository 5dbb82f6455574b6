using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Salon.Api.Features.Bookings;
using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests;

/// <summary>
/// A booking's reads and a search's run on plans PostgreSQL made once per connection (issue 17). Left to choose, the
/// server plans the calendar read afresh on every call (its cost estimate favours a plan for the values at hand), and
/// that planning, probing the ends of the bookings' time indexes, took longer than running the read.
/// </summary>
public sealed class BookingPlanTests(PostgresApp app) : IClassFixture<PostgresApp>
{
    [Fact]
    public async Task A_bookings_calendar_read_is_planned_once_per_connection_not_per_booking()
    {
        app.SkipIfUnavailable();
        var salon = new SalonBuilder(app);
        var service = await salon.ManualServiceAsync();
        var therapist = await salon.TherapistAsync();
        var client = await salon.ClientAsync();
        // A pool of its own (one connection, used one booking after another) so that its prepared statements can be
        // read back on the connection that ran them.
        var settings = new ConnectionSettings(app.Services.GetRequiredService<ConnectionSettings>().ConnectionString
            + ";Application Name=booking-plan-test;Maximum Pool Size=1");
        var dialect = app.Services.GetRequiredService<ISqlDialect>();
        var options = app.Services.GetRequiredService<SalonOptions>();

        for (var day = 0; day < 8; day++)
        {
            await using var db = new DbSession(dialect, settings);
            await db.BeginAsync(TestContext.Current.CancellationToken);
            var facts = await new BookingPlanner(db, options, app.Clock).ReadAsync(client, service,
                salon.Start(3 + day, 10), therapist, Guid.NewGuid(), TestContext.Current.CancellationToken);
            Assert.NotNull(facts.Service);
            Assert.Single(facts.Calendars);
            await db.RollbackAsync();
        }

        await AssertPlannedOnceAsync(settings);
    }

    [Fact]
    public async Task A_searchs_calendar_read_is_planned_once_per_connection_not_per_search()
    {
        app.SkipIfUnavailable();
        var salon = new SalonBuilder(app);
        var service = await salon.ManualServiceAsync();
        await salon.TherapistAsync();
        var settings = new ConnectionSettings(app.Services.GetRequiredService<ConnectionSettings>().ConnectionString
            + ";Application Name=search-plan-test;Maximum Pool Size=1");
        var dialect = app.Services.GetRequiredService<ISqlDialect>();

        for (var day = 0; day < 8; day++)
        {
            await using var db = new DbSession(dialect, settings);
            var start = salon.Start(3 + day, 0);
            var search = await Salon.Api.Features.Availability.Calendars.SearchAsync(db, service, null,
                new Salon.Domain.Interval(start, start.AddDays(1)), app.Clock.GetUtcNow(),
                TestContext.Current.CancellationToken, Salon.Domain.SlotFinder.LocalDate(start,
                    app.Services.GetRequiredService<SalonOptions>().Zone()), 1);
            Assert.NotNull(search.Service);
            Assert.NotEmpty(search.Therapists);
        }
        await AssertPlannedOnceAsync(settings);
    }

    /// <summary>The calendar read prepared on the pool's one connection ran on its reused plan only.</summary>
    private static async Task AssertPlannedOnceAsync(ConnectionSettings settings)
    {
        await using var check = new DbSession(new PostgresDialect(), settings);
        var plans = (await check.QueryAsync<(string Statement, long Generic, long Custom)>("""
            SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements
            WHERE statement LIKE '%FROM therapist_exceptions%'
            """, null, TestContext.Current.CancellationToken)).ToList();
        Assert.NotEmpty(plans); // prepared: Npgsql prepares a statement from its second use on
        Assert.All(plans, p => Assert.True(p.Custom == 0 && p.Generic > 0,
            $"planned per call ({p.Custom} custom plans, {p.Generic} reused):\n{p.Statement}"));
    }
}
