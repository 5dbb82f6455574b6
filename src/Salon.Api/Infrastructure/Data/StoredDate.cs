using System.Globalization;

namespace Salon.Api.Infrastructure.Data;

/// <summary>
/// Salon-local dates are stored as fixed-width yyyy-MM-dd text on every database (char(10), nchar(10) on SQL Server,
/// text on SQLite), so text order is date order. The one place that writes and reads that form.
/// </summary>
public static class StoredDate
{
    public const string Format = "yyyy-MM-dd";

    public static string Text(DateOnly date) => date.ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>Reads the stored form; trims the padding a fixed-width column may hand back.</summary>
    public static DateOnly Parse(string stored) => DateOnly.ParseExact(stored.Trim(), Format,
        CultureInfo.InvariantCulture);

    public static DateOnly? ParseOrNull(string? stored) => stored is null ? null : Parse(stored);
}
