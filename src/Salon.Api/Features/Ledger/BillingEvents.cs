using Salon.Api.Features.Shared;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Events;
using Salon.Domain;

namespace Salon.Api.Features.Ledger;

/// <summary>A payment taken or refunded, as published: ids, the amount in kopecks, the method and what it paid
/// for.</summary>
internal static class BillingEvents
{
    public sealed record Data(Guid PaymentId, Guid ClientId, Guid? BookingId, Guid? PackageId, Guid? RefundOf,
        string Purpose, string Method,
        long AmountKopecks, Guid ReceiptId, DateTimeOffset At);

    public static OutboxEvent Payment(Guid paymentId, Guid clientId, Guid? bookingId, Guid? packageId, Guid? refundOf,
        PaymentPurpose purpose,
        PayMethod method, Kopecks amount, Guid receiptId, DateTimeOffset at) =>
        new(purpose is PaymentPurpose.Refund or PaymentPurpose.PackageRefund ? EventTypes.PaymentRefunded
                : EventTypes.PaymentTaken,
            paymentId, at, new Data(paymentId, clientId, bookingId, packageId, refundOf, Enums.Name(purpose),
                Enums.Name(method),
                amount.Value, receiptId, at));
}
