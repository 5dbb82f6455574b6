namespace Salon.Api.Infrastructure.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
    SqlServer,
}

/// <summary>Bound from the "Database" configuration section.</summary>
public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>For SQLite, empty means a salon.db file in <see cref="DataFolder"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Where the SQLite file and generated secrets live; created if missing.</summary>
    public string DataFolder { get; set; } = "data";

    /// <summary>Apply pending migrations when the API starts.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    public string ResolveConnectionString()
    {
        if (!string.IsNullOrWhiteSpace(ConnectionString))
            return Provider == DatabaseProvider.Postgres ? PostgresDialect.Tune(ConnectionString) : ConnectionString;
        if (Provider != DatabaseProvider.Sqlite)
            throw new InvalidOperationException($"Database:ConnectionString is required for the {Provider} provider.");
        Directory.CreateDirectory(DataFolder);
        return $"Data Source={Path.Combine(DataFolder, "salon.db")}";
    }
}
