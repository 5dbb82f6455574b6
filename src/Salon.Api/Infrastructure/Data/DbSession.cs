using System.Data.Common;
using Dapper;
using Salon.Api.Infrastructure.Events;

namespace Salon.Api.Infrastructure.Data;

/// <summary>
/// The request's one connection and, for commands, its one transaction (opened by the pipeline).
/// Handlers run SQL through it and never open connections of their own.
/// </summary>
public sealed class DbSession(ISqlDialect dialect, ConnectionSettings settings, OutboxSignal? signal = null) : IAsyncDisposable
{
    private DbConnection? _connection;
    private List<OutboxEvent>? _events;

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
        if (Transaction is not null)
            throw new InvalidOperationException("A transaction is already open in this request.");
        Transaction = await dialect.BeginAsync(await ConnectionAsync(ct), ct);
    }

    /// <summary>Records an event of this transaction: written to the outbox just before it commits, dropped if it rolls back.</summary>
    public void Raise(OutboxEvent e)
    {
        if (Transaction is null) throw new InvalidOperationException("Events are raised inside a command's transaction.");
        (_events ??= []).Add(e);
    }

    public async Task CommitAsync(CancellationToken ct)
    {
        if (Transaction is null) return;
        var events = _events;
        _events = null;
        if (events is { Count: > 0 })
            await Outbox.WriteAsync(this, events, ct);
        await Transaction.CommitAsync(ct);
        await Transaction.DisposeAsync();
        Transaction = null;
        if (events is { Count: > 0 }) signal?.Notify();
    }

    public async Task RollbackAsync()
    {
        _events = null;
        if (Transaction is null) return;
        try { await Transaction.RollbackAsync(CancellationToken.None); }
        finally
        {
            await Transaction.DisposeAsync();
            Transaction = null;
        }
    }

    /// <summary>Marks a point to return to when one attempt inside the command fails on a constraint (PostgreSQL aborts the whole transaction otherwise).</summary>
    public Task SavepointAsync(string name, CancellationToken ct) =>
        (Transaction ?? throw new InvalidOperationException("No transaction is open.")).SaveAsync(name, ct);

    public Task RollbackToAsync(string name, CancellationToken ct) =>
        (Transaction ?? throw new InvalidOperationException("No transaction is open.")).RollbackAsync(name, ct);

    private CommandDefinition Command(string sql, object? param, CancellationToken ct) =>
        new(sql, SqlParameters.From(param, dialect is SqliteDialect or SqlServerDialect), Transaction, cancellationToken: ct);

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? param = null, CancellationToken ct = default) =>
        (await (await ConnectionAsync(ct)).QueryAsync<T>(Command(sql, param, ct))).AsList();

    public async Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? param = null, CancellationToken ct = default) =>
        await (await ConnectionAsync(ct)).QuerySingleOrDefaultAsync<T>(Command(sql, param, ct));

    public async Task<T?> ScalarAsync<T>(string sql, object? param = null, CancellationToken ct = default) =>
        await (await ConnectionAsync(ct)).ExecuteScalarAsync<T>(Command(sql, param, ct));

    public async Task<int> ExecuteAsync(string sql, object? param = null, CancellationToken ct = default) =>
        await (await ConnectionAsync(ct)).ExecuteAsync(Command(sql, param, ct));

    public async ValueTask DisposeAsync()
    {
        await RollbackAsync();
        if (_connection is not null)
            await _connection.DisposeAsync();
    }
}

/// <summary>The resolved connection string, so that the SQLite default path is computed once.</summary>
public sealed record ConnectionSettings(string ConnectionString);
