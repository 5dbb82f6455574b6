
namespace Salon.Api.Infrastructure.Http;

/// <summary>One page of a list; total lets a client draw its pager.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, long Total);

public static class Paging
{
    public const int MaxPageSize = 100;

    public static void Validate(ValidationErrors errors, int page, int pageSize)
    {
        errors.Range("page", page, 1, 100_000);
        errors.Range("pageSize", pageSize, 1, MaxPageSize);
    }

    public static int Skip(int page, int pageSize) => (page - 1) * pageSize;
}

/// <summary>
/// page and pageSize of a short list read whole (a client's receipts, the devices, the questionnaire): the same query
/// parameters, the same checks and the same page shape as the long lists that page in SQL.
/// </summary>
public readonly record struct PageQuery(int Page, int PageSize)
{
    public const int DefaultPageSize = 20;

    /// <summary>Checks the numbers before anything is read: out of range is the same 400 as on every list.</summary>
    public static PageQuery Read(int? page, int? pageSize)
    {
        var query = new PageQuery(page ?? 1, pageSize ?? DefaultPageSize);
        var errors = new ValidationErrors();
        Paging.Validate(errors, query.Page, query.PageSize);
        if (errors.Any) throw new RequestValidationException(errors.ToDictionary());
        return query;
    }

    public Page<T> Of<T>(IReadOnlyList<T> all) =>
        new(all.Skip(Paging.Skip(Page, PageSize)).Take(PageSize).ToList(), Page, PageSize, all.Count);
}
