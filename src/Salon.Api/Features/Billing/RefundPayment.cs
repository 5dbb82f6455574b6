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

/// <summary>Refunds all or part of a payment, never more than is left of it; the receipt mirrors the sale's payment
/// method.</summary>
public sealed record RefundPayment(Guid PaymentId, decimal Amount) : ICommand<Result<PaymentResponse>>, IValidate
{
    public void Validate(ValidationErrors errors) => errors.Rubles("amount", Amount);

    internal sealed class Handler(DbSession db, SalonOptions salon, TimeProvider clock,
        CurrentUser user) : ICommandHandler<RefundPayment, Result<PaymentResponse>>
    {
        public async ValueTask<Result<PaymentResponse>> Handle(RefundPayment command, CancellationToken ct)
        {
            // The client's lock makes concurrent refunds of one payment queue up and see each other.
            if (!await ClientLock.TakeForPaymentAsync(db, command.PaymentId, ct)
                || await db.ScalarAsync<int>("SELECT COUNT(*) FROM payments WHERE id = @paymentId AND kind = 'payment'",
                    new { command.PaymentId }, ct) == 0)
                return Refusal.NotFound("Payment");
            var original = await Money.ReadAsync(db, salon, command.PaymentId, ct);
            if (Enums.Parse<PaymentPurpose>(original.Purpose) == PaymentPurpose.PackageSale)
                return new Refusal(RefusalKind.BusinessRule, "refund-package-instead",
                    "A package is refunded as a package", "POST /api/v1/packages/{id}/refund.");
            // A deposit kept under the policy is closed as income: it is no longer there to refund.
            var refunded = await db.ScalarAsync<long?>("""
                SELECT COALESCE((SELECT SUM(amount_kopecks) FROM payments WHERE refund_of = @paymentId), 0)
                     + COALESCE((SELECT SUM(total_kopecks) FROM receipts WHERE payment_id = @paymentId AND event = 'deposit_retained'), 0)
                """, new { command.PaymentId }, ct) ?? 0;
            Kopecks.TryFromRubles(original.Amount, out var paid);
            Kopecks.TryFromRubles(command.Amount, out var amount);
            if (refunded + amount.Value > paid.Value)
                return new Refusal(RefusalKind.BusinessRule, "over-refund", "More than is left of the payment",
                    $"Refundable: {new Kopecks(paid.Value - refunded).ToRubles():0.00} RUB.");

            var id = Guid.CreateVersion7();
            await Money.PayAsync(db, salon, user, new PaymentToRecord(original.ClientId, PaymentPurpose.Refund,
                original.Method, amount,
                [await Money.RefundLineAsync(db, original.ReceiptId, amount, ct)], "refund")
            {
                BookingId = original.BookingId, PackageId = original.PackageId, RefundOf = command.PaymentId, PaymentId = id,
            }, clock.GetUtcNow(), ct);
            return await Money.ReadAsync(db, salon, id, ct);
        }
    }
}
