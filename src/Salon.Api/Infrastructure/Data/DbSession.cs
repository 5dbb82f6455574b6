using System.Data.Common;
using System.Text;
using Dapper;
using Salon.Api.Infrastructure.Events;

namespace Salon.Api.Infrastructure.Data;

/// <summary>
/// The request's one connection and, for commands, its one transaction (opened by the pipeline).
/// Handlers run SQL through it and never open connections of their own.
/// </summary>
public sealed class DbSession(ISqlDialect dialect, ConnectionSettings settings,
    OutboxSignal? signal = null) : IAsyncDisposable
{
    private DbConnection? _connection;
    private List<OutboxEvent>? _events;
    private SemaphoreSlim? _writers;

    public ISqlDialect Dialect => dialect;
    public DbTransaction? Transaction { get; private set; }

    public async Task<DbConnection> ConnectionAsync(CancellationToken ct = default)
    {
        if (_connection is null)
        {
            _connection = dialect.CreateConnection(settings.ConnectionString);
            await _connection.OpenAsync(ct);
        }
        return _connection;
    }

    public async Task BeginAsync(CancellationToken ct)
    {
        if (Transaction is not null || _beginPending)
            throw new InvalidOperationException("A transaction is already open in this request.");
        RoundTrips.CountTransaction(settings.ConnectionString);
        // With a writer lock (SQLite) the lock and the transaction wait for the command's first statement, so that
        // reads which need neither (ReadBeforeWritesAsync) do not hold other writers up.
        if (dialect.WriterLock(settings.ConnectionString) is not null)
        {
            _beginPending = true;
            return;
        }
        await StartAsync(ct);
    }

    private bool _beginPending;

    /// <summary>Whether the transaction has yet to start (SQLite, before the command's first statement).</summary>
    public bool BeginPending => _beginPending;

    private bool InTransaction => Transaction is not null || _beginPending;

    private async Task StartAsync(CancellationToken ct)
    {
        _beginPending = false;
        var connection = await ConnectionAsync(ct);
        if (dialect.WriterLock(settings.ConnectionString) is { } writers)
        {
            await writers.WaitAsync(ct);
            _writers = writers;
        }
        try { Transaction = await dialect.BeginAsync(connection, ct); }
        catch
        {
            ReleaseWriters();
            throw;
        }
    }

    private Task EnsureStartedAsync(CancellationToken ct) => _beginPending ? StartAsync(ct) : Task.CompletedTask;

    private void ReleaseWriters()
    {
        _writers?.Release();
        _writers = null;
    }

    /// <summary>Records an event of this transaction: written to the outbox just before it commits, dropped if it rolls
    /// back.</summary>
    public void Raise(OutboxEvent e)
    {
        if (!InTransaction) throw new InvalidOperationException("Events are raised inside a command's transaction.");
        (_events ??= []).Add(e);
    }

    public async Task CommitAsync(CancellationToken ct)
    {
        if (_beginPending && _events is null && _deferred is null)
        {
            _beginPending = false; // nothing was written: nothing to commit
            return;
        }
        await EnsureStartedAsync(ct);
        if (Transaction is null) return;
        var events = _events;
        _events = null;
        if (events is { Count: > 0 })
            Outbox.Write(this, events);
        if (_deferred is not null)
            await ExecuteAsync("", null, ct); // what waited goes in one round trip before the commit
        RoundTrips.Count(settings.ConnectionString);
        await Transaction.CommitAsync(ct);
        await Transaction.DisposeAsync();
        Transaction = null;
        ReleaseWriters();
        if (events is { Count: > 0 })
        {
            if (dialect.PendingEvents is null) signal?.Notify();
            else signal?.NotifyWritten(); // readable once the publisher has numbered them
        }
    }

    public async Task RollbackAsync()
    {
        _beginPending = false;
        _events = null;
        (_deferred, _deferredArgs) = (null, null);
        if (Transaction is null) return;
        RoundTrips.Count(settings.ConnectionString);
        try { await Transaction.RollbackAsync(CancellationToken.None); }
        finally
        {
            await Transaction.DisposeAsync();
            Transaction = null;
            ReleaseWriters();
        }
    }

    /// <summary>Marks a point to return to when one attempt inside the command fails on a constraint (PostgreSQL aborts
    /// the whole transaction otherwise).</summary>
    public async Task SavepointAsync(string name, CancellationToken ct)
    {
        await EnsureStartedAsync(ct);
        RoundTrips.Count(settings.ConnectionString);
        await (Transaction ?? throw new InvalidOperationException("No transaction is open.")).SaveAsync(name, ct);
    }

    public async Task RollbackToAsync(string name, CancellationToken ct)
    {
        await EnsureStartedAsync(ct);
        RoundTrips.Count(settings.ConnectionString);
        await (Transaction ?? throw new InvalidOperationException("No transaction is open.")).RollbackAsync(name, ct);
    }

    /// <summary>
    /// Writes that may wait for the next statement: they travel with it in one command (one round trip), or at the
    /// latest with the commit. Their parameter names must not clash with the statements they travel with.
    /// </summary>
    public void Defer(string sql, object? param = null)
    {
        if (!InTransaction) throw new InvalidOperationException("Deferred writes belong to a transaction.");
        _deferred ??= new StringBuilder();
        _deferredArgs ??= new DynamicParameters();
        _deferred.Append(sql).Append(";\n");
        _deferredArgs.AddDynamicParams(Parameters(param));
    }

    private StringBuilder? _deferred;
    private DynamicParameters? _deferredArgs;

    private DynamicParameters Parameters(object? param) => SqlParameters.From(param, dialect);

    private CommandDefinition Command(string sql, object? param, CancellationToken ct)
    {
        RoundTrips.Count(settings.ConnectionString);
        if (_deferred is null)
            return new(sql, Parameters(param), Transaction, cancellationToken: ct);
        var args = _deferredArgs!;
        args.AddDynamicParams(Parameters(param));
        var text = _deferred.Append(sql).ToString();
        (_deferred, _deferredArgs) = (null, null);
        return new(text, args, Transaction, cancellationToken: ct);
    }

    private async Task<(DbConnection Connection, CommandDefinition Command)> PrepareAsync(string sql, object? param,
        CancellationToken ct)
    {
        await EnsureStartedAsync(ct);
        return (await ConnectionAsync(ct), Command(sql, param, ct));
    }

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? param = null,
        CancellationToken ct = default)
    {
        var (connection, command) = await PrepareAsync(sql, param, ct);
        return (await connection.QueryAsync<T>(command)).AsList();
    }

    public async Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? param = null,
        CancellationToken ct = default)
    {
        var (connection, command) = await PrepareAsync(sql, param, ct);
        return await connection.QuerySingleOrDefaultAsync<T>(command);
    }

    public async Task<T?> ScalarAsync<T>(string sql, object? param = null, CancellationToken ct = default)
    {
        var (connection, command) = await PrepareAsync(sql, param, ct);
        return await connection.ExecuteScalarAsync<T>(command);
    }

    public async Task<int> ExecuteAsync(string sql, object? param = null, CancellationToken ct = default)
    {
        var (connection, command) = await PrepareAsync(sql, param, ct);
        return await connection.ExecuteAsync(command);
    }

    /// <summary>
    /// Several statements (separated by semicolons) in one command: one round trip on PostgreSQL and SQL Server.
    /// Statements without rows produce no result set; read the others in order.
    /// </summary>
    public async Task<SqlMapper.GridReader> QueryMultipleAsync(string sql, object? param = null,
        CancellationToken ct = default)
    {
        var (connection, command) = await PrepareAsync(sql, param, ct);
        return await connection.QueryMultipleAsync(command);
    }

    /// <summary>
    /// <see cref="QueryMultipleAsync"/> on the plans the server made once for each statement (see
    /// <see cref="ISqlDialect.ReusePlans"/>): the switch goes first in the same command, and its row is read here.
    /// </summary>
    public async Task<SqlMapper.GridReader> QueryMultipleOnReusedPlansAsync(string sql, object? param,
        CancellationToken ct)
    {
        if (Dialect.ReusePlans is not { } reuse) return await QueryMultipleAsync(sql, param, ct);
        var text = OnReusedPlans.TryGetValue(sql, out var kept) ? kept : Prefixed(reuse, sql);
        var grid = await QueryMultipleAsync(text, param, ct);
        await grid.ReadSingleAsync<string>();
        return grid;
    }

    // Keyed by the statement text itself (the batches are static strings of several kilobytes), so each is prefixed
    // once, not on every call. One dialect (PostgreSQL) has the switch, so the prefix is always the same.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<string, string> OnReusedPlans = new();

    private static string Prefixed(string reuse, string sql) => OnReusedPlans.GetValue(sql, s => $"{reuse};\n{s}");

    /// <summary>
    /// Reads that a command may make before its transaction starts (<see cref="BeginPending"/>: SQLite), outside it
    /// and without the writer lock, each statement seeing what is committed; whatever they decide must hold without
    /// a lock (a claim's key guards it) or be read again inside. Otherwise the same as
    /// <see cref="QueryMultipleAsync"/>.
    /// </summary>
    public async Task<SqlMapper.GridReader> ReadBeforeWritesAsync(string sql, object? param, CancellationToken ct)
    {
        if (!_beginPending) return await QueryMultipleAsync(sql, param, ct);
        RoundTrips.Count(settings.ConnectionString);
        return await (await ConnectionAsync(ct)).QueryMultipleAsync(new CommandDefinition(sql, Parameters(param),
            null, cancellationToken: ct));
    }

    public async ValueTask DisposeAsync()
    {
        await RollbackAsync();
        if (_connection is not null)
            await _connection.DisposeAsync();
    }
}

/// <summary>
/// Commands sent to the server per database (its connection string), counted where a session sends them: each
/// statement or batch, savepoint, commit and rollback. A BEGIN travels with the first command on every driver here.
/// Tests read it around one request to hold the booking path to its budget.
/// </summary>
public static class RoundTrips
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Counters> Counts = new();

    private sealed class Counters
    {
        public long Trips;
        public long Transactions;
    }

    internal static void Count(string connectionString) =>
        Interlocked.Increment(ref Counts.GetOrAdd(connectionString, _ => new Counters()).Trips);

    internal static void CountTransaction(string connectionString) =>
        Interlocked.Increment(ref Counts.GetOrAdd(connectionString, _ => new Counters()).Transactions);

    public static long Of(string connectionString) =>
        Counts.TryGetValue(connectionString, out var c) ? Interlocked.Read(ref c.Trips) : 0;

    public static long TransactionsOf(string connectionString) =>
        Counts.TryGetValue(connectionString, out var c) ? Interlocked.Read(ref c.Transactions) : 0;
}

/// <summary>The resolved connection string, so that the SQLite default path is computed once.</summary>
public sealed record ConnectionSettings(string ConnectionString);
