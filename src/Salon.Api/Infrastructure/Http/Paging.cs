using Salon.Api.Infrastructure.Behaviors;

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
