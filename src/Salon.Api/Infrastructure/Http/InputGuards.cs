using System.Text.Json;
using System.Text.Json.Serialization;
using Salon.Domain;

namespace Salon.Api.Infrastructure.Http;

/// <summary>
/// Text the databases cannot store or that has no business in a salon's records: NUL and the other C0/C1 controls
/// except tab, line feed and carriage return. PostgreSQL refuses NUL outright, so letting it through was a 500.
/// </summary>
public static class ControlCharacters
{
    public static bool Any(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r'))
                return true;
        return false;
    }

    /// <summary>Every JSON string of a request body passes here: one rule for all fields instead of one per
    /// validator.</summary>
    public sealed class JsonGuard : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.GetString();
            if (text is not null && Any(text))
                throw new JsonException("A text value contains a control character (such as NUL), which is not allowed.");
            return text;
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
            => writer.WriteStringValue(value);
    }

    /// <summary>The same rule for the path and query string, which no JSON reader sees.</summary>
    public static IApplicationBuilder UseControlCharacterGuard(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            var request = http.Request;
            string query;
            try
            {
                query = Uri.UnescapeDataString(request.QueryString.Value ?? "");
            }
            catch (UriFormatException)
            {
                query = "";
            }
            if (Any(request.Path.Value) || Any(query))
            {
                await Refusal.Invalid("request", "the path or query contains a control character (such as NUL)")
                    .ToProblem().ExecuteAsync(http);
                return;
            }
            await next(http);
        });
}

/// <summary>Dates far outside a salon's life (year 9999 overflows the day after) are refused as 400, not
/// computed.</summary>
public static class DateBounds
{
    public static readonly DateOnly Earliest = new(1900, 1, 1);
    public static readonly DateOnly Latest = new(2199, 12, 31);

    public static bool Within(DateOnly date) => date >= Earliest && date <= Latest;
}
