using Salon.Api.Features.Shared;
using Mediator;
using Salon.Api.Features.Packages;
using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Behaviors;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Billing;

public sealed record BalanceResponse(Guid ClientId, decimal Paid, decimal Refunded, decimal Net, decimal DueForVisits,
    decimal PrepaidSessionsValue);

/// <summary>A client's money, derived from the records: paid, refunded, what completed visits still owe, what packages
/// still hold.</summary>
public sealed record GetClientBalance(Guid ClientId) : IQuery<Result<BalanceResponse>>, IClientScoped
{
    Guid? IClientScoped.ScopedClientId => ClientId;
    string IClientScoped.ForeignClientTitle => "A client sees only their own balance";

    internal sealed class Handler(DbSession db) : IQueryHandler<GetClientBalance, Result<BalanceResponse>>
    {
        public async ValueTask<Result<BalanceResponse>> Handle(GetClientBalance query, CancellationToken ct)
        {
            if (await Parents.ClientAsync(db, query.ClientId, ct) is { } missing)
                return missing;
            var args = new { query.ClientId };
            var paid = await db.ScalarAsync<long?>("SELECT SUM(amount_kopecks) FROM payments WHERE client_id = @clientId AND kind = 'payment'", args, ct) ?? 0;
            var refunded = await db.ScalarAsync<long?>("SELECT SUM(amount_kopecks) FROM payments WHERE client_id = @clientId AND kind = 'refund'", args, ct) ?? 0;
            var due = await db.ScalarAsync<long?>("""
                SELECT SUM(b.price_kopecks - COALESCE(m.net, 0))
                FROM bookings b
                LEFT JOIN (SELECT booking_id, SUM(CASE WHEN kind = 'payment' THEN amount_kopecks ELSE -amount_kopecks END) AS net
                           FROM payments WHERE client_id = @clientId AND booking_id IS NOT NULL GROUP BY booking_id) m ON m.booking_id = b.id
                WHERE b.client_id = @clientId AND b.package_id IS NULL AND b.status IN ('checked_in', 'completed')
                """, args, ct) ?? 0;
            var prepaid = await PrepaidAsync(db, PrepaidOfClient, args, ct);
            return new BalanceResponse(query.ClientId, new Kopecks(paid).ToRubles(), new Kopecks(refunded).ToRubles(),
                new Kopecks(paid - refunded).ToRubles(),
                new Kopecks(due).ToRubles(), prepaid.ToRubles());
        }
    }

    internal const string PrepaidOfClient =
        "SELECT price_kopecks, session_count, sessions_used FROM packages WHERE status IN ('active', 'expired') AND client_id = @clientId";


    /// <summary>What active packages still hold: price less the value of sessions used; sessions not yet given are
    /// prepaid money.</summary>
    internal static async Task<Kopecks> PrepaidAsync(DbSession db, string sql, object args, CancellationToken ct)
    {
        var rows = await db.QueryAsync<PrepaidRow>(sql, args, ct);
        return new Kopecks(rows.Sum(r => r.PriceKopecks - PackageValuation.ValueOfFirst(new Kopecks(r.PriceKopecks),
            r.SessionCount, r.SessionsUsed).Value));
    }

    private sealed record PrepaidRow
    {
        public long PriceKopecks { get; init; }
        public int SessionCount { get; init; }
        public int SessionsUsed { get; init; }
    }
}
