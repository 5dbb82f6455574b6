using Microsoft.Extensions.DependencyInjection;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests;

/// <summary>PostgreSQL with a pool of one connection and one-second timeouts, so that a test can exhaust it for
/// real.</summary>
public sealed class TinyPoolPostgresApp : PostgresApp
{
    protected override async Task CreateDatabaseAsync()
    {
        await base.CreateDatabaseAsync();
        if (SkipReason is null)
            ConnectionString = new NpgsqlConnectionStringBuilder(ConnectionString)
                { MaxPoolSize = 1, Timeout = 1, CommandTimeout = 1 }.ToString();
    }

    /// <summary>The connection string the API uses (with its Npgsql defaults), so that the test shares its
    /// pool.</summary>
    public string Database
        => Services.GetRequiredService<Salon.Api.Infrastructure.Data.ConnectionSettings>().ConnectionString;
}

/// <summary>An out-of-reach database is the server's moment, not the request's fault: 503 with Retry-After, never
/// 500.</summary>
public sealed class OutageTests(TinyPoolPostgresApp app) : ProviderTests(app), IClassFixture<TinyPoolPostgresApp>
{
    private static async Task ExpectUnavailable(HttpResponseMessage response)
    {
        var body = await response.ExpectProblem(HttpStatusCode.ServiceUnavailable, "service-unavailable");
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        Assert.DoesNotContain("Npgsql", body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_exhausted_connection_pool_answers_503_with_Retry_After()
    {
        var desk = App.FrontDesk();
        await (await desk.GetAsync("/api/v1/services")).Expect(HttpStatusCode.OK);

        // The test process shares the API's pool: holding its only connection leaves none for the request.
        await using (var held = new NpgsqlConnection(((TinyPoolPostgresApp)App).Database))
        {
            await held.OpenAsync(TestContext.Current.CancellationToken);
            await ExpectUnavailable(await desk.GetAsync("/api/v1/services"));
        }
        await (await desk.GetAsync("/api/v1/services")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_statement_that_times_out_on_a_lock_answers_503()
    {
        var client = await new SalonBuilder(App).UnscreenedClientAsync();
        // A second pool (another connection string) holds the client's row lock past the API's one-second timeout.
        var other = new NpgsqlConnectionStringBuilder(((TinyPoolPostgresApp)App).Database) { MaxPoolSize = 2,
            ApplicationName = "lock" };
        await using var holder = new NpgsqlConnection(other.ToString());
        await holder.OpenAsync(TestContext.Current.CancellationToken);
        await using var tx = await holder.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await using (var lockRow = new NpgsqlCommand("SELECT id FROM clients WHERE id = @id FOR UPDATE", holder, tx))
        {
            lockRow.Parameters.AddWithValue("id", client);
            await lockRow.ExecuteScalarAsync(TestContext.Current.CancellationToken);
        }
        await ExpectUnavailable(await App.FrontDesk().PostJson($"/api/v1/clients/{client}/consents",
            new { kind = "health_data", channel = "paper" }));
        await tx.RollbackAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task An_unreachable_database_answers_503_and_ready_says_unhealthy()
    {
        await using var closed = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            b.UseSetting("Database:Provider", "Postgres");
            b.UseSetting("Database:ConnectionString",
                "Host=127.0.0.1;Port=1;Username=x;Password=x;Database=x;Timeout=1");
            b.UseSetting("Database:MigrateOnStartup", "false");
            b.UseSetting("Database:DataFolder", Path.Combine(Path.GetTempPath(), "salon-tests",
                Guid.NewGuid().ToString("N")));
            b.UseSetting("Jwt:Key", SalonApp.TestJwtKey);
        });
        var http = closed.CreateClient();
        await ExpectUnavailable(await http.PostJson("/api/v1/auth/token", new { login = "admin",
            password = "whatever-password" }));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/health/ready")).StatusCode);
    }
}
