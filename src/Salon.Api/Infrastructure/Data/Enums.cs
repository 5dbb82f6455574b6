using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Salon.Api.Infrastructure.Data;

/// <summary>
/// Enums are stored as the words the API uses, so a row reads like the JSON: the member's JsonStringEnumMemberName
/// when it has one, a name in capitals (SURF) as written, any other in snake_case. Parameters are converted here for
/// every query (<see cref="SqlParameters"/>): Dapper 2.1 binds an enum as its number and never asks a type handler
/// for one (DapperLib/Dapper#259), and reads a text column into an enum with Enum.Parse, which knows no snake_case;
/// so reads go through <see cref="Parse{T}"/>.
/// </summary>
public static class Enums
{
    private static readonly ConcurrentDictionary<Enum, string> Names = new();

    public static string Name<T>(T value) where T : struct, Enum => Stored(value);

    /// <summary>The stored word of any enum value.</summary>
    public static string Stored(Enum value) => Names.GetOrAdd(value, static v =>
    {
        var member = v.ToString();
        var field = v.GetType().GetField(member, BindingFlags.Public | BindingFlags.Static);
        return field?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
            ?? (member.All(c => !char.IsLower(c)) ? member : JsonNamingPolicy.SnakeCaseLower.ConvertName(member));
    });

    /// <summary>Reads any of the stored forms back: they differ from the member name in case and underscores
    /// only.</summary>
    public static T Parse<T>(string stored) where T : struct, Enum =>
        Enum.Parse<T>(stored.Replace("_", "", StringComparison.Ordinal), ignoreCase: true);
}
