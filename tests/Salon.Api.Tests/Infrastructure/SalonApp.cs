using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;

namespace Salon.Api.Tests.Infrastructure;

/// <summary>
/// The API in memory on one real database of its own. One subclass per provider; the same test classes run on each.
/// When a provider is not available here, every test on it is reported skipped with the reason.
/// </summary>
public abstract class SalonApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string TestJwtKey = "test-signing-key-that-is-long-enough-for-hs256";

    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "salon-tests", Guid.NewGuid().ToString("N"));

    public abstract DatabaseProvider Provider { get; }
    public string? SkipReason { get; protected set; }
    protected string ConnectionString { get; set; } = "";

    /// <summary>
    /// Starts at the next 06:00 in Moscow, never at the real time of day: a suite run in the evening would otherwise
    /// book "soon" across local midnight, which no salon day allows. Tokens are checked against this clock too.
    /// </summary>
    public FakeTimeProvider Clock { get; } = new(NextMorning(DateTimeOffset.UtcNow));

    private static DateTimeOffset NextMorning(DateTimeOffset now)
    {
        var moscow = now.ToOffset(TimeSpan.FromHours(3));
        var morning = new DateTimeOffset(moscow.Date.AddHours(6), moscow.Offset);
        return (morning < moscow ? morning.AddDays(1) : morning).ToUniversalTime();
    }

    protected virtual int LoginsPerMinute => 10_000;

    /// <summary>Settings a fixture changes for its tests, e.g. another time zone.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    public virtual async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_dataFolder);
        await CreateDatabaseAsync();
        if (SkipReason is null)
            StartHost(); // start the host now: migrations run here, not inside the first test
    }

    /// <summary>Starts the in-memory server; a fixture that needs a real socket (a browser) starts Kestrel
    /// instead.</summary>
    protected virtual void StartHost() => _ = Server;

    protected abstract Task CreateDatabaseAsync();
    protected virtual Task DropDatabaseAsync() => Task.CompletedTask;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", Provider.ToString());
        builder.UseSetting("Database:ConnectionString", ConnectionString);
        builder.UseSetting("Database:DataFolder", _dataFolder);
        builder.UseSetting("Jwt:Key", TestJwtKey);
        builder.UseSetting("Salon:Demo", "false");
        builder.UseSetting("RateLimits:LoginPerMinute",
            LoginsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // Dozens of hosts share two cores: no background webhook dispatcher; the event tests run it by hand.
        builder.UseSetting("Webhooks:Dispatcher", "false");
        builder.UseSetting("Reminders:Dispatcher", "false");
        builder.UseSetting("Waitlist:Worker", "false");
        builder.UseSetting("RateLimits:LoginPerAccountPerMinute",
            LoginsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("RateLimits:LoginGlobalPerMinute",
            (LoginsPerMinute * 10).ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (key, value) in Settings)
            builder.UseSetting(key, value);
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<DatabaseProvider, bool> Announced = new();

    public void SkipIfUnavailable()
    {
        if (SkipReason is null)
            return;
        // Said once per provider in the run's output (xunit.runner.json shows diagnostic messages), not once per test.
        if (Announced.TryAdd(Provider, true))
            TestContext.Current.SendDiagnosticMessage($"Skipping every {Provider} test: {SkipReason}");
        Assert.Skip(SkipReason);
    }

    /// <summary>A client whose every response is checked against the committed OpenAPI document.</summary>
    public new HttpClient CreateClient() => CreateDefaultClient(new ContractCheck(Provider.ToString()));

    /// <summary>
    /// A client holding a freshly minted token for a role. Staff and account rows need not exist for authorization;
    /// only the subject's security stamp, which every request checks, is written.
    /// </summary>
    public HttpClient ClientAs(string role, Guid? therapistId = null, Guid? clientId = null) =>
        WithToken(Token(Guid.CreateVersion7(), role, therapistId, clientId));

    /// <summary>A token for the subject, with a security stamp recorded for it in this app's database.</summary>
    public string Token(Guid subject, string role, Guid? therapistId = null, Guid? clientId = null)
    {
        var stamp = Task.Run(async () =>
        {
            await using var scope = Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DbSession>();
            return await SecurityStamps.ReadAsync(db, subject, CancellationToken.None)
                   ?? await SecurityStamps.CreateAsync(db, subject, CancellationToken.None);
        }).GetAwaiter().GetResult();
        return Services.GetRequiredService<TokenIssuer>().Issue(subject, $"test-{role}", role, therapistId, clientId,
            stamp).AccessToken;
    }

    /// <summary>
    /// The same caller without the contract check: for tests that send what no client generated from the document
    /// would (the malformed-request sweep's stray headers), and check the answers themselves.
    /// </summary>
    public HttpClient Unchecked(HttpClient caller)
    {
        var http = base.CreateClient();
        http.DefaultRequestHeaders.Authorization = caller.DefaultRequestHeaders.Authorization;
        return http;
    }

    public HttpClient WithToken(string token)
    {
        var http = CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    public HttpClient Admin() => ClientAs(Roles.Admin);
    public HttpClient FrontDesk() => ClientAs(Roles.FrontDesk);

    /// <summary>Runs SQL straight against this app's database, to check what the API really wrote.</summary>
    public async Task<T?> ScalarAsync<T>(string sql, object? param = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbSession>();
        return await db.ScalarAsync<T>(sql, param);
    }

    public override async ValueTask DisposeAsync()
    {
        // Tearing down a test host and its database is not what the tests test: a failure here (seen rarely on a busy
        // PostgreSQL in CI, e.g. out of connections while dozens of fixtures close at once) is retried, then reported
        // in the output, never turned into a failed run.
        try { await base.DisposeAsync(); }
        catch (Exception ex) { Report("stopping the test host", ex); }
        for (var attempt = 1; SkipReason is null; attempt++)
        {
            try
            {
                await DropDatabaseAsync();
                break;
            }
            catch (Exception) when (attempt < 5)
            {
                await Task.Delay(TimeSpan.FromSeconds(attempt));
            }
            catch (Exception ex)
            {
                Report("dropping the test database", ex);
                break;
            }
        }
        try { Directory.Delete(_dataFolder, recursive: true); } catch (IOException) { }
        GC.SuppressFinalize(this);
    }

    private void Report(string what, Exception ex) => TestContext.Current.SendDiagnosticMessage(
        $"{Provider}: {GetType().Name}: {what} failed: {ex.GetType().Name}: {ex.GetBaseException().Message}");
}

public class SqliteApp : SalonApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override Task CreateDatabaseAsync()
    {
        ConnectionString = $"Data Source={Path.Combine(Path.GetTempPath(), "salon-tests", Guid.NewGuid().ToString("N") + ".db")}";
        return Task.CompletedTask;
    }
}

/// <summary>A fresh database per fixture on the server named by SALON_TEST_POSTGRES (set by .ci/run).</summary>
public class PostgresApp : SalonApp
{
    public const string Variable = "SALON_TEST_POSTGRES";
    private string? _server;
    private string? _database;

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override async Task CreateDatabaseAsync()
    {
        _server = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(_server))
        {
            SkipReason = $"PostgreSQL: {Variable} is not set (bash .ci/run sets it).";
            return;
        }
        _database = "salon_t_" + Guid.NewGuid().ToString("N");
        await using (var connection = new Npgsql.NpgsqlConnection(_server))
        {
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand($"CREATE DATABASE {_database}", connection);
            await command.ExecuteNonQueryAsync();
        }
        ConnectionString = new Npgsql.NpgsqlConnectionStringBuilder(_server) { Database = _database }.ToString();
    }

    protected override async Task DropDatabaseAsync()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        await using var connection = new Npgsql.NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)",
            connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>SQL Server from SALON_TEST_SQLSERVER, or a Testcontainers container when a Docker engine answers; otherwise
/// skipped.</summary>
public sealed class SqlServerApp : SalonApp
{
    public const string Variable = "SALON_TEST_SQLSERVER";
    private string? _server;
    private string? _database;

    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;

    protected override async Task CreateDatabaseAsync()
    {
        _server = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(_server))
        {
            (_server, SkipReason) = await SqlServerContainer.ConnectionStringAsync();
            if (SkipReason is not null) return;
        }
        _database = "salon_t_" + Guid.NewGuid().ToString("N");
        await using (var connection = new Microsoft.Data.SqlClient.SqlConnection(_server))
        {
            await connection.OpenAsync();
            await using var command = new Microsoft.Data.SqlClient.SqlCommand($"CREATE DATABASE {_database}",
                connection);
            await command.ExecuteNonQueryAsync();
        }
        ConnectionString = new Microsoft.Data.SqlClient.SqlConnectionStringBuilder(_server!) { InitialCatalog = _database }.ToString();
    }

    protected override async Task DropDatabaseAsync()
    {
        Microsoft.Data.SqlClient.SqlConnection.ClearAllPools();
        await using var connection = new Microsoft.Data.SqlClient.SqlConnection(_server);
        await connection.OpenAsync();
        await using var command = new Microsoft.Data.SqlClient.SqlCommand(
            $"ALTER DATABASE {_database} SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE {_database}", connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>One SQL Server container for the whole run, started on first use if Docker answers.</summary>
public static class SqlServerContainer
{
    private static readonly Lazy<Task<(string?, string?)>> Started = new(StartAsync);

    public static Task<(string? ConnectionString, string? SkipReason)> ConnectionStringAsync() => Started.Value;

    private static async Task<(string?, string?)> StartAsync()
    {
        try
        {
            var container = new Testcontainers.MsSql.MsSqlBuilder("mcr.microsoft.com/mssql/server:2022-CU14-ubuntu-22.04").Build();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await container.StartAsync(timeout.Token);
            return (container.GetConnectionString(), null);
        }
        catch (Exception ex)
        {
            return (null,
                $"SQL Server: {SqlServerApp.Variable} is not set and no Docker engine answers for Testcontainers ({ex.GetType().Name}).");
        }
    }
}
