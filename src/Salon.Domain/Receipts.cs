namespace Salon.Domain;

/// <summary>VAT regimes a salon may be under; the rate is included in the price.</summary>
public enum VatMode
{
    None,   // simplified system under the threshold: no VAT
    Vat5,
    Vat7,
    Vat22,  // the general rate from 2026
}

/// <summary>Tag 1214, the payment method of a receipt line.</summary>
public enum PaymentMethodTag
{
    FullPrepayment = 1,
    PartialPrepayment = 2,
    FullPayment = 4,
    /// <summary>The service is given, part is paid now and the rest is owed.</summary>
    PartialPaymentAndCredit = 5,
    /// <summary>Paying off what a given service still owed.</summary>
    CreditPayment = 7,
}

public enum ReceiptOperation
{
    Income,
    RefundOfIncome,
}

/// <summary>One line of a 54-FZ receipt: subject (tag 1212) is always 4, a service.</summary>
public sealed record ReceiptLine(
    string Name,
    decimal Quantity,
    Kopecks UnitPrice,
    Kopecks Sum,
    VatMode Vat,
    Kopecks VatAmount,
    PaymentMethodTag PaymentMethod,
    Kopecks PrepaymentOffset)
{
    public const int Subject = 4;
}

public static class Vat
{
    public static int Rate(VatMode mode) => mode switch
    {
        VatMode.Vat5 => 5,
        VatMode.Vat7 => 7,
        VatMode.Vat22 => 22,
        _ => 0,
    };

    /// <summary>VAT included in a sum, rounded half up to the kopeck: sum × r / (100 + r).</summary>
    public static Kopecks Included(Kopecks sum, VatMode mode)
    {
        var rate = Rate(mode);
        if (rate == 0) return Kopecks.Zero;
        var numerator = sum.Value * rate;
        var denominator = 100L + rate;
        var quotient = Math.DivRem(numerator, denominator, out var remainder);
        return new Kopecks(quotient + (remainder * 2 >= denominator ? 1 : 0));
    }

    public static ReceiptLine Line(string name, Kopecks sum, VatMode mode, PaymentMethodTag method, Kopecks prepaymentOffset) =>
        new(name, 1m, sum, sum, mode, Included(sum, mode), method, prepaymentOffset);
}
