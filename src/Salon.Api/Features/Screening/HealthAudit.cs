using Mediator;
using Salon.Api.Infrastructure.Behaviors;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;

namespace Salon.Api.Features.Screening;

public sealed record HealthAuditEntry
{
    public Guid Id { get; init; }
    public DateTimeOffset At { get; init; }
    public Guid? ActorId { get; init; }
    public string ActorRole { get; init; } = "";
    public Guid ClientId { get; init; }
    public string What { get; init; } = "";
    public Guid? RecordId { get; init; }
}

/// <summary>Who read which client's health data and when, newest first; for the admin.</summary>
public sealed record ListHealthAudit(Guid? ClientId, int Page = 1,
    int PageSize = 50) : IQuery<Page<HealthAuditEntry>>, IValidate, IClientScoped
{
    Guid? IClientScoped.ScopedClientId => ClientId;

    public void Validate(ValidationErrors errors) => Paging.Validate(errors, Page, PageSize);

    internal sealed class Handler(DbSession db) : IQueryHandler<ListHealthAudit, Page<HealthAuditEntry>>
    {
        public async ValueTask<Page<HealthAuditEntry>> Handle(ListHealthAudit query, CancellationToken ct)
        {
            var where = query.ClientId is null ? "" : "WHERE client_id = @clientId";
            var args = new { query.ClientId, skip = Paging.Skip(query.Page, query.PageSize), take = query.PageSize };
            var total = await db.ScalarAsync<long>($"SELECT COUNT(*) FROM health_audit {where}", args, ct);
            var items = await db.QueryAsync<HealthAuditEntry>(
                $"SELECT id, at, actor_id, actor_role, client_id, what, record_id FROM health_audit {where} ORDER BY at DESC, id DESC {db.Dialect.Page}", args, ct);
            return new Page<HealthAuditEntry>(items, query.Page, query.PageSize, total);
        }
    }
}
