using Salon.Api.Infrastructure.Behaviors;
using Salon.Api.Features.Ledger;
using Mediator;
using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Billing;

/// <summary>Payments and refunds read back, so a desk that reloads the page can still refund a deposit.</summary>
public sealed record GetPayment(Guid Id) : IQuery<Result<PaymentResponse>>
{
    internal sealed class Handler(DbSession db, SalonOptions salon, CurrentUser user)
        : IQueryHandler<GetPayment, Result<PaymentResponse>>
    {
        public async ValueTask<Result<PaymentResponse>> Handle(GetPayment query, CancellationToken ct)
        {
            if (await db.ScalarAsync<int>("SELECT COUNT(*) FROM payments WHERE id = @id", new { query.Id }, ct) == 0)
                return Refusal.NotFound("Payment");
            var payment = await Money.ReadAsync(db, salon, query.Id, ct);
            var foreign = !user.MayActFor(payment.ClientId);
            return foreign ? Refusal.NotFound("Payment") : payment;
        }
    }
}

/// <summary>The payments and refunds of one visit or of one client, oldest first.</summary>
public sealed record ListPayments(Guid? BookingId,
    Guid? ClientId) : IQuery<Result<IReadOnlyList<PaymentResponse>>>, IClientScoped
{
    // with a booking named, its owner decides (a foreign one reads as not found)
    Guid? IClientScoped.ScopedClientId => BookingId is null ? ClientId : null;
    string IClientScoped.ForeignClientTitle => "A client sees only their own payments";

    internal sealed class Handler(DbSession db, SalonOptions salon, CurrentUser user)
        : IQueryHandler<ListPayments, Result<IReadOnlyList<PaymentResponse>>>
    {
        public async ValueTask<Result<IReadOnlyList<PaymentResponse>>> Handle(ListPayments query, CancellationToken ct)
        {
            var owner = query.ClientId
                ?? await db.ScalarAsync<Guid?>("SELECT client_id FROM bookings WHERE id = @bookingId",
                    new { query.BookingId }, ct);
            if (owner is null || !user.MayActFor(owner.Value))
                return query.BookingId is null
                    ? new Refusal(RefusalKind.Forbidden, "forbidden", "A client sees only their own payments")
                    : Refusal.NotFound("Booking");
            var ids = await db.QueryAsync<Guid>(query.BookingId is null
                ? "SELECT id FROM payments WHERE client_id = @clientId ORDER BY at, id"
                : "SELECT id FROM payments WHERE booking_id = @bookingId ORDER BY at, id",
                new { query.BookingId, query.ClientId }, ct);
            var list = new List<PaymentResponse>();
            foreach (var id in ids) list.Add(await Money.ReadAsync(db, salon, id, ct));
            return list;
        }
    }
}

/// <summary>
/// Where every kopeck of a course's advance is: offset by sessions given, burnt, refunded, retained, or outstanding.
/// </summary>
public sealed record PackageLedger(Guid PackageId, decimal Price, decimal Redeemed, decimal Burned, decimal Refunded,
    decimal Retained, decimal Outstanding);

public sealed record GetPackageLedger(Guid PackageId) : IQuery<Result<PackageLedger>>
{
    internal sealed class Handler(DbSession db, CurrentUser user)
        : IQueryHandler<GetPackageLedger, Result<PackageLedger>>
    {
        public async ValueTask<Result<PackageLedger>> Handle(GetPackageLedger query, CancellationToken ct)
        {
            var row = await db.QuerySingleOrDefaultAsync<LedgerRow>("""
                SELECT k.client_id, k.price_kopecks,
                    (SELECT SUM(value_kopecks) FROM package_redemptions r
                     WHERE r.package_id = k.id AND r.kind = 'redeemed') AS redeemed,
                    (SELECT SUM(value_kopecks) FROM package_redemptions r
                     WHERE r.package_id = k.id AND r.kind = 'burned') AS burned,
                    (SELECT SUM(amount_kopecks) FROM payments p
                     WHERE p.package_id = k.id AND p.purpose = 'package_refund') AS refunded,
                    (SELECT SUM(total_kopecks) FROM receipts c
                     WHERE c.package_id = k.id AND c.event = 'package_retained') AS retained
                FROM packages k WHERE k.id = @packageId
                """, new { query.PackageId }, ct);
            if (row is null || !user.MayActFor(row.ClientId))
                return Refusal.NotFound("Package");
            var closed = (row.Redeemed ?? 0) + (row.Burned ?? 0) + (row.Refunded ?? 0) + (row.Retained ?? 0);
            static decimal R(long? k) => new Kopecks(k ?? 0).ToRubles();
            return new PackageLedger(query.PackageId, R(row.PriceKopecks), R(row.Redeemed), R(row.Burned),
                R(row.Refunded), R(row.Retained), R(row.PriceKopecks - closed));
        }
    }

    private sealed record LedgerRow
    {
        public Guid ClientId { get; init; }
        public long PriceKopecks { get; init; }
        public long? Redeemed { get; init; }
        public long? Burned { get; init; }
        public long? Refunded { get; init; }
        public long? Retained { get; init; }
    }
}
