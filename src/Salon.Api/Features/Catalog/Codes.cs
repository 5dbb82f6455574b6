using System.Text.Json.Serialization;
using Salon.Api.Infrastructure.Http;

namespace Salon.Api.Features.Catalog;

public enum ServiceKind
{
    Manual,
    Hardware,
}

/// <summary>The service kinds the screening rules are written for (DESIGN.md).</summary>
public enum ScreeningKind
{
    [JsonStringEnumMemberName("SURF")] Surf,
    [JsonStringEnumMemberName("DEEP")] Deep,
    [JsonStringEnumMemberName("HONEY")] Honey,
    [JsonStringEnumMemberName("PRESS")] Press,
    [JsonStringEnumMemberName("MICRO")] Micro,
    [JsonStringEnumMemberName("VAC")] Vac,
}

/// <summary>Skills and device types are short lowercase codes that services and resources are matched on.</summary>
public static class Codes
{
    public static ValidationErrors Code(this ValidationErrors errors, string field, string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 50 || !value.All(c => char.IsAsciiLetterLower(c)
            || char.IsAsciiDigit(c) || c is '_' or '-'))
            errors.Add(field, "must be a code of 1 to 50 lowercase letters, digits, '-' or '_'");
        return errors;
    }

    public static string Stored(ScreeningKind kind) => kind.ToString().ToUpperInvariant();
    public static ScreeningKind ParseScreeningKind(string stored) => Enum.Parse<ScreeningKind>(stored,
        ignoreCase: true);
}
