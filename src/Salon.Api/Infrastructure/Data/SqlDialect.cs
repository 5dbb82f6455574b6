using Salon.Api.Infrastructure.Data;
using System.Data;
using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Salon.Api.Infrastructure.Data;

/// <summary>Everything that differs between the three databases; the rest of the SQL is shared.</summary>
public interface ISqlDialect
{
    /// <summary>Folder name under db/ holding this database's migrations.</summary>
    string Name { get; }

    DbConnection CreateConnection(string connectionString);

    Task<DbTransaction> BeginAsync(DbConnection connection, CancellationToken ct);

    /// <summary>The paging clause after an ORDER BY, reading @skip and @take.</summary>
    string Page { get; }

    /// <summary>SQL run first inside the migration transaction so that only one instance migrates at a time.</summary>
    string MigrationLock { get; }

    string CreateMigrationsTable { get; }

    bool IsUniqueViolation(Exception exception);

    /// <summary>The database is out of reach for now (no connection, pool exhausted, timeout): worth a retry
    /// later.</summary>
    bool IsUnavailable(Exception exception) => Chain(exception).Any(e =>
        e is TimeoutException or System.Net.Sockets.SocketException or DbException { IsTransient: true });

    /// <summary>The exception and every inner one, since drivers wrap a timeout or a socket error.</summary>
    static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
            yield return e;
    }

    /// <summary>"column is one of the list @param": Dapper expands a list into IN (...), but hands Npgsql a native
    /// array.</summary>
    string AnyOf(string column, string parameter) => $"{column} IN @{parameter}";

    /// <summary>A list of ids is bound as text items: SQLite stores ids as text, and SQL Server would get sql_variant
    /// items and convert the column side, losing its index seeks. PostgreSQL takes a native uuid array.</summary>
    bool GuidListsAsText => false;

    /// <summary>
    /// A lock the process takes before it begins a write transaction on this database, or null when the database
    /// schedules writers itself. SQLite has one writer per file, and a writer that finds the file locked waits inside
    /// Microsoft.Data.Sqlite by sleeping and retrying; queueing writers here lets each start as soon as the last
    /// commits.
    /// </summary>
    SemaphoreSlim? WriterLock(string connectionString) => null;

    /// <summary>A savepoint as a statement, so that it can travel in a batch with the statements it guards.</summary>
    string Savepoint(string name) => $"SAVEPOINT {name}";

    /// <summary>Splits a migration file into batches the driver can execute.</summary>
    IEnumerable<string> Batches(string script) => [script];

    /// <summary>A script shared by every database (db/shared) in this dialect: plain '...' literals as written, since
    /// SQLite knows no N'...'.</summary>
    string SharedSql(string script) => script;

    /// <summary>
    /// Claiming rows for work (an outbox cursor, due deliveries): a SELECT locks what it reads until commit and skips
    /// rows another instance holds. SQL Server says so in a table hint after the table, PostgreSQL in a clause at the
    /// end; SQLite, with its one writer, needs neither.
    /// </summary>
    string SkipLockedHint => "";

    string SkipLockedClause => "";

    /// <summary>Run once per start before the migrations, outside any transaction (a database-wide setting).</summary>
    string? DatabaseSetup => null;

    /// <summary>
    /// How events get their positions. Null: a writer takes them from the 'head' row, whose lock it holds until it
    /// commits (SQLite has one writer anyway). Otherwise the provisional position a writer inserts instead (see
    /// db/postgres/0013) and the statement that numbers committed pending events (@take at most) after the head, run
    /// by whoever holds the head row (taken with Lock, which waits for it).
    /// </summary>
    PendingEventsSql? PendingEvents => null;

    /// <summary>
    /// A statement (returning one row) after which the transaction's prepared statements run on their one reused plan
    /// instead of being planned again for each call's values; null where the server has no such choice. For
    /// statements whose plan does not depend on the values (key and short-range lookups): PostgreSQL otherwise keeps
    /// planning a calendar read afresh each time, probing its indexes' ends, which cost a booking more than running it.
    /// </summary>
    string? ReusePlans => null;

    /// <summary>
    /// A query whose one value, read as text, differs between two reads whenever any transaction committed in between
    /// (it may differ more often): an answer computed from data read after it holds while it still reads the same.
    /// Null when this database offers none (nothing is cached on it).
    /// </summary>
    string? CommitTokenSql => null;

    /// <summary>A connection of its own, never writing, to read <see cref="CommitTokenSql"/> on (a connection's own
    /// commits do not change SQLite's data_version); null to read it on the request's connection.</summary>
    DbConnection? CommitTokenConnection(string connectionString) => null;

    public static ISqlDialect For(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => new SqliteDialect(),
        DatabaseProvider.Postgres => new PostgresDialect(),
        DatabaseProvider.SqlServer => new SqlServerDialect(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };
}

/// <summary>What a database that numbers events after commit runs instead (<see
/// cref="ISqlDialect.PendingEvents"/>).</summary>
/// <param name="Any">Whether any event waits to be numbered, read without a lock.</param>
public sealed record PendingEventsSql(string Position, string Lock, string Publish, string Any);

public sealed class SqliteDialect : ISqlDialect
{
    public string Name => "sqlite";

    public string DatabaseSetup => "PRAGMA journal_mode=WAL"; // readers do not block the writer

    public bool GuidListsAsText => true;

    // Changes when another connection, of this process or another, commits; the pragma reads it in a read transaction
    // of its own, so each call sees the latest commit.
    public string CommitTokenSql => "PRAGMA data_version";

    // Outside the pool, so that no request ever writes through it.
    public DbConnection CommitTokenConnection(string connectionString) =>
        CreateConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());

    public DbConnection CreateConnection(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString)
        {
            ForeignKeys = true,
            DefaultTimeout = 30,
        };
        return new SqliteConnection(builder.ToString());
    }

    // BEGIN IMMEDIATE takes the write lock up front: SQLite has one writer, and a deferred
    // transaction that reads and then writes can fail with SQLITE_BUSY instead of waiting.
    public async Task<DbTransaction> BeginAsync(DbConnection connection, CancellationToken ct) =>
        await ((SqliteConnection)connection).BeginTransactionAsync(IsolationLevel.Serializable, ct);

    public string Page => "LIMIT @take OFFSET @skip";
    public string MigrationLock => "SELECT 1";

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> Writers =
        new(StringComparer.Ordinal);

    // One lock per database file: other processes on the same file still meet the driver's busy wait, as before.
    public SemaphoreSlim WriterLock(string connectionString) =>
        Writers.GetOrAdd(new SqliteConnectionStringBuilder(connectionString).DataSource, _ => new SemaphoreSlim(1, 1));

    public string CreateMigrationsTable =>
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";

    public bool IsUniqueViolation(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 };

    // SQLITE_BUSY / SQLITE_LOCKED after the busy timeout, SQLITE_CANTOPEN: another writer or the disk, not the request.
    public bool IsUnavailable(Exception exception) => ISqlDialect.Chain(exception).Any(e =>
        e is TimeoutException || e is SqliteException { SqliteErrorCode: 5 or 6 or 14 });
}

public sealed class PostgresDialect : ISqlDialect
{
    public string Name => "postgres";

    public DbConnection CreateConnection(string connectionString) => new NpgsqlConnection(connectionString);

    /// <summary>
    /// Unless the connection string says otherwise: statements run twice on a connection are prepared (parsed and
    /// planned once per connection, not per call), and a connection going back to the pool is not reset with DISCARD
    /// ALL, which would drop those prepared statements. Safe because the API sets no session state: no SET, temp
    /// tables, LISTEN or session advisory locks (the migration lock is transaction-scoped).
    /// </summary>
    public static string Tune(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Mentions(connectionString, "Max Auto Prepare")) builder.MaxAutoPrepare = 200;
        if (!Mentions(connectionString, "Auto Prepare Min Usages")) builder.AutoPrepareMinUsages = 2;
        if (!Mentions(connectionString, "No Reset On Close")) builder.NoResetOnClose = true;
        return builder.ConnectionString;

        static bool Mentions(string connectionString, string key) =>
            connectionString.Replace(" ", "", StringComparison.Ordinal)
                .Contains(key.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
    }

    public async Task<DbTransaction> BeginAsync(DbConnection connection, CancellationToken ct) =>
        await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);

    // Local to the transaction (or to a batch's implicit one): nothing stays set on the pooled connection.
    public string ReusePlans => "SELECT set_config('plan_cache_mode', 'force_generic_plan', true)";

    public string Page => "LIMIT @take OFFSET @skip";
    public string MigrationLock => "SELECT pg_advisory_xact_lock(7270001)";

    public string CreateMigrationsTable =>
        "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)";

    public bool IsUniqueViolation(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    // Npgsql marks connection failures, pool exhaustion, timeouts and 53300 too_many_connections / 57P03 as transient.
    public bool IsUnavailable(Exception exception) => ISqlDialect.Chain(exception).Any(e =>
        e is TimeoutException or System.Net.Sockets.SocketException or NpgsqlException { IsTransient: true }
        || e is PostgresException { SqlState: ['5', '3', ..] or ['0', '8', ..] or "57P01" or "57P02" or "57P03" });

    public string AnyOf(string column, string parameter) => $"{column} = ANY(@{parameter})";

    // Which transactions have completed, server-wide: xmax moves past or xip loses every one that commits or aborts.
    // Reading it assigns no transaction id, so reads alone never change it.
    public string CommitTokenSql => "SELECT CAST(pg_current_snapshot() AS text)";

    public string SkipLockedClause => "FOR UPDATE SKIP LOCKED";

    // Pending events have negative positions, -1 drawn first; a pending event visible here has committed.
    public PendingEventsSql? PendingEvents => new("-nextval('outbox_pending')",
        "SELECT position FROM outbox_cursors WHERE name = 'head' FOR UPDATE", """
        -- PostgreSQL only (a data-modifying WITH, RETURNING): not one of the statements checked as T-SQL
        WITH ready AS (
            SELECT position, row_number() OVER (ORDER BY position DESC) AS n FROM outbox
            WHERE position < 0 ORDER BY position DESC LIMIT @take),
        numbered AS (
            UPDATE outbox o SET position = h.position + r.n
            FROM ready r, outbox_cursors h WHERE h.name = 'head' AND o.position = r.position
            RETURNING o.position)
        UPDATE outbox_cursors SET position = (SELECT MAX(position) FROM numbered)
        WHERE name = 'head' AND EXISTS (SELECT 1 FROM numbered)
        RETURNING (SELECT COUNT(*) FROM numbered)
        """, """
        -- PostgreSQL only (a bare EXISTS): not one of the statements checked as T-SQL
        SELECT EXISTS (SELECT 1 FROM outbox WHERE position < 0)
        """);
}

public sealed class SqlServerDialect : ISqlDialect
{
    public string Name => "sqlserver";
    public DbConnection CreateConnection(string connectionString) => new SqlConnection(connectionString);

    public async Task<DbTransaction> BeginAsync(DbConnection connection, CancellationToken ct) =>
        await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);

    public string Page => "OFFSET @skip ROWS FETCH NEXT @take ROWS ONLY";

    // sp_getapplock reports a timeout or deadlock as a return code, not an error: without the THROW the migrations
    // would run unlocked.
    public string MigrationLock => """
        DECLARE @granted int;
        EXEC @granted = sp_getapplock @Resource = N'salon-migrations', @LockMode = N'Exclusive', @LockOwner = N'Transaction', @LockTimeout = 60000;
        IF @granted < 0 THROW 51000, N'The migration lock was not granted.', 1;
        """;

    public string CreateMigrationsTable =>
        "IF OBJECT_ID(N'dbo.schema_migrations', N'U') IS NULL CREATE TABLE dbo.schema_migrations (version int NOT NULL PRIMARY KEY, name nvarchar(200) NOT NULL, applied_at datetimeoffset NOT NULL)";

    public bool IsUniqueViolation(Exception exception) =>
        exception is SqlException { Number: 2601 or 2627 };

    public string SkipLockedHint => "WITH (UPDLOCK, READPAST, ROWLOCK)";

    public bool GuidListsAsText => true;

    public string Savepoint(string name) => $"SAVE TRANSACTION {name}";

    // -2 timeout, 53/-1/10054/10060 network, 4060/40613 database not available; a pool timeout is an
    // InvalidOperationException.
    public bool IsUnavailable(Exception exception) => ISqlDialect.Chain(exception).Any(e =>
        e is TimeoutException or System.Net.Sockets.SocketException
        || e is SqlException { Number: -2 or -1 or 53 or 10054 or 10060 or 4060 or 40613 or 40197 or 40501 }
        || e is InvalidOperationException && e.Message.Contains("pool", StringComparison.OrdinalIgnoreCase));

    // nvarchar columns: a literal without N is read in the database's code page first, and Cyrillic would not survive.
    public string SharedSql(string script) =>
        System.Text.RegularExpressions.Regex.Replace(script, "'(?:[^']|'')*'", literal => "N" + literal.Value);

    public IEnumerable<string> Batches(string script) =>
        System.Text.RegularExpressions.Regex.Split(script, @"^\s*GO\s*;?\s*$",
                System.Text.RegularExpressions.RegexOptions.Multiline | System.Text.RegularExpressions.RegexOptions.IgnoreCase)
            .Where(batch => !string.IsNullOrWhiteSpace(batch));
}
