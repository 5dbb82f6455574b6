using Mediator;
using Salon.Api.Infrastructure.Behaviors;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;

namespace Salon.Api.Features.Clients;

public sealed record ClientSummary
{
    public Guid Id { get; init; }
    public string FirstName { get; init; } = "";
    public string LastName { get; init; } = "";
    public string? MiddleName { get; init; }
    public string Phone { get; init; } = "";
}

/// <summary>Finds clients by any part of the phone number or of the name (case- and ё-insensitive), a page at a
/// time.</summary>
public sealed record SearchClients(string? Query, int Page = 1,
    int PageSize = 20) : IQuery<Page<ClientSummary>>, IValidate
{
    public void Validate(ValidationErrors errors)
    {
        errors.Optional("query", Query, 100);
        Paging.Validate(errors, Page, PageSize);
    }

    internal sealed class Handler(DbSession db) : IQueryHandler<SearchClients, Page<ClientSummary>>
    {
        public async ValueTask<Page<ClientSummary>> Handle(SearchClients query, CancellationToken ct)
        {
            var (where, pattern) = Filter(query.Query);
            var args = new { pattern, skip = Paging.Skip(query.Page, query.PageSize), take = query.PageSize };
            var total = await db.ScalarAsync<long>($"SELECT COUNT(*) FROM clients {where}", args, ct);
            var items = await db.QueryAsync<ClientSummary>($"""
                SELECT id, first_name, last_name, middle_name, phone FROM clients {where}
                ORDER BY search_name, id {db.Dialect.Page}
                """, args, ct);
            return new Page<ClientSummary>(items, query.Page, query.PageSize, total);
        }

        /// <summary>Digits-only input searches phones; anything else searches the lowercased name key. Values are
        /// always parameters.</summary>
        private static (string Where, string? Pattern) Filter(string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return ("", null);
            var trimmed = text.Trim();
            var digits = new string(trimmed.Where(char.IsAsciiDigit).ToArray());
            if (digits.Length >= 3 && trimmed.All(c => char.IsAsciiDigit(c) || c is '+' or ' ' or '-' or '(' or ')'))
            {
                // A local "8 916..." is stored as +7916...; search without the trunk prefix.
                if (digits.Length >= 4 && digits[0] == '8' && digits[1] == '9') digits = digits[1..];
                return ("WHERE phone LIKE @pattern", "%" + digits + "%");
            }
            // T-SQL's LIKE also treats [ as a wildcard: escaped, it means itself on all three databases.
            var key = ClientDetails.SearchKey(trimmed).Replace("\\", "\\\\").Replace("%", "\\%").Replace("_",
                "\\_").Replace("[", "\\[");
            return ("WHERE search_name LIKE @pattern ESCAPE '\\'", "%" + key + "%");
        }
    }
}
