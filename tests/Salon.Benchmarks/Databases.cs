using Npgsql;
using Salon.Api.Infrastructure.Data;

namespace Salon.Benchmarks;

/// <summary>A fresh database per benchmark case: a temp SQLite file, or a new PostgreSQL database on the
/// SALON_TEST_POSTGRES server.</summary>
public static class Databases
{
    public static async Task<(DatabaseProvider Provider, string ConnectionString,
        Action Cleanup)> CreateAsync(string provider)
    {
        if (provider == "sqlite")
        {
            var file = Path.Combine(Path.GetTempPath(), $"salon-bench-{Guid.NewGuid():N}.db");
            return (DatabaseProvider.Sqlite, $"Data Source={file}", ()
                => { Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools(); File.Delete(file); });
        }

        var server = Environment.GetEnvironmentVariable("SALON_TEST_POSTGRES")!;
        var name = "salon_bench_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE {name}", connection).ExecuteNonQueryAsync();
        }
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();
        return (DatabaseProvider.Postgres, connectionString, () =>
        {
            NpgsqlConnection.ClearAllPools();
            using var connection = new NpgsqlConnection(server);
            connection.Open();
            new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection).ExecuteNonQuery();
        });
    }
}
