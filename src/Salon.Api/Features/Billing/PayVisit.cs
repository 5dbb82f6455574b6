using Salon.Api.Features.Ledger;
using Salon.Api.Features.Shared;
using Mediator;
using Salon.Api.Features.Packages;
using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Behaviors;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Billing;

/// <summary>
/// Pays for a visit at the price snapshotted on its booking, in one go or in parts. Before the visit a payment is a
/// deposit (full or partial prepayment); at or after it, the service's receipt with earlier deposits offset (full
/// payment, or partial payment and credit), and any later part a credit payment. Never more than is due.
/// </summary>
public sealed record PayVisit(Guid BookingId, decimal Amount,
    PayMethod Method) : ICommand<Result<PaymentResponse>>, IValidate
{
    public void Validate(ValidationErrors errors) => errors.Rubles("amount", Amount);

    internal sealed class Handler(DbSession db, SalonOptions salon, TimeProvider clock,
        CurrentUser user) : ICommandHandler<PayVisit, Result<PaymentResponse>>
    {
        public async ValueTask<Result<PaymentResponse>> Handle(PayVisit command, CancellationToken ct)
        {
            // The client's lock serialises payments for one visit, so two desks cannot both take the last rubles due.
            if (!await ClientLock.TakeForBookingAsync(db, command.BookingId, ct)) return Refusal.NotFound("Booking");
            var visit = (await db.QuerySingleOrDefaultAsync<VisitRow>("""
                SELECT b.client_id, b.status, b.price_kopecks, b.package_id, s.name AS service_name FROM bookings b JOIN services s ON s.id = b.service_id
                WHERE b.id = @bookingId
                """, new { command.BookingId }, ct))!;
            if (visit.PackageId is not null)
                return new Refusal(RefusalKind.BusinessRule, "paid-by-package",
                    "This visit is paid with a package session");
            var status = Enums.Parse<BookingStatus>(visit.Status);
            if (status is BookingStatus.Cancelled or BookingStatus.NoShow)
                return new Refusal(RefusalKind.BusinessRule, "visit-not-payable",
                    "A cancelled or missed visit is not paid for");

            var paid = new Kopecks(await db.ScalarAsync<long?>("""
                SELECT SUM(CASE WHEN kind = 'payment' THEN amount_kopecks ELSE -amount_kopecks END) FROM payments WHERE booking_id = @bookingId
                """, new { command.BookingId }, ct) ?? 0);
            var price = new Kopecks(visit.PriceKopecks);
            Kopecks.TryFromRubles(command.Amount, out var amount);
            if (paid + amount > price)
                return new Refusal(RefusalKind.BusinessRule, "overpayment", "More than is due",
                    $"Due: {(price - paid).ToRubles():0.00} RUB.");

            var now = clock.GetUtcNow();
            var happened = status is BookingStatus.CheckedIn or BookingStatus.Completed;
            var receipt = VisitReceiptRule.Classify(happened,
                happened && await db.ScalarAsync<long>(Money.StandingServiceReceipts, new { command.BookingId },
                    ct) > 0,
                price, paid, amount);
            var id = Guid.CreateVersion7();
            await Money.PayAsync(db, salon, user, new PaymentToRecord(visit.ClientId, receipt.Purpose, command.Method,
                amount,
                [(visit.ServiceName, receipt.LineSum, receipt.Tag, receipt.Offset)], Enums.Name(receipt.Purpose))
            {
                BookingId = command.BookingId, PaymentId = id,
            }, now, ct);
            return await Money.ReadAsync(db, salon, id, ct);
        }
    }

    private sealed record VisitRow
    {
        public Guid ClientId { get; init; }
        public string Status { get; init; } = "";
        public long PriceKopecks { get; init; }
        public Guid? PackageId { get; init; }
        public string ServiceName { get; init; } = "";
    }
}
