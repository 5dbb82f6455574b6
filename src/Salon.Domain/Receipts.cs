namespace Salon.Domain;

/// <summary>VAT regimes a salon may be under; the rate is included in the price.</summary>
public enum VatMode
{
    None,   // simplified system under the threshold: no VAT
    Vat0,
    Vat5,
    Vat7,
    Vat10,
    Vat20,  // the general rate until 2025
    Vat22,  // the general rate from 2026
}

/// <summary>Tag 1214, the payment method of a receipt line.</summary>
public enum PaymentMethodTag
{
    FullPrepayment = 1,
    PartialPrepayment = 2,
    Advance = 3,
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

/// <summary>
/// A line's VAT rate (tag 1199): none, an ordinary rate ("22%"), or the calculated rate an advance carries ("22/122").
/// Either way the VAT is the part of the sum included at that percent: sum × r / (100 + r).
/// </summary>
public readonly record struct VatRate(int Percent, bool Calculated, bool None)
{
    public static readonly VatRate NoVat = new(0, false, true);

    /// <summary>
    /// Advance lines (1214 = 1, 2, 3) carry the calculated rate; offset and payment lines the ordinary one.
    /// </summary>
    public static VatRate For(VatMode mode, PaymentMethodTag method)
    {
        if (mode == VatMode.None) return NoVat;
        var percent = Vat.Rate(mode);
        return new VatRate(percent, percent > 0 && IsAdvance(method), false);
    }

    public static bool IsAdvance(PaymentMethodTag method) =>
        method is PaymentMethodTag.FullPrepayment or PaymentMethodTag.PartialPrepayment or PaymentMethodTag.Advance;

    public string Label => None ? "none" : Calculated ? $"{Percent}/{100 + Percent}" : $"{Percent}%";

    /// <summary>Reads a label a receipt carries back, so a refund can copy the rate of the line it refunds.</summary>
    public static VatRate Parse(string label)
    {
        if (label == "none") return NoVat;
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        if (label.EndsWith('%')) return new VatRate(int.Parse(label[..^1], culture), false, false);
        return new VatRate(int.Parse(label[..label.IndexOf('/')], culture), true, false);
    }

    public override string ToString() => Label;
}

/// <summary>One line of a 54-FZ receipt: subject (tag 1212) is always 4, a service.</summary>
public sealed record ReceiptLine(
    string Name,
    decimal Quantity,
    Kopecks UnitPrice,
    Kopecks Sum,
    VatRate Vat,
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
        VatMode.Vat10 => 10,
        VatMode.Vat20 => 20,
        VatMode.Vat22 => 22,
        _ => 0,
    };

    /// <summary>VAT included in a sum, rounded half up to the kopeck: sum × r / (100 + r).</summary>
    public static Kopecks Included(Kopecks sum, VatMode mode) => Included(sum, Rate(mode));

    public static Kopecks Included(Kopecks sum, int rate)
    {
        if (rate == 0) return Kopecks.Zero;
        var numerator = sum.Value * rate;
        var denominator = 100L + rate;
        var quotient = Math.DivRem(numerator, denominator, out var remainder);
        return new Kopecks(quotient + (remainder * 2 >= denominator ? 1 : 0));
    }

    /// <summary>A line under the day's VAT mode: the rate follows from the mode and the line's 1214 tag.</summary>
    public static ReceiptLine Line(string name, Kopecks sum, VatMode mode, PaymentMethodTag method,
        Kopecks prepaymentOffset) =>
        Line(name, sum, VatRate.For(mode, method), method, prepaymentOffset);

    /// <summary>A line at a given rate: a refund copies the rate of the line it refunds, whatever today's
    /// mode.</summary>
    public static ReceiptLine Line(string name, Kopecks sum, VatRate rate, PaymentMethodTag method,
        Kopecks prepaymentOffset) =>
        new(name, 1m, sum, sum, rate, Included(sum, rate.Percent), method, prepaymentOffset);
}
