namespace Salon.Domain;

/// <summary>What a payment for a visit is for, as the ledger stores it.</summary>
public enum PaymentPurpose
{
    Deposit,
    Visit,
    Refund,
    PackageSale,
    PackageRefund,
}

/// <summary>A visit payment's receipt line: its purpose, tag 1214, the line's sum and the prepayment it
/// offsets.</summary>
public sealed record VisitReceipt(PaymentPurpose Purpose, PaymentMethodTag Tag, Kopecks LineSum, Kopecks Offset);

/// <summary>
/// Which 1214 tag a payment for a visit carries. Before the visit it is a deposit (full or partial prepayment); the
/// first receipt after it (or after its earlier one was refunded in full) is the service's own: its whole price,
/// deposits offset, and what stays unpaid on credit; later money pays off that credit, so the receipts add up to the
/// price once.
/// </summary>
public static class VisitReceiptRule
{
    public static VisitReceipt Classify(bool visitHappened, bool serviceOnStandingReceipt, Kopecks price,
        Kopecks paidBefore,
        Kopecks amount)
    {
        var fullyPaid = paidBefore + amount == price;
        if (!visitHappened)
            return new(PaymentPurpose.Deposit,
                fullyPaid
                    && paidBefore == Kopecks.Zero ? PaymentMethodTag.FullPrepayment : PaymentMethodTag.PartialPrepayment,
                amount, Kopecks.Zero);
        if (!serviceOnStandingReceipt)
            return new(PaymentPurpose.Visit,
                fullyPaid ? PaymentMethodTag.FullPayment : PaymentMethodTag.PartialPaymentAndCredit, price, paidBefore);
        return new(PaymentPurpose.Visit, PaymentMethodTag.CreditPayment, amount, Kopecks.Zero);
    }
}
