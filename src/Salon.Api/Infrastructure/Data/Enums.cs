using System.Text.Json;

namespace Salon.Api.Infrastructure.Data;

/// <summary>Enums are stored as the same snake_case words the API uses, so a row reads like the JSON.</summary>
public static class Enums
{
    public static string Name<T>(T value) where T : struct, Enum
        => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static T Parse<T>(string stored) where T : struct, Enum =>
        Enum.Parse<T>(stored.Replace("_", ""), ignoreCase: true);
}
