using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Salon.Api.Infrastructure.Data;

namespace Salon.Api.Tests.Infrastructure;

/// <summary>
/// The commit token the search cache keys answers by: re-read on every call, it changes whenever another connection
/// commits, of this process (the pool) or of another one, and reads leave it alone.
/// </summary>
public abstract class CommitTokenTests(SalonApp app) : ProviderTests(app)
{
    [Fact]
    public async Task The_token_changes_with_every_commit_of_another_connection()
    {
        var ct = TestContext.Current.CancellationToken;
        var tokens = App.Services.GetRequiredService<CommitTokens>();
        var dialect = App.Services.GetRequiredService<ISqlDialect>();
        var connection = App.Services.GetRequiredService<ConnectionSettings>().ConnectionString;
        var table = "probe_" + Guid.NewGuid().ToString("N")[..8];
        await using var db = new DbSession(dialect, new ConnectionSettings(connection));
        await db.ExecuteAsync($"CREATE TABLE {table} (x integer)", null, ct);

        var first = await tokens.ReadAsync(db, ct);
        await db.ExecuteAsync($"INSERT INTO {table} (x) VALUES (1)", null, ct); // a pooled connection of this process
        var second = await tokens.ReadAsync(db, ct);
        await using (var other = Independent(dialect, connection)) // as another process would
        {
            await other.OpenAsync(ct);
            await other.ExecuteAsync($"INSERT INTO {table} (x) VALUES (2)");
        }
        var third = await tokens.ReadAsync(db, ct);

        Assert.NotNull(first);
        Assert.NotEqual(first, second);
        Assert.NotEqual(second, third);
        Assert.Equal(2, await db.ScalarAsync<long>($"SELECT COUNT(*) FROM {table}", null, ct));
    }

    /// <summary>A connection outside this process's pool: SQLite without pooling, a connection of its own
    /// elsewhere.</summary>
    private static DbConnection Independent(ISqlDialect dialect, string connection) =>
        dialect is SqliteDialect
            ? new SqliteConnection(new SqliteConnectionStringBuilder(connection) { Pooling = false }.ToString())
            : dialect.CreateConnection(connection);
}

public sealed class CommitTokenOnSqlite(SqliteApp app) : CommitTokenTests(app), IClassFixture<SqliteApp>
{
    /// <summary>Only commits move data_version: a later read through the same token connection sees the same value
    /// while others only read. (On PostgreSQL every other test's commit on the server moves the snapshot.)</summary>
    [Fact]
    public async Task Reads_leave_the_token_as_it_was()
    {
        var ct = TestContext.Current.CancellationToken;
        var tokens = App.Services.GetRequiredService<CommitTokens>();
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbSession>();

        var first = await tokens.ReadAsync(db, ct);
        await db.ScalarAsync<long>("SELECT COUNT(*) FROM services", null, ct);

        Assert.Equal(first, await tokens.ReadAsync(db, ct));
    }
}

/// <summary>A connection string asking for SQLite's shared cache: commits of the connections sharing it still change
/// the token.</summary>
public sealed class CommitTokenOnSharedCacheSqlite
{
    [Fact]
    public async Task Commits_through_a_shared_cache_change_the_token()
    {
        var ct = TestContext.Current.CancellationToken;
        var file = Path.Combine(Path.GetTempPath(), "salon-tests", Guid.NewGuid().ToString("N") + ".db");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var settings = new ConnectionSettings($"Data Source={file};Cache=Shared");
        var dialect = new SqliteDialect();
        using var tokens = new CommitTokens(dialect, settings);
        await using var db = new DbSession(dialect, settings);
        await db.ExecuteAsync("CREATE TABLE probe (x integer)", null, ct);

        var first = await tokens.ReadAsync(db, ct);
        await db.ExecuteAsync("INSERT INTO probe (x) VALUES (1)", null, ct);

        Assert.NotEqual(first, await tokens.ReadAsync(db, ct));
    }
}

public sealed class CommitTokenOnPostgres(PostgresApp app) : CommitTokenTests(app), IClassFixture<PostgresApp>;

public sealed class CommitTokenOnSqlServer
{
    [Fact]
    public async Task Sql_server_has_no_token_so_nothing_is_cached_on_it()
    {
        ISqlDialect dialect = new SqlServerDialect();
        var settings = new ConnectionSettings("Server=nowhere.invalid;Database=none");
        using var tokens = new CommitTokens(dialect, settings);
        await using var db = new DbSession(dialect, settings);

        Assert.Null(dialect.CommitTokenSql);
        Assert.False(tokens.Available);
        Assert.Null(await tokens.ReadAsync(db, TestContext.Current.CancellationToken)); // no connection attempted
    }
}
