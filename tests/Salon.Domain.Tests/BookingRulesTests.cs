using Salon.Domain;

namespace Salon.Domain.Tests;

public sealed class BookingTimeRulesTests
{
    private static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
    private static readonly BookingTimeRules Rules = new(Moscow, 15, 120, 60);
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 7, 0, 0, TimeSpan.Zero); // 10:00 in Moscow

    [Theory]
    [InlineData(12, 0, false, null)]
    [InlineData(12, 10, false, "off-grid")]
    [InlineData(9, 0, false, "in-the-past")]
    [InlineData(11, 0, true, "too-soon")]
    [InlineData(11, 0, false, null)]
    [InlineData(12, 0, true, null)]
    public void A_start_is_on_the_grid_not_past_and_after_the_apps_lead_time(int hour, int minute, bool mobile,
        string? code)
    {
        var start = new DateTimeOffset(2026, 12, 1, hour, minute, 0, TimeSpan.FromHours(3));
        Assert.Equal(code, Rules.Check(start, Now, mobile)?.Code);
    }

    [Fact]
    public void Bookings_open_sixty_days_ahead()
    {
        Assert.Null(Rules.Check(Now.AddDays(60), Now, mobile: false));
        Assert.Equal("beyond-horizon", Rules.Check(Now.AddDays(60).AddMinutes(15), Now, mobile: false)?.Code);
    }

    [Fact]
    public void A_second_off_the_grid_is_off_the_grid() =>
        Assert.Equal("off-grid", Rules.Check(Now.AddHours(3).AddSeconds(1), Now, mobile: false)?.Code);
}

public sealed class CancellationPolicyTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 10, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(25, false, false, Cancellation.Salon)]
    [InlineData(1, false, false, Cancellation.Salon)]
    [InlineData(25, true, false, Cancellation.ClientInTime)]
    [InlineData(24, true, false, Cancellation.ClientInTime)] // free until 24 hours before: exactly 24 h is still free
    [InlineData(23, true, false, Cancellation.ClientLate)]
    [InlineData(48, true, true,
        Cancellation.ClientLate)] // moved inside the late window earlier: late whatever the new start
    public void A_client_cancelling_inside_24_hours_cancels_late(int hoursBefore, bool byClient, bool movedLate,
        Cancellation expected) =>
        Assert.Equal(expected, CancellationPolicy.Classify(byClient, movedLate, Start, Start.AddHours(-hoursBefore),
            24));
}

public sealed class VisitReceiptRuleTests
{
    private static readonly Kopecks Price = new(200_000);

    [Fact]
    public void Paying_in_full_before_the_visit_is_a_full_prepayment() =>
        Assert.Equal(new VisitReceipt(PaymentPurpose.Deposit, PaymentMethodTag.FullPrepayment, Price, Kopecks.Zero),
            VisitReceiptRule.Classify(false, false, Price, Kopecks.Zero, Price));

    [Fact]
    public void Part_before_the_visit_is_a_partial_prepayment() =>
        Assert.Equal(new VisitReceipt(PaymentPurpose.Deposit, PaymentMethodTag.PartialPrepayment, new(50_000),
            Kopecks.Zero),
            VisitReceiptRule.Classify(false, false, Price, Kopecks.Zero, new(50_000)));

    [Fact]
    public void The_rest_before_the_visit_after_a_deposit_is_still_a_partial_prepayment() =>
        Assert.Equal(PaymentMethodTag.PartialPrepayment,
            VisitReceiptRule.Classify(false, false, Price, new(50_000), new(150_000)).Tag);

    [Fact]
    public void The_first_receipt_after_the_visit_carries_the_whole_price_with_deposits_offset() =>
        Assert.Equal(new VisitReceipt(PaymentPurpose.Visit, PaymentMethodTag.FullPayment, Price, new(50_000)),
            VisitReceiptRule.Classify(true, false, Price, new(50_000), new(150_000)));

    [Fact]
    public void Part_of_the_price_after_the_visit_leaves_the_rest_on_credit() =>
        Assert.Equal(new VisitReceipt(PaymentPurpose.Visit, PaymentMethodTag.PartialPaymentAndCredit, Price,
            Kopecks.Zero),
            VisitReceiptRule.Classify(true, false, Price, Kopecks.Zero, new(120_000)));

    [Fact]
    public void Money_after_the_services_receipt_pays_off_the_credit() =>
        Assert.Equal(new VisitReceipt(PaymentPurpose.Visit, PaymentMethodTag.CreditPayment, new(80_000), Kopecks.Zero),
            VisitReceiptRule.Classify(true, true, Price, new(120_000), new(80_000)));
}

public sealed class HoldsResourcesTests
{
    [Theory]
    [InlineData(BookingStatus.Booked, true)]
    [InlineData(BookingStatus.CheckedIn, true)]
    [InlineData(BookingStatus.Completed, true)]
    [InlineData(BookingStatus.Cancelled, false)]
    [InlineData(BookingStatus.NoShow, false)]
    public void Only_cancelled_and_missed_visits_give_their_therapist_and_device_back(BookingStatus status,
        bool holds) =>
        Assert.Equal(holds, BookingTransitions.HoldsResources(status));
}
