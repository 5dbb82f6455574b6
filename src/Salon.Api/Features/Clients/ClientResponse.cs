using System.Globalization;
using Salon.Api.Infrastructure.Http;
using Salon.Api.Infrastructure.Data;
using Salon.Domain;

namespace Salon.Api.Features.Clients;

public enum ConsentKind
{
    PersonalData,
    HealthData,
    Guardian,
}

public enum ConsentChannel
{
    InPerson,
    Paper,
    Web,
    Mobile,
    Phone,
    /// <summary>Confirmed by the client in the app (health consent in the app must be electronic).</summary>
    Electronic,
}

/// <param name="TextVersion">The consent text it was given under (health consent).</param>
/// <param name="GuardianName">For a guardian's consent: who signed, how related, and the identity document
/// seen.</param>
public sealed record ConsentResponse(Guid Id, ConsentKind Kind, ConsentChannel Channel, DateTimeOffset GivenAt,
    DateTimeOffset? WithdrawnAt,
    string? TextVersion = null, string? Purpose = null, string? GuardianName = null, string? GuardianRelation = null,
        string? GuardianDocument = null);

public sealed record ClientResponse(
    Guid Id,
    string FirstName,
    string LastName,
    string? MiddleName,
    string Phone,
    string? Email,
    DateOnly? BirthDate,
    string? Notes,
    IReadOnlyList<ConsentResponse> Consents,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>The editable part of a client, shared by registration and update so both check it the same way.</summary>
public interface IClientDetails
{
    string FirstName { get; }
    string LastName { get; }
    string? MiddleName { get; }
    string Phone { get; }
    string? Email { get; }
    DateOnly? BirthDate { get; }
    string? Notes { get; }
}

internal static class ClientDetails
{
    public static void Validate(IClientDetails c, ValidationErrors errors)
    {
        errors.Required("firstName", c.FirstName, 100).Required("lastName", c.LastName, 100)
            .Optional("middleName", c.MiddleName, 100).Optional("notes", c.Notes, 2000).Optional("email", c.Email, 254);
        if (!PhoneNumber.TryNormalize(c.Phone, out _))
            errors.Add("phone", "must be a phone number, e.g. +7 916 123-45-67");
        if (c.Email is { Length: > 0 } email && (email.IndexOf('@') is < 1 || email.Contains(' ')
            || email.EndsWith('@')))
            errors.Add("email", "must be an e-mail address");
        if (c.BirthDate is { } birth && (birth.Year < 1900 || birth > DateOnly.FromDateTime(DateTime.UtcNow)))
            errors.Add("birthDate", "must be a real date of birth");
    }

    /// <summary>The row values for an insert or update; the search key is lowercased here because SQLite's LOWER is
    /// ASCII-only.</summary>
    public static object Row(IClientDetails c, Guid id, DateTimeOffset now)
    {
        PhoneNumber.TryNormalize(c.Phone, out var phone);
        return new
        {
            id,
            firstName = c.FirstName.Trim(),
            lastName = c.LastName.Trim(),
            middleName = Blank(c.MiddleName),
            phone,
            email = Blank(c.Email),
            birthDate = c.BirthDate is { } birth ? StoredDate.Text(birth) : null,
            notes = Blank(c.Notes),
            searchName = SearchKey($"{c.LastName} {c.FirstName} {c.MiddleName}"),
            now,
        };
    }

    public static string SearchKey(string text) =>
        string.Join(' ', text.ToLowerInvariant().Replace('ё', 'е').Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    public static readonly Refusal PhoneTaken = new(RefusalKind.Conflict, "phone-taken",
        "Another client has this phone number");
}

/// <summary>Reads one client with its consents; shared by the query and by commands that answer with the
/// client.</summary>
internal static class ClientReader
{
    private const string SelectClient = """
        SELECT id, first_name, last_name, middle_name, phone, email, birth_date, notes, version, created_at, updated_at
        FROM clients WHERE id = @id
        """;

    private const string SelectConsents = """
        SELECT id, kind, channel, given_at, withdrawn_at, text_version, purpose, guardian_name, guardian_relation,
            guardian_document
        FROM client_consents WHERE client_id = @id ORDER BY given_at, id
        """;

    public static async Task<ClientResponse?> ReadAsync(DbSession db, Guid id, CancellationToken ct)
    {
        var row = await db.QuerySingleOrDefaultAsync<ClientRow>(SelectClient, new { id }, ct);
        if (row is null) return null;
        var consents = await db.QueryAsync<ConsentRow>(SelectConsents, new { id }, ct);
        return new ClientResponse(row.Id, row.FirstName, row.LastName, row.MiddleName, row.Phone, row.Email,
            StoredDate.ParseOrNull(row.BirthDate),
            row.Notes,
            consents.Select(c => new ConsentResponse(c.Id, Enums.Parse<ConsentKind>(c.Kind),
                Enums.Parse<ConsentChannel>(c.Channel), c.GivenAt, c.WithdrawnAt,
                c.TextVersion, c.Purpose, c.GuardianName, c.GuardianRelation, c.GuardianDocument)).ToList(),
            row.Version, row.CreatedAt, row.UpdatedAt);
    }

    private sealed record ClientRow
    {
        public Guid Id { get; init; }
        public string FirstName { get; init; } = "";
        public string LastName { get; init; } = "";
        public string? MiddleName { get; init; }
        public string Phone { get; init; } = "";
        public string? Email { get; init; }
        public string? BirthDate { get; init; }
        public string? Notes { get; init; }
        public long Version { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }
    }

    private sealed record ConsentRow
    {
        public Guid Id { get; init; }
        public string Kind { get; init; } = "";
        public string Channel { get; init; } = "";
        public DateTimeOffset GivenAt { get; init; }
        public DateTimeOffset? WithdrawnAt { get; init; }
        public string? TextVersion { get; init; }
        public string? Purpose { get; init; }
        public string? GuardianName { get; init; }
        public string? GuardianRelation { get; init; }
        public string? GuardianDocument { get; init; }
    }
}
