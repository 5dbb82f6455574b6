using Microsoft.Data.Sqlite;

namespace Salon.Api.Infrastructure.Data;

public static class SqliteBackup
{
    /// <summary>Copies the live database page by page into a new file that needs no -wal beside it; returns the source
    /// path.</summary>
    public static async Task<string> CopyAsync(string connectionString, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
        await using var source = new SqliteConnection(connectionString);
        await source.OpenAsync();
        await using var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target,
            Pooling = false }.ToString());
        await destination.OpenAsync();
        source.BackupDatabase(destination);
        // The copy is a plain single file: no write-ahead log to carry along.
        await using (var command = destination.CreateCommand())
        {
            command.CommandText = "PRAGMA journal_mode=DELETE";
            await command.ExecuteNonQueryAsync();
        }
        return source.DataSource;
    }
}
