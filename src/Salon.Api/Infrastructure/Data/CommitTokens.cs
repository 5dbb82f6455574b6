using System.Data.Common;
using System.Globalization;

namespace Salon.Api.Infrastructure.Data;

/// <summary>
/// Reads the database's commit token (<see cref="ISqlDialect.CommitTokenSql"/>): two equal tokens mean nothing
/// committed between the two reads, so an answer computed from data read after a token holds for any later request
/// that reads the same token. Where the token needs a connection of its own (SQLite), this holds the one connection
/// that reads it, never writes, and is used by one caller at a time.
/// </summary>
public sealed class CommitTokens(ISqlDialect dialect, ConnectionSettings settings) : IDisposable
{
    private readonly Lock _own = new();
    private DbConnection? _connection = dialect.CommitTokenConnection(settings.ConnectionString); // opened on first use
    private DbCommand? _read; // prepared once, on the open connection

    /// <summary>Whether this database has a token at all.</summary>
    public bool Available => dialect.CommitTokenSql is not null;

    /// <summary>The token now, or null when the database has none. Read it before the data it vouches for.</summary>
    public async ValueTask<string?> ReadAsync(DbSession db, CancellationToken ct)
    {
        if (dialect.CommitTokenSql is not { } sql) return null;
        if (_connection is null) return Text(await db.ScalarAsync<object>(sql, null, ct));
        lock (_own) // microseconds: the pragma reads a counter in a read transaction of its own
        {
            var connection = _connection!;
            try
            {
                if (_read is null)
                {
                    connection.Open();
                    _read = connection.CreateCommand();
                    _read.CommandText = sql;
                }
                return Text(_read.ExecuteScalar());
            }
            catch
            {
                // A new one next time: a connection that failed once is not trusted to count commits.
                _read?.Dispose();
                _read = null;
                connection.Dispose();
                _connection = dialect.CommitTokenConnection(settings.ConnectionString);
                throw;
            }
        }
    }

    private static string? Text(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture);

    public void Dispose()
    {
        lock (_own)
        {
            _read?.Dispose();
            _connection?.Dispose();
        }
    }
}
