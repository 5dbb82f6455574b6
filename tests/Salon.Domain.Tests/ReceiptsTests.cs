using Salon.Domain;

namespace Salon.Domain.Tests;

/// <summary>
/// VAT on a receipt line is included in the price: sum × r / (100 + r), rounded half up to the kopeck.
/// With 5 %, 7 % and 22 % the divisor is 105, 107 or 122 and sum × r is an integer, so the exact value can never end in
/// exactly half a kopeck (105 and 107 are odd; with 122, 22 × sum is even while 61 is odd): the cases below sit as
/// close to the half as the arithmetic allows, on both sides.
/// </summary>
public sealed class ReceiptsTests
{
    [Theory]
    [InlineData(VatMode.None, 0)]
    [InlineData(VatMode.Vat5, 5)]
    [InlineData(VatMode.Vat7, 7)]
    [InlineData(VatMode.Vat0, 0)]
    [InlineData(VatMode.Vat10, 10)]
    [InlineData(VatMode.Vat20, 20)]
    [InlineData(VatMode.Vat22, 22)]
    public void Each_vat_mode_has_its_rate(VatMode mode, int rate) => Assert.Equal(rate, Vat.Rate(mode));

    [Theory]
    [InlineData(VatMode.None, 185_050, 0)]
    [InlineData(VatMode.None, 1, 0)]
    [InlineData(VatMode.Vat5, 0, 0)]
    [InlineData(VatMode.Vat5, 84, 4)]            // 4 exactly
    [InlineData(VatMode.Vat5, 10, 0)]            // 0.476 rounds down
    [InlineData(VatMode.Vat5, 11, 1)]            // 0.524 rounds up
    [InlineData(VatMode.Vat5, 180_000, 8_571)]   // 8 571.43
    [InlineData(VatMode.Vat5, 185_050, 8_812)]   // 8 811.90
    [InlineData(VatMode.Vat7, 107, 7)]           // 7 exactly
    [InlineData(VatMode.Vat7, 84, 5)]            // 5.495 rounds down
    [InlineData(VatMode.Vat7, 23, 2)]            // 1.505 rounds up
    [InlineData(VatMode.Vat7, 180_000, 11_776)]  // 11 775.70
    [InlineData(VatMode.Vat7, 250_000, 16_355)]  // 16 355.14
    [InlineData(VatMode.Vat22, 61, 11)]          // 11 exactly
    [InlineData(VatMode.Vat22, 36, 6)]           // 6.492 rounds down
    [InlineData(VatMode.Vat22, 25, 5)]           // 4.508 rounds up
    [InlineData(VatMode.Vat22, 180_000, 32_459)] // 32 459.02
    [InlineData(VatMode.Vat22, 185_050, 33_370)] // 33 369.67
    [InlineData(VatMode.Vat22, 2_000_000, 360_656)] // 360 655.74: a 20 000-ruble course
    public void Vat_included_in_a_line_is_rounded_half_up_to_the_kopeck(VatMode mode, long sum, long vat) =>
        Assert.Equal(new Kopecks(vat), Vat.Included(new Kopecks(sum), mode));

    [Theory]
    [InlineData(VatMode.None)]
    [InlineData(VatMode.Vat5)]
    [InlineData(VatMode.Vat7)]
    [InlineData(VatMode.Vat22)]
    public void Every_sum_gets_the_nearest_kopeck_of_its_included_vat(VatMode mode)
    {
        var rate = Vat.Rate(mode);
        var random = new Random(20_261_125);
        var sums = Enumerable.Range(0, 5_000).Select(n => (long)n)
            .Concat(Enumerable.Range(0, 5_000).Select(_ => random.NextInt64(0, Kopecks.Max.Value + 1)));
        foreach (var sum in sums)
        {
            var exact = (decimal)sum * rate / (100 + rate);
            var vat = Vat.Included(new Kopecks(sum), mode).Value;
            Assert.Equal(Math.Round(exact, MidpointRounding.AwayFromZero), (decimal)vat);
            Assert.True(Math.Abs(vat - exact) <= 0.5m,
                $"{sum} at {rate} %: {vat} is not the nearest kopeck to {exact}");
        }
    }

    [Fact]
    public void Vat_is_rounded_per_line_not_per_receipt()
    {
        var first = Vat.Line("Лимфодренаж, доплата", new Kopecks(25), VatMode.Vat22, PaymentMethodTag.FullPayment,
            Kopecks.Zero);
        var second = Vat.Line("Прессотерапия, доплата", new Kopecks(25), VatMode.Vat22, PaymentMethodTag.FullPayment,
            Kopecks.Zero);

        Assert.Equal(new Kopecks(5), first.VatAmount);  // 4.508 each rounds up
        Assert.Equal(new Kopecks(10), first.VatAmount + second.VatAmount);
        Assert.Equal(new Kopecks(9), Vat.Included(new Kopecks(50), VatMode.Vat22)); // 9.016 on the total would differ
    }

    [Fact]
    public void A_line_carries_what_the_cash_register_needs()
    {
        var line = Vat.Line("Сеанс из абонемента 7 из 15", new Kopecks(133_333), VatMode.Vat5,
            PaymentMethodTag.FullPayment, new Kopecks(133_333));

        Assert.Equal("Сеанс из абонемента 7 из 15", line.Name);
        Assert.Equal(1m, line.Quantity);
        Assert.Equal(new Kopecks(133_333), line.UnitPrice);
        Assert.Equal(new Kopecks(133_333), line.Sum);
        Assert.Equal("5%", line.Vat.Label); // a full payment with its prepayment offset: the ordinary rate
        Assert.Equal(new Kopecks(6_349), line.VatAmount); // 133 333 × 5 / 105 = 6 349.19
        Assert.Equal(PaymentMethodTag.FullPayment, line.PaymentMethod);
        Assert.Equal(new Kopecks(133_333), line.PrepaymentOffset);
        Assert.Equal(4, ReceiptLine.Subject); // tag 1212: a service
    }

    [Fact]
    public void Without_vat_a_line_carries_no_vat_amount()
    {
        var line = Vat.Line("Абонемент 15 сеансов", new Kopecks(2_000_000), VatMode.None,
            PaymentMethodTag.FullPrepayment, Kopecks.Zero);
        Assert.Equal(Kopecks.Zero, line.VatAmount);
        Assert.Equal("none", line.Vat.Label);
    }

    [Theory]
    [InlineData(PaymentMethodTag.FullPrepayment, 1)]
    [InlineData(PaymentMethodTag.PartialPrepayment, 2)]
    [InlineData(PaymentMethodTag.FullPayment, 4)]
    public void Payment_methods_carry_their_tag_1214_numbers(PaymentMethodTag method, int tag) => Assert.Equal(tag,
        (int)method);

    [Theory]
    [InlineData(VatMode.Vat5, PaymentMethodTag.FullPrepayment, "5/105")]
    [InlineData(VatMode.Vat7, PaymentMethodTag.PartialPrepayment, "7/107")]
    [InlineData(VatMode.Vat10, PaymentMethodTag.Advance, "10/110")]
    [InlineData(VatMode.Vat20, PaymentMethodTag.FullPrepayment, "20/120")]
    [InlineData(VatMode.Vat22, PaymentMethodTag.PartialPrepayment, "22/122")]
    [InlineData(VatMode.Vat22, PaymentMethodTag.FullPayment, "22%")]
    [InlineData(VatMode.Vat20, PaymentMethodTag.PartialPaymentAndCredit, "20%")]
    [InlineData(VatMode.Vat10, PaymentMethodTag.CreditPayment, "10%")]
    [InlineData(VatMode.Vat0, PaymentMethodTag.FullPrepayment, "0%")]
    [InlineData(VatMode.None, PaymentMethodTag.FullPrepayment, "none")]
    public void Advance_lines_carry_the_calculated_rate_and_other_lines_the_ordinary_one(VatMode mode,
        PaymentMethodTag method, string label)
    {
        var line = Vat.Line("Предоплата", new Kopecks(122_000), mode, method, Kopecks.Zero);
        Assert.Equal(label, line.Vat.Label);
        Assert.Equal(Vat.Included(new Kopecks(122_000), mode), line.VatAmount); // r/(100+r) of the sum either way
        Assert.Equal(line.Vat, VatRate.Parse(label));
    }

    [Fact]
    public void A_line_at_a_copied_rate_keeps_that_rate_and_its_vat()
    {
        var line = Vat.Line("Возврат", new Kopecks(120_000), VatRate.Parse("20/120"), PaymentMethodTag.FullPrepayment,
            Kopecks.Zero);
        Assert.Equal(("20/120", new Kopecks(20_000)), (line.Vat.Label, line.VatAmount));
    }
}
