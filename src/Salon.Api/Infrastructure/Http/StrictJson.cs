using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Salon.Api.Infrastructure.Http;

/// <summary>A time without an offset is refused: "12:00" means nothing until it says whose noon it is.</summary>
public sealed class InstantConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        if (!StrictQuery.IsInstant(text))
            throw new JsonException("must be an ISO 8601 time with an offset, e.g. 2026-12-03T12:00:00+03:00 or 2026-12-03T09:00:00Z");
        return DateTimeOffset.Parse(text!, CultureInfo.InvariantCulture);
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
        => writer.WriteStringValue(value);
}

/// <summary>Dates are salon-local yyyy-MM-dd and nothing else (01.12.2026 is ambiguous).</summary>
public sealed class DateConverter : JsonConverter<DateOnly>
{
    public override DateOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        if (!StrictQuery.IsDate(text))
            throw new JsonException("must be a date written yyyy-MM-dd");
        return DateOnly.ParseExact(text!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    public override void Write(Utf8JsonWriter writer, DateOnly value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
}
