using System.Text.RegularExpressions;
using Dapper;

namespace Salon.Api.Infrastructure.Data;

/// <summary>
/// Applies db/{provider}/NNNN_name.sql in order, each recorded in schema_migrations, all under one
/// database lock so that several API instances starting together migrate once.
/// </summary>
public sealed partial class Migrator(ISqlDialect dialect, ConnectionSettings settings, TimeProvider clock,
    ILogger<Migrator> logger)
{
    public static string ScriptsFolder(ISqlDialect dialect) => Path.Combine(AppContext.BaseDirectory, "db",
        dialect.Name);

    public static IReadOnlyList<(int Version, string Name, string Path)> Scripts(ISqlDialect dialect) =>
        Directory.EnumerateFiles(ScriptsFolder(dialect), "*.sql")
            .Select(path => (Match: FileName().Match(System.IO.Path.GetFileName(path)), Path: path))
            .Where(x => x.Match.Success)
            .Select(x => (int.Parse(x.Match.Groups[1].Value), x.Match.Groups[2].Value, x.Path))
            .OrderBy(x => x.Item1)
            .ToList();

    /// <summary>
    /// db/shared/NNNN_name.sql: rows every database gets alike (the screening seed), run right after the provider's
    /// file of the same number and name, in its transaction, so a database that already ran NNNN never runs it.
    /// </summary>
    public static string? SharedScript(int version, string name) =>
        Path.Combine(AppContext.BaseDirectory, "db", "shared", $"{version:D4}_{name}.sql") is var path
            && File.Exists(path) ? path : null;

    /// <summary>The batches a migration runs: the provider's file, then the shared one in this dialect's
    /// literals.</summary>
    public static async Task<IReadOnlyList<string>> BatchesAsync(ISqlDialect dialect, int version, string name,
        string path, CancellationToken ct = default)
    {
        var batches = dialect.Batches(await File.ReadAllTextAsync(path, ct)).ToList();
        if (SharedScript(version, name) is { } shared)
            batches.AddRange(dialect.Batches(dialect.SharedSql(await File.ReadAllTextAsync(shared, ct))));
        return batches;
    }

    public async Task<int> MigrateAsync(CancellationToken ct = default)
    {
        await using var connection = dialect.CreateConnection(settings.ConnectionString);
        await connection.OpenAsync(ct);
        if (dialect.DatabaseSetup is { } setup)
            await connection.ExecuteAsync(setup);
        await connection.ExecuteAsync(dialect.CreateMigrationsTable);

        await using var tx = await dialect.BeginAsync(connection, ct);
        // Another instance may hold the lock for as long as its migrations take: wait longer than a command's default
        // 30 s.
        await connection.ExecuteAsync(dialect.MigrationLock, transaction: tx, commandTimeout: 300);
        var applied = (await connection.QueryAsync<int>("SELECT version FROM schema_migrations",
            transaction: tx)).ToHashSet();

        var count = 0;
        foreach (var (version, name, path) in Scripts(dialect))
        {
            if (applied.Contains(version)) continue;
            logger.LogInformation("Applying migration {Version:D4} {Name} ({Provider})", version, name, dialect.Name);
            foreach (var batch in await BatchesAsync(dialect, version, name, path, ct))
                await connection.ExecuteAsync(new CommandDefinition(batch, transaction: tx, commandTimeout: 300,
                    cancellationToken: ct));
            await connection.ExecuteAsync(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @at)",
                new { version, name, at = clock.GetUtcNow() }, tx);
            count++;
        }

        await tx.CommitAsync(ct);
        return count;
    }

    [GeneratedRegex(@"^(\d{4})_([A-Za-z0-9_]+)\.sql$")]
    private static partial Regex FileName();
}
