using Salon.Domain;

namespace Salon.Api.Infrastructure.Data;

/// <summary>
/// An UPDATE guarded by the version the caller read (If-Match). No row changed means the row is gone (404) or has
/// moved on (412); a unique-key clash is the caller's own refusal.
/// </summary>
internal static class VersionedUpdate
{
    public static async Task<Refusal?> RunAsync(DbSession db, string sql, object row, long expectedVersion,
        string table, Guid id, string what,
        Refusal onUniqueClash, CancellationToken ct)
    {
        var parameters = SqlParameters.From(row);
        parameters.Add("expectedVersion", expectedVersion);
        int updated;
        try
        {
            updated = await db.ExecuteAsync(sql, parameters, ct);
        }
        catch (Exception ex) when (db.Dialect.IsUniqueViolation(ex))
        {
            return onUniqueClash;
        }
        if (updated > 0) return null;
        return await db.ScalarAsync<int>($"SELECT COUNT(*) FROM {table} WHERE id = @id", new { id }, ct) == 0
            ? Refusal.NotFound(what)
            : Refusal.StaleVersion();
    }
}
