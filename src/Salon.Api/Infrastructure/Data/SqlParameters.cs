using System.Collections.Concurrent;
using System.Reflection;
using Dapper;

namespace Salon.Api.Infrastructure.Data;

/// <summary>
/// SQLite binds parameter names case-sensitively, so `new { command.DeviceId }` would not bind `@deviceId`.
/// Every parameter object is renamed to camelCase here, once, so SQL is written the same way for all three databases.
/// </summary>
public static class SqlParameters
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new();

    /// <summary>The parameters as <paramref name="dialect"/> binds them (guid lists, enums).</summary>
    public static DynamicParameters From(object? values, ISqlDialect dialect) =>
        From(values, dialect.GuidListsAsText);

    public static DynamicParameters From(object? values, bool guidsAsText = false)
    {
        if (values is DynamicParameters ready) return ready;
        var parameters = new DynamicParameters();
        if (values is null) return parameters;
        foreach (var property in Properties.GetOrAdd(values.GetType(), t
            => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)))
        {
            var value = property.GetValue(values);
            // Dapper expands a list into one parameter per item without the type handlers: the dialect says whether
            // ids go as text (ISqlDialect.GuidListsAsText).
            if (guidsAsText && value is IEnumerable<Guid> ids)
                value = ids.Select(id => id.ToString("D")).ToList();
            else if (value is Enum stored)
                value = Enums.Stored(stored);
            parameters.Add(char.ToLowerInvariant(property.Name[0]) + property.Name[1..], value);
        }
        return parameters;
    }
}
