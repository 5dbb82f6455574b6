using System.Net;
using System.Text.Json.Nodes;
using Salon.Api.Tests.Infrastructure;
using static Salon.Api.Tests.Infrastructure.Billing;

namespace Salon.Api.Tests;

/// <summary>
/// Paying for visits and refunding: at the booked price, in parts, never more than due or paid, once per key; every
/// payment with its 54-FZ receipt under the VAT mode of its day; money conserved over random histories; the day's cash report.
/// </summary>
public abstract class PaymentsTests(SalonApp app) : ProviderTests(app)
{
    [Fact]
    public async Task A_visit_is_paid_at_the_price_snapshotted_on_its_booking()
    {
        var (salon, service, therapist) = await SalonAsync(price: 1800m);
        var client = await salon.ClientAsync();
        var booking = await App.FrontDesk().BookAsync(client, service, therapist, App.Soon());
        await (await App.Admin().PostJson($"/api/v1/services/{service}/prices", new { price = 2500m, effectiveFrom = App.Clock.GetUtcNow().AddMinutes(1) }))
            .Expect(HttpStatusCode.Created);
        App.Clock.Advance(TimeSpan.FromMinutes(2)); // the new price is in force now
        var desk = App.FrontDesk();
        await (await desk.PostJson($"/api/v1/bookings/{booking}/check-in", SalonBuilder.DayOf())).Expect(HttpStatusCode.OK);

        await (await Pay(desk, booking, 2500m, "card")).ExpectProblem(HttpStatusCode.UnprocessableEntity, "overpayment");
        var paid = await (await Pay(desk, booking, 1800m, "card")).Expect(HttpStatusCode.Created);

        Assert.Equal(("payment", "visit", "card", 180_000L), ((string?)paid["kind"], (string?)paid["purpose"], (string?)paid["method"], Kopecks(paid["amount"])));
        Assert.Equal(booking.ToString(), (string?)paid["bookingId"]);
        var receipt = await desk.ReceiptAsync(paid["receiptId"]);
        Assert.Equal(("income", "visit"), ((string?)receipt["operation"], (string?)receipt["event"]));
        Assert.Equal((180_000L, 0L, 180_000L), (Kopecks(receipt["total"]), Kopecks(receipt["cash"]), Kopecks(receipt["card"])));
        var line = Assert.Single(receipt["lines"]!.AsArray())!;
        AssertFiscalLine(line);
        Assert.Equal((4, 180_000L, 0L), ((int)line["paymentMethod"]!, Kopecks(line["sum"]), Kopecks(line["prepaymentOffset"])));

        await (await Pay(desk, booking, 0.01m, "cash")).ExpectProblem(HttpStatusCode.UnprocessableEntity, "overpayment");
        var balance = await BalanceAsync(desk, client);
        Assert.Equal((180_000L, 0L, 180_000L, 0L), (Kopecks(balance["paid"]), Kopecks(balance["refunded"]), Kopecks(balance["net"]), Kopecks(balance["dueForVisits"])));
    }

    [Fact]
    public async Task Part_paid_before_the_visit_is_a_deposit_and_the_rest_after_it_offsets_the_deposit()
    {
        var (salon, service, therapist) = await SalonAsync(price: 1800m);
        var client = await salon.ClientAsync();
        var desk = App.FrontDesk();
        var booking = await desk.BookAsync(client, service, therapist, App.Soon());

        var deposit = await (await Pay(desk, booking, 500m, "cash")).Expect(HttpStatusCode.Created);
        Assert.Equal("deposit", (string?)deposit["purpose"]);
        var depositLine = (await desk.ReceiptAsync(deposit["receiptId"]))["lines"]![0]!;
        AssertFiscalLine(depositLine);
        Assert.Equal((2, 50_000L, 0L), ((int)depositLine["paymentMethod"]!, Kopecks(depositLine["sum"]), Kopecks(depositLine["prepaymentOffset"])));

        var over = await (await Pay(desk, booking, 1300.01m, "card")).ExpectProblem(HttpStatusCode.UnprocessableEntity, "overpayment");
        Assert.Contains("1300.00", (string?)over["detail"]);
        await (await desk.PostJson($"/api/v1/bookings/{booking}/check-in", SalonBuilder.DayOf())).Expect(HttpStatusCode.OK);
        Assert.Equal(130_000, Kopecks((await BalanceAsync(desk, client))["dueForVisits"]));

        var rest = await (await Pay(desk, booking, 1300m, "card")).Expect(HttpStatusCode.Created);
        Assert.Equal("visit", (string?)rest["purpose"]);
        var receipt = await desk.ReceiptAsync(rest["receiptId"]);
        Assert.Equal((180_000L, 0L, 130_000L, 50_000L),
            (Kopecks(receipt["total"]), Kopecks(receipt["cash"]), Kopecks(receipt["card"]), Kopecks(receipt["prepaymentOffset"])));
        var line = Assert.Single(receipt["lines"]!.AsArray())!;
        AssertFiscalLine(line);
        Assert.Equal((4, 180_000L, 50_000L), ((int)line["paymentMethod"]!, Kopecks(line["sum"]), Kopecks(line["prepaymentOffset"])));
        Assert.Equal(180_000L, await App.ScalarAsync<long>("SELECT SUM(amount_kopecks) FROM payments WHERE booking_id = @booking", new { booking }));
        Assert.Equal(0, Kopecks((await BalanceAsync(desk, client))["dueForVisits"]));

        // Paid in full ahead of the visit: a full prepayment.
        var ahead = await desk.BookAsync(client, service, therapist, salon.Start(3, 11));
        var full = await (await Pay(desk, ahead, 1800m, "card")).Expect(HttpStatusCode.Created);
        Assert.Equal(1, (int)(await desk.ReceiptAsync(full["receiptId"]))["lines"]![0]!["paymentMethod"]!);
    }

    [Fact]
    public async Task Paid_in_parts_after_the_visit_the_service_is_receipted_once_with_the_rest_on_credit_then_paid_off()
    {
        var (salon, service, therapist) = await SalonAsync(price: 1800m);
        var client = await salon.ClientAsync();
        var desk = App.FrontDesk();
        var booking = await desk.BookAsync(client, service, therapist, App.Soon());
        await (await Pay(desk, booking, 300m, "cash")).Expect(HttpStatusCode.Created);
        await (await desk.PostJson($"/api/v1/bookings/{booking}/check-in", SalonBuilder.DayOf())).Expect(HttpStatusCode.OK);

        var part = await desk.ReceiptAsync((await (await Pay(desk, booking, 1000m, "card")).Expect(HttpStatusCode.Created))["receiptId"]);
        var partLine = Assert.Single(part["lines"]!.AsArray())!;
        AssertFiscalLine(partLine);
        Assert.Equal((5, 180_000L, 30_000L), ((int)partLine["paymentMethod"]!, Kopecks(partLine["sum"]), Kopecks(partLine["prepaymentOffset"])));
        Assert.Equal((100_000L, 50_000L), (Kopecks(part["card"]), Kopecks(part["credit"])));

        var last = await desk.ReceiptAsync((await (await Pay(desk, booking, 500m, "cash")).Expect(HttpStatusCode.Created))["receiptId"]);
        var lastLine = Assert.Single(last["lines"]!.AsArray())!;
        AssertFiscalLine(lastLine);
        Assert.Equal((7, 50_000L, 0L), ((int)lastLine["paymentMethod"]!, Kopecks(lastLine["sum"]), Kopecks(lastLine["prepaymentOffset"])));
        Assert.Equal(0L, Kopecks(last["credit"]));

        // The service's price appears once across its receipts: the deposit, the service itself less that deposit, the credit paid off.
        var totals = await App.QueryAsync<long>(
            "SELECT r.total_kopecks FROM receipts r JOIN payments p ON p.receipt_id = r.id WHERE p.booking_id = @booking", new { booking });
        Assert.Equal(30_000L + 180_000L + 50_000L, totals.Sum());
        Assert.Equal(0, Kopecks((await BalanceAsync(desk, client))["dueForVisits"]));
    }

    [Fact]
    public async Task A_visit_paid_in_full_by_deposits_gets_its_full_payment_receipt_when_given_with_the_deposits_offset()
    {
        var (salon, service, therapist) = await SalonAsync(price: 1800m);
        var client = await salon.ClientAsync();
        var desk = App.FrontDesk();
        var booking = await desk.BookAsync(client, service, therapist, App.Soon());
        await (await Pay(desk, booking, 1000m, "cash")).Expect(HttpStatusCode.Created);
        await (await Pay(desk, booking, 800m, "card")).Expect(HttpStatusCode.Created);

        await desk.CheckInAndCompleteAsync(booking);

        var receipts = (await (await desk.GetAsync($"/api/v1/clients/{client}/receipts")).Expect(HttpStatusCode.OK)).AsArray();
        var visit = Assert.Single(receipts, r => (string?)r!["event"] == "visit")!;
        Assert.Equal((180_000L, 0L, 0L, 180_000L, 0L),
            (Kopecks(visit["total"]), Kopecks(visit["cash"]), Kopecks(visit["card"]), Kopecks(visit["prepaymentOffset"]), Kopecks(visit["credit"])));
        var line = Assert.Single(visit["lines"]!.AsArray())!;
        AssertFiscalLine(line);
        Assert.Equal(4, (int)line["paymentMethod"]!);
        Assert.Equal(2, receipts.Count(r => (string?)r!["event"] == "deposit"));
    }

    [Fact]
    public async Task After_the_services_receipt_is_refunded_in_full_the_next_payment_is_the_services_receipt_again()
    {
        var (salon, service, therapist) = await SalonAsync(price: 1800m);
        var desk = App.FrontDesk();
        var booking = await desk.BookAsync(await salon.ClientAsync(), service, therapist, App.Soon());
        await (await desk.PostJson($"/api/v1/bookings/{booking}/check-in", SalonBuilder.DayOf())).Expect(HttpStatusCode.OK);
        var wrong = await (await Pay(desk, booking, 1000m, "card")).Expect(HttpStatusCode.Created);
        await (await Refund(desk, SalonBuilder.Id(wrong), 1000m)).Expect(HttpStatusCode.Created);

        var again = await desk.ReceiptAsync((await (await Pay(desk, booking, 1800m, "cash")).Expect(HttpStatusCode.Created))["receiptId"]);

        var line = Assert.Single(again["lines"]!.AsArray())!;
        Assert.Equal((4, 180_000L, 0L), ((int)line["paymentMethod"]!, Kopecks(line["sum"]), Kopecks(line["prepaymentOffset"])));
    }

    [Fact]
    public async Task Refunds_return_at_most_what_is_left_of_a_payment_by_its_method()
    {
        var (salon, service, therapist) = await SalonAsync(price: 1800m);
        var client = await salon.ClientAsync();
        var desk = App.FrontDesk();
        var booking = await desk.BookAsync(client, service, therapist, App.Soon());
        await (await desk.PostJson($"/api/v1/bookings/{booking}/check-in", SalonBuilder.DayOf())).Expect(HttpStatusCode.OK);
        var paid = await (await Pay(desk, booking, 1800m, "cash")).Expect(HttpStatusCode.Created);
        var payment = SalonBuilder.Id(paid);

        var first = await (await Refund(desk, payment, 1000m)).Expect(HttpStatusCode.Created);
        Assert.Equal(("refund", "refund", "cash", 100_000L), ((string?)first["kind"], (string?)first["purpose"], (string?)first["method"], Kopecks(first["amount"])));
        Assert.Equal(payment.ToString(), (string?)first["refundOf"]);
        Assert.Equal(booking.ToString(), (string?)first["bookingId"]);
        var receipt = await desk.ReceiptAsync(first["receiptId"]);
        Assert.Equal(("refund_of_income", "refund"), ((string?)receipt["operation"], (string?)receipt["event"]));
        Assert.Equal(100_000, Kopecks(receipt["cash"]));
        var line = Assert.Single(receipt["lines"]!.AsArray())!;
        AssertFiscalLine(line);
        Assert.Equal((4, 100_000L), ((int)line["paymentMethod"]!, Kopecks(line["sum"]))); // as on the payment's receipt

        var over = await (await Refund(desk, payment, 800.01m)).ExpectProblem(HttpStatusCode.UnprocessableEntity, "over-refund");
        Assert.Contains("800.00", (string?)over["detail"]);
        await (await Refund(desk, payment, 800m)).Expect(HttpStatusCode.Created);
        await (await Refund(desk, payment, 0.01m)).ExpectProblem(HttpStatusCode.UnprocessableEntity, "over-refund");

        await (await Refund(desk, SalonBuilder.Id(first), 1m)).ExpectProblem(HttpStatusCode.NotFound, "not-found"); // a refund is not refunded
        await (await Refund(desk, Guid.NewGuid(), 1m)).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await Refund(desk, payment, 0m)).ExpectProblem(HttpStatusCode.BadRequest, "validation");
        await (await Refund(desk, payment, 1.001m)).ExpectProblem(HttpStatusCode.BadRequest, "validation");
        await (await Pay(desk, booking, -1m, "cash")).ExpectProblem(HttpStatusCode.BadRequest, "validation");
        await (await Pay(desk, booking, 10m, "package")).ExpectProblem(HttpStatusCode.BadRequest, "malformed-request");

        var balance = await BalanceAsync(desk, client);
        Assert.Equal((180_000L, 180_000L, 0L), (Kopecks(balance["paid"]), Kopecks(balance["refunded"]), Kopecks(balance["net"])));
        Assert.Equal(180_000, Kopecks(balance["dueForVisits"])); // everything went back, so the visit is owed again
    }

    [Fact]
    public async Task A_payment_or_refund_retried_under_the_same_key_happens_once()
    {
        var (salon, service, therapist) = await SalonAsync(price: 1800m);
        var booking = await App.FrontDesk().BookAsync(await salon.ClientAsync(), service, therapist, salon.Start(3, 11));
        var desk = App.FrontDesk();
        var payKey = "pay-" + Guid.NewGuid().ToString("N");

        var paid = await (await desk.PostWithKey($"/api/v1/bookings/{booking}/payments", payKey, new { amount = 700m, method = "card" })).Expect(HttpStatusCode.Created);
        var again = await desk.PostWithKey($"/api/v1/bookings/{booking}/payments", payKey, new { amount = 700m, method = "card" });
        Assert.Equal("true", Assert.Single(again.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal((string?)paid["id"], (string?)(await again.Expect(HttpStatusCode.Created))["id"]);
        Assert.Equal($"/api/v1/payments/{paid["id"]}", again.Headers.Location?.OriginalString);
        await (await desk.PostWithKey($"/api/v1/bookings/{booking}/payments", payKey, new { amount = 701m, method = "card" }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
        Assert.Equal(1L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM payments WHERE booking_id = @booking", new { booking }));

        var refundKey = "refund-" + Guid.NewGuid().ToString("N");
        var refunds = new List<JsonNode>();
        for (var i = 0; i < 3; i++)
            refunds.Add(await (await desk.PostWithKey($"/api/v1/payments/{paid["id"]}/refunds", refundKey, new { amount = 200m })).Expect(HttpStatusCode.Created));
        Assert.Single(refunds.Select(r => (string?)r["id"]).Distinct());
        Assert.Equal(20_000L, await App.ScalarAsync<long>("SELECT SUM(amount_kopecks) FROM payments WHERE refund_of = @id", new { id = SalonBuilder.Id(paid) }));
    }

    [Fact]
    public async Task A_visit_on_a_package_a_cancelled_visit_and_an_unknown_booking_are_not_paid()
    {
        var course = await App.CourseAsync(minDaysBetween: 0);
        var desk = App.FrontDesk();
        var onPackage = await desk.BookAsync(course, course.Salon.Start(3, 11));
        var single = await desk.BookAsync(course.Client, course.Service, course.Therapist, course.Salon.Start(3, 14));
        await (await desk.PostJson($"/api/v1/bookings/{single}/cancel", new { by = "salon" })).Expect(HttpStatusCode.OK);

        await (await Pay(desk, onPackage, 100m, "cash")).ExpectProblem(HttpStatusCode.UnprocessableEntity, "paid-by-package");
        await (await Pay(desk, single, 100m, "cash")).ExpectProblem(HttpStatusCode.UnprocessableEntity, "visit-not-payable");
        await (await Pay(desk, Guid.NewGuid(), 100m, "cash")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await Pay(App.ClientAs("client", clientId: course.Client), single, 100m, "card")).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(0L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM payments WHERE booking_id IN (@onPackage, @single)", new { onPackage, single }));
    }

    [Fact]
    public async Task Desks_paying_and_refunding_one_visit_at_once_never_pass_its_price_or_the_payment()
    {
        var (salon, service, therapist) = await SalonAsync(price: 1800m);
        var booking = await App.FrontDesk().BookAsync(await salon.ClientAsync(), service, therapist, salon.Start(3, 11));

        var payments = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Pay(App.FrontDesk(), booking, 500m, "card")));

        Assert.Equal(3, payments.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var refused in payments.Where(r => r.StatusCode != HttpStatusCode.Created))
            await refused.ExpectProblem(HttpStatusCode.UnprocessableEntity, "overpayment");
        Assert.Equal(150_000L, await App.ScalarAsync<long>("SELECT SUM(amount_kopecks) FROM payments WHERE booking_id = @booking", new { booking }));

        var payment = SalonBuilder.Id(await payments.First(r => r.StatusCode == HttpStatusCode.Created).Expect(HttpStatusCode.Created));
        var refunds = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Refund(App.FrontDesk(), payment, 200m)));

        Assert.Equal(2, refunds.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var refused in refunds.Where(r => r.StatusCode != HttpStatusCode.Created))
            await refused.ExpectProblem(HttpStatusCode.UnprocessableEntity, "over-refund");
        Assert.Equal(40_000L, await App.ScalarAsync<long>("SELECT SUM(amount_kopecks) FROM payments WHERE refund_of = @payment", new { payment }));
    }

    [Fact]
    public async Task Every_payment_sale_redemption_and_refund_has_a_receipt_with_the_54_fz_fields()
    {
        var course = await App.CourseAsync(sessions: 10, price: 16200m, minDaysBetween: 0);
        var desk = App.FrontDesk();
        var start = App.Soon();
        await desk.CheckInAndCompleteAsync(await desk.BookAsync(course, start));
        var visit = await desk.BookAsync(course.Client, course.Service, course.Therapist, start.AddMinutes(75));
        await (await Pay(desk, visit, 300m, "cash")).Expect(HttpStatusCode.Created);
        await (await desk.PostJson($"/api/v1/bookings/{visit}/check-in", SalonBuilder.DayOf())).Expect(HttpStatusCode.OK);
        var rest = await (await Pay(desk, visit, 1500m, "card")).Expect(HttpStatusCode.Created);
        await (await Refund(desk, SalonBuilder.Id(rest), 100m)).Expect(HttpStatusCode.Created);
        await (await desk.PostJson($"/api/v1/packages/{course.Package}/refund", new { method = "card" })).Expect(HttpStatusCode.Created);

        var receipts = (await (await desk.GetAsync($"/api/v1/clients/{course.Client}/receipts")).Expect(HttpStatusCode.OK)).AsArray().Select(r => r!).ToList();

        Assert.Equal(["deposit", "package_redemption", "package_refund", "package_sale", "refund", "visit"], receipts.Select(r => (string)r["event"]!).Order(StringComparer.Ordinal));
        var byEvent = receipts.ToDictionary(r => (string)r["event"]!);
        foreach (var receipt in receipts)
        {
            Assert.Equal(course.Client.ToString(), (string?)receipt["clientId"]);
            Assert.NotNull(receipt["at"]);
            var line = Assert.Single(receipt["lines"]!.AsArray())!;
            AssertFiscalLine(line);
            Assert.Equal(Kopecks(receipt["total"]), Kopecks(line["sum"]));
            Assert.Equal(Kopecks(receipt["total"]), Kopecks(receipt["cash"]) + Kopecks(receipt["card"]) + Kopecks(receipt["prepaymentOffset"]));
        }
        var expected = new Dictionary<string, (string Operation, int Tag, long Sum, long Offset)>
        {
            ["package_sale"] = ("income", 1, 1_620_000, 0),
            ["package_redemption"] = ("income", 4, 162_000, 162_000),
            ["deposit"] = ("income", 2, 30_000, 0),
            ["visit"] = ("income", 4, 180_000, 30_000),
            ["refund"] = ("refund_of_income", 4, 10_000, 0),
            ["package_refund"] = ("refund_of_income", 1, 1_620_000 - 162_000, 0),
        };
        foreach (var (name, (operation, tag, sum, offset)) in expected)
        {
            var line = byEvent[name]["lines"]![0]!;
            Assert.Equal((operation, tag, sum, offset),
                ((string)byEvent[name]["operation"]!, (int)line["paymentMethod"]!, Kopecks(line["sum"]), Kopecks(line["prepaymentOffset"])));
        }
        Assert.Equal(6L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM receipts WHERE client_id = @client", new { client = course.Client }));
        Assert.Equal(5L, await App.ScalarAsync<long>("SELECT COUNT(DISTINCT receipt_id) FROM payments WHERE client_id = @client", new { client = course.Client }));
    }

    [Fact]
    public async Task Receipts_carry_the_vat_of_the_mode_in_force_that_day_rounded_half_up_per_line()
    {
        var admin = App.Admin();
        await (await admin.PostJson("/api/v1/settings/vat", new { effectiveFrom = App.Date(-1), mode = "vat22" }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "vat-in-past");
        await (await App.FrontDesk().PostJson("/api/v1/settings/vat", new { effectiveFrom = App.Date(1), mode = "vat22" }))
            .ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        // Each day a new mode, then back to none so that the other tests of this fixture see no VAT.
        var days = new (string Mode, decimal Amount, string Rate, long Vat)[]
        {
            ("vat5", 1000.00m, "5%", 4_762),    // 47.619… → 47.62
            ("vat7", 1000.07m, "7%", 6_543),    // 65.425… → 65.43
            ("vat22", 1000.00m, "22%", 18_033), // 180.327… → 180.33
            ("none", 1000.00m, "none", 0),
        };
        for (var i = 0; i < days.Length; i++)
            await (await admin.PostJson("/api/v1/settings/vat", new { effectiveFrom = App.Date(i + 1), mode = days[i].Mode })).Expect(HttpStatusCode.OK);
        await (await admin.PostJson("/api/v1/settings/vat", new { effectiveFrom = App.Date(2), mode = "vat22" }))
            .ExpectProblem(HttpStatusCode.Conflict, "vat-date-taken");
        var modes = (await (await App.FrontDesk().GetAsync("/api/v1/settings/vat")).Expect(HttpStatusCode.OK)).AsArray();
        Assert.Equal(days.Select((d, i) => (App.Date(i + 1), d.Mode)), modes.TakeLast(4).Select(m => ((string)m!["effectiveFrom"]!, (string)m["mode"]!)));

        var (salon, service, therapist) = await SalonAsync(price: 5000m);
        var client = await salon.ClientAsync();
        var template = SalonBuilder.Id(await App.TemplateAsync(service, sessions: 10, price: 16200m, validityDays: 45));
        var desk = App.FrontDesk();
        var bookings = new List<Guid>();
        for (var i = 0; i < days.Length; i++)
            bookings.Add(await desk.BookAsync(client, service, therapist, salon.Start(10, 9 + 2 * i)));

        for (var i = 0; i < days.Length; i++)
        {
            App.Clock.Advance(TimeSpan.FromDays(1));
            desk = App.FrontDesk();
            var (mode, amount, rate, vat) = days[i];
            var paid = await (await Pay(desk, bookings[i], amount, "card")).Expect(HttpStatusCode.Created);
            var line = (await desk.ReceiptAsync(paid["receiptId"]))["lines"]![0]!;

            Assert.Equal(rate, (string?)line["vatRate"]);
            Assert.Equal(vat, Kopecks(line["vatAmount"]));
            Assert.Equal(HalfUp(amount, rate), Kopecks(line["vatAmount"]));
            if (mode == "vat5")
            {
                var sold = await desk.SellAsync(client, template);
                var saleLine = (await desk.ReceiptAsync(sold["receiptId"]))["lines"]![0]!;
                Assert.Equal(("5%", 77_143L), ((string?)saleLine["vatRate"], Kopecks(saleLine["vatAmount"]))); // 771.428… → 771.43
            }
            if (mode == "vat22")
            {
                var refund = await (await Refund(desk, SalonBuilder.Id(paid), 1000m)).Expect(HttpStatusCode.Created);
                var refundLine = (await desk.ReceiptAsync(refund["receiptId"]))["lines"]![0]!;
                Assert.Equal(("22%", 18_033L), ((string?)refundLine["vatRate"], Kopecks(refundLine["vatAmount"])));
            }
        }
    }

    [Fact]
    public async Task A_past_days_cash_report_keeps_what_was_prepaid_that_evening_whatever_happens_later()
    {
        var course = await App.CourseAsync(sessions: 10, price: 16200m, minDaysBetween: 0);
        var desk = App.FrontDesk();
        var soldOn = App.Today();
        var thatEvening = Kopecks((await desk.CashReportAsync(soldOn))["prepaidSessionsOutstanding"]);

        App.AdvanceTo(App.Clock.GetUtcNow().AddDays(2));
        var later = App.FrontDesk();
        await later.CheckInAndCompleteAsync(await later.BookAsync(course, App.Soon()));
        await (await later.PostJson($"/api/v1/packages/{course.Package}/refund", new { method = "card" })).Expect(HttpStatusCode.Created);

        Assert.True(thatEvening >= 1_620_000);
        Assert.Equal(thatEvening, Kopecks((await later.CashReportAsync(soldOn))["prepaidSessionsOutstanding"]));
        // Today the course was used once and then refunded: tonight it holds nothing.
        Assert.Equal(thatEvening - 1_620_000, Kopecks((await later.CashReportAsync(App.Today()))["prepaidSessionsOutstanding"]));
    }

    [Fact]
    public async Task A_past_days_deposits_outstanding_stay_as_they_were_when_the_visit_is_given_later()
    {
        var (salon, service, therapist) = await SalonAsync(price: 1800m);
        var desk = App.FrontDesk();
        var paidOn = App.Today();
        var start = salon.Start(3, 11);
        var booking = await desk.BookAsync(await salon.ClientAsync(), service, therapist, start);
        var before = Kopecks((await desk.CashReportAsync(paidOn))["depositsOutstanding"]);
        await (await Pay(desk, booking, 500m, "cash")).Expect(HttpStatusCode.Created);
        Assert.Equal(before + 50_000, Kopecks((await desk.CashReportAsync(paidOn))["depositsOutstanding"]));

        App.AdvanceTo(start.AddMinutes(-30));
        var later = App.FrontDesk();
        await later.CheckInAndCompleteAsync(booking);

        Assert.Equal(before + 50_000, Kopecks((await later.CashReportAsync(paidOn))["depositsOutstanding"]));
    }

    [Fact]
    public async Task The_cash_report_shows_takings_by_method_refunds_packages_sold_sessions_redeemed_and_what_is_still_prepaid()
    {
        var course = await App.CourseAsync(sessions: 10, price: 16200m, minDaysBetween: 0);
        var (salon, service, therapist) = (course.Salon, course.Service, course.Therapist);
        var desk = App.FrontDesk();
        var today = App.Today();
        var before = await desk.CashReportAsync(today);

        await desk.SellAsync(course.Client, course.Template, "cash");
        await desk.CheckInAndCompleteAsync(await desk.BookAsync(course, App.Soon()));
        var deposit = await desk.BookAsync(await salon.ClientAsync(), service, therapist, salon.Start(3, 11));
        await (await Pay(desk, deposit, 500m, "cash")).Expect(HttpStatusCode.Created);
        var visit = await desk.BookAsync(await salon.ClientAsync(), service, therapist, App.Soon().AddMinutes(75));
        await (await desk.PostJson($"/api/v1/bookings/{visit}/check-in", SalonBuilder.DayOf())).Expect(HttpStatusCode.OK);
        var paid = await (await Pay(desk, visit, 1800m, "card")).Expect(HttpStatusCode.Created);
        await (await Refund(desk, SalonBuilder.Id(paid), 300m)).Expect(HttpStatusCode.Created);

        var after = await desk.CashReportAsync(today);
        Assert.Equal(today, (string?)after["date"]);
        Assert.Equal("RUB", (string?)after["currency"]);
        long Delta(string field) => Kopecks(after[field]) - Kopecks(before[field]);
        long MethodDelta(string list, string method) => ByMethod(after, list, method) - ByMethod(before, list, method);
        int CountDelta(string field) => (int)after[field]! - (int)before[field]!;

        // CourseAsync sold its course by card before the report was first read; the second course here is paid in cash.
        Assert.Equal(1_620_000 + 50_000, MethodDelta("takings", "cash"));
        Assert.Equal(180_000, MethodDelta("takings", "card"));
        Assert.Equal(0, MethodDelta("refunds", "cash"));
        Assert.Equal(30_000, MethodDelta("refunds", "card"));
        Assert.Equal(1_620_000 + 50_000 + 180_000 - 30_000, Delta("netTakings"));
        Assert.Equal(1, CountDelta("packagesSold"));
        Assert.Equal(1_620_000, Delta("packagesSoldAmount"));
        Assert.Equal(1, CountDelta("sessionsRedeemed"));
        Assert.Equal(162_000, Delta("sessionsRedeemedValue"));
        Assert.Equal(1_620_000 - 162_000, Delta("prepaidSessionsOutstanding"));
        Assert.Equal(50_000, Delta("depositsOutstanding"));
    }

    [Fact]
    public async Task The_cash_report_needs_a_valid_date_and_a_staff_token()
    {
        var desk = App.FrontDesk();
        await (await desk.GetAsync("/api/v1/reports/cash")).ExpectProblem(HttpStatusCode.BadRequest, "malformed-request");
        await (await desk.GetAsync("/api/v1/reports/cash?date=2026-13-40")).ExpectProblem(HttpStatusCode.BadRequest, "malformed-request");
        await (await App.ClientAs("client", clientId: Guid.NewGuid()).GetAsync($"/api/v1/reports/cash?date={App.Today()}"))
            .ExpectProblem(HttpStatusCode.Forbidden, "forbidden");

        var empty = await desk.CashReportAsync(App.Date(200)); // no money moves on a day nobody has reached
        Assert.All(empty["takings"]!.AsArray().Concat(empty["refunds"]!.AsArray()), m => Assert.Equal((0L, 0), (Kopecks(m!["amount"]), (int)m["count"]!)));
        Assert.Equal(0, (int)empty["packagesSold"]!);
    }

    /// <summary>
    /// A seeded random history of course sales and refunds, visits booked and checked in, payments (whole, partial, a kopeck
    /// too much) and refunds (whole, partial, a kopeck too much), with the clock moving on across days. Afterwards the
    /// records, the balances and the cash reports agree with a ledger kept here, per client and per day, and nothing is negative.
    /// </summary>
    [Fact]
    public async Task Random_histories_of_sales_visits_payments_and_refunds_conserve_money_per_client_and_per_day()
    {
        const int Seed = 20_261_125, Steps = 120;
        var random = new Random(Seed);
        // Days of its own: the clock has never been on tomorrow, so the days below hold this history's money only.
        // It starts at 09:00 there, not at the wall clock's hour, so the seeded history is the same at any time of day
        // (started late in the evening, a visit "soon" crossed midnight and was refused as outside working hours).
        var tomorrow = App.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(3)).Date.AddDays(1).AddHours(9);
        App.Clock.SetUtcNow(new DateTimeOffset(tomorrow, TimeSpan.FromHours(3)));
        var salon = new SalonBuilder(App);
        var services = new[]
        {
            (Id: await salon.ManualServiceAsync(duration: 60, price: 1800m), Minutes: 60, Price: 180_000L),
            (Id: await salon.ManualServiceAsync(duration: 45, price: 2333.33m), Minutes: 45, Price: 233_333L),
        };
        var therapists = new[] { await salon.TherapistAsync(), await salon.TherapistAsync(), await salon.TherapistAsync() };
        var clients = new List<Guid>();
        for (var i = 0; i < 4; i++) clients.Add(await salon.ClientAsync());
        var templates = new[]
        {
            (Id: SalonBuilder.Id(await App.TemplateAsync(services[0].Id, sessions: 10, price: 16200m)), Price: 1_620_000L),
            (Id: SalonBuilder.Id(await App.TemplateAsync(null, serviceKind: "manual", sessions: 3, price: 1000.01m)), Price: 100_001L),
        };
        string[] methods = ["cash", "card"];
        var ledger = new Ledger();
        var visits = new List<Visit>();
        var payments = new List<Paid>();
        var courses = new List<Sold>();
        var receipts = new List<(JsonNode ReceiptId, string Kind, string Method, long Amount)>();

        for (var step = 0; step < Steps; step++)
        {
            var desk = App.FrontDesk();
            var day = App.Today();
            var now = App.Clock.GetUtcNow();
            var method = methods[random.Next(methods.Length)];
            var client = clients[random.Next(clients.Count)];
            switch (random.Next(10))
            {
                case 0: // a course sold
                {
                    var (template, price) = templates[random.Next(templates.Length)];
                    var sold = await desk.SellAsync(client, template, method);
                    var sale = await App.ScalarAsync<Guid>("SELECT id FROM payments WHERE package_id = @id AND purpose = 'package_sale'", new { id = SalonBuilder.Id(sold) });
                    courses.Add(new Sold(SalonBuilder.Id(sold), client, price));
                    payments.Add(new Paid(sale, client, method, price, null, IsSale: true));
                    ledger.Record(client, day, "payment", method, price, sale: true);
                    receipts.Add((sold["receiptId"]!, "payment", method, price));
                    break;
                }
                case 1 or 2: // a visit booked soon with whichever therapist the dice pick; a taken time is simply refused
                {
                    var (service, minutes, price) = services[random.Next(services.Length)];
                    var start = App.Soon(15 * random.Next(2, 9));
                    var response = await desk.Book(client, service, therapists[random.Next(therapists.Length)], start);
                    if (response.StatusCode == HttpStatusCode.Created)
                        visits.Add(new Visit(SalonBuilder.Id(await response.Expect(HttpStatusCode.Created)), client, price, start, start.AddMinutes(minutes)));
                    else
                        Assert.Contains((string?)(await response.Expect(HttpStatusCode.Conflict))["code"], new[] { "slot-taken", "client-busy" });
                    break;
                }
                case 3: // a visit checked in, when the desk is inside its window
                {
                    var open = visits.Where(v => !v.CheckedIn && now >= v.Start.AddHours(-2) && now < v.End).ToList();
                    if (open.Count == 0) break;
                    var visit = open[random.Next(open.Count)];
                    await (await desk.PostJson($"/api/v1/bookings/{visit.Id}/check-in", SalonBuilder.DayOf())).Expect(HttpStatusCode.OK);
                    visit.CheckedIn = true;
                    break;
                }
                case 4 or 5 or 6: // a visit paid: all that is due, a part of it, or a kopeck too much
                {
                    if (visits.Count == 0) break;
                    var visit = visits[random.Next(visits.Count)];
                    var due = visit.Price - visit.Net;
                    var amount = Math.Max(1, random.Next(3) switch { 0 => due, 1 => due > 1 ? random.NextInt64(1, due) : due, _ => due + 1 });
                    var response = await Pay(desk, visit.Id, Rubles(amount), method);
                    if (amount > due)
                    {
                        await response.ExpectProblem(HttpStatusCode.UnprocessableEntity, "overpayment");
                        break;
                    }
                    var paid = await response.Expect(HttpStatusCode.Created);
                    Assert.Equal(amount, Kopecks(paid["amount"]));
                    payments.Add(new Paid(SalonBuilder.Id(paid), visit.Client, method, amount, visit, IsSale: false));
                    visit.Net += amount;
                    ledger.Record(visit.Client, day, "payment", method, amount);
                    receipts.Add((paid["receiptId"]!, "payment", method, amount));
                    break;
                }
                case 7 or 8: // a payment refunded: what is left of it, a part, or a kopeck more
                {
                    if (payments.Count == 0) break;
                    var payment = payments[random.Next(payments.Count)];
                    if (payment.IsSale)
                    {
                        await (await Refund(desk, payment.Id, 1m)).ExpectProblem(HttpStatusCode.UnprocessableEntity, "refund-package-instead");
                        break;
                    }
                    var left = payment.Amount - payment.Refunded;
                    var amount = Math.Max(1, random.Next(3) switch { 0 => left, 1 => left > 1 ? random.NextInt64(1, left) : left, _ => left + 1 });
                    var response = await Refund(desk, payment.Id, Rubles(amount));
                    if (amount > left)
                    {
                        await response.ExpectProblem(HttpStatusCode.UnprocessableEntity, "over-refund");
                        break;
                    }
                    var refund = await response.Expect(HttpStatusCode.Created);
                    Assert.Equal(payment.Method, (string?)refund["method"]);
                    payment.Refunded += amount;
                    payment.Visit!.Net -= amount;
                    ledger.Record(payment.Client, day, "refund", payment.Method, amount);
                    receipts.Add((refund["receiptId"]!, "refund", payment.Method, amount));
                    break;
                }
                default: // a course refunded: none of it was used, so all of it comes back, once
                {
                    if (courses.Count == 0) break;
                    var course = courses[random.Next(courses.Count)];
                    var response = await desk.PostJson($"/api/v1/packages/{course.Id}/refund", new { method });
                    if (course.Refunded)
                    {
                        await response.ExpectProblem(HttpStatusCode.Conflict, "package-refunded");
                        break;
                    }
                    var refund = await response.Expect(HttpStatusCode.Created);
                    Assert.Equal(course.Price, Kopecks(refund["amount"]));
                    course.Refunded = true;
                    ledger.Record(course.Client, day, "refund", method, course.Price);
                    receipts.Add((refund["receiptId"]!, "refund", method, course.Price));
                    break;
                }
            }
            if (random.Next(6) == 0)
                App.Clock.Advance(TimeSpan.FromMinutes(random.Next(30, 300)));
        }

        Assert.True(ledger.Days.Count >= 2, "the history should span more than one day");
        Assert.Contains(receipts, r => r.Kind == "refund");
        var check = App.FrontDesk();

        // Per client: the records in SQL and the balance the API derives both match the ledger; nothing is negative.
        foreach (var client in clients)
        {
            var (paid, refunded) = (ledger.Client(client, "payment"), ledger.Client(client, "refund"));
            Assert.Equal(paid, await App.ScalarAsync<long>("SELECT COALESCE(SUM(amount_kopecks), 0) FROM payments WHERE client_id = @client AND kind = 'payment'", new { client }));
            Assert.Equal(refunded, await App.ScalarAsync<long>("SELECT COALESCE(SUM(amount_kopecks), 0) FROM payments WHERE client_id = @client AND kind = 'refund'", new { client }));
            var balance = await BalanceAsync(check, client);
            Assert.Equal((paid, refunded, paid - refunded), (Kopecks(balance["paid"]), Kopecks(balance["refunded"]), Kopecks(balance["net"])));
            Assert.True(paid - refunded >= 0);
            Assert.Equal(visits.Where(v => v.Client == client && v.CheckedIn).Sum(v => v.Price - v.Net), Kopecks(balance["dueForVisits"]));
            Assert.Equal(courses.Where(c => c.Client == client && !c.Refunded).Sum(c => c.Price), Kopecks(balance["prepaidSessionsValue"]));
        }

        // Per day: the records in SQL and the cash report both match the ledger.
        foreach (var day in ledger.Days)
        {
            var report = await check.CashReportAsync(day);
            foreach (var method in methods)
                foreach (var (kind, list) in new[] { ("payment", "takings"), ("refund", "refunds") })
                {
                    var (sum, count) = ledger.Day(day, kind, method);
                    Assert.Equal(sum, await App.ScalarAsync<long>(
                        "SELECT COALESCE(SUM(amount_kopecks), 0) FROM payments WHERE local_date = @day AND kind = @kind AND method = @method", new { day, kind, method }));
                    var line = report[list]!.AsArray().Single(m => (string?)m!["method"] == method)!;
                    Assert.Equal((sum, count), (Kopecks(line["amount"]), (int)line["count"]!));
                }
            var net = methods.Sum(m => ledger.Day(day, "payment", m).Sum - ledger.Day(day, "refund", m).Sum);
            Assert.Equal(net, Kopecks(report["netTakings"]));
            Assert.Equal(ledger.Sales(day), ((int)report["packagesSold"]!, Kopecks(report["packagesSoldAmount"])));
        }

        // Nothing over and nothing negative: no payment refunded beyond itself, no visit paid beyond its price or below zero,
        // no course refunded beyond its price.
        Assert.Equal(0L, await App.ScalarAsync<long>("""
            SELECT COUNT(*) FROM payments p
            WHERE p.kind = 'payment' AND p.amount_kopecks < (SELECT COALESCE(SUM(r.amount_kopecks), 0) FROM payments r WHERE r.refund_of = p.id)
            """));
        Assert.Equal(0L, await App.ScalarAsync<long>("""
            SELECT COUNT(*) FROM bookings b
            WHERE EXISTS (SELECT 1 FROM payments p WHERE p.booking_id = b.id)
              AND (SELECT SUM(CASE WHEN p.kind = 'payment' THEN p.amount_kopecks ELSE -p.amount_kopecks END) FROM payments p WHERE p.booking_id = b.id)
                  NOT BETWEEN 0 AND b.price_kopecks
            """));
        Assert.Equal(0L, await App.ScalarAsync<long>("""
            SELECT COUNT(*) FROM packages k
            WHERE k.price_kopecks < (SELECT COALESCE(SUM(p.amount_kopecks), 0) FROM payments p WHERE p.package_id = k.id AND p.kind = 'refund')
            """));

        // Each record's receipt takes exactly its money, by its method, as income or its refund.
        foreach (var (receiptId, kind, method, amount) in receipts)
        {
            var receipt = await check.ReceiptAsync(receiptId);
            Assert.Equal(kind == "payment" ? "income" : "refund_of_income", (string?)receipt["operation"]);
            Assert.Equal(amount, Kopecks(receipt[method]));
            Assert.Equal(0, Kopecks(receipt[method == "cash" ? "card" : "cash"]));
        }
    }

    private async Task<(SalonBuilder Salon, Guid Service, Guid Therapist)> SalonAsync(decimal price)
    {
        var salon = new SalonBuilder(App);
        return (salon, await salon.ManualServiceAsync(price: price), await salon.TherapistAsync());
    }

    private static Task<HttpResponseMessage> Pay(HttpClient desk, Guid booking, decimal amount, string method) =>
        desk.PostJson($"/api/v1/bookings/{booking}/payments", new { amount, method });

    private static Task<HttpResponseMessage> Refund(HttpClient desk, Guid payment, decimal amount) =>
        desk.PostJson($"/api/v1/payments/{payment}/refunds", new { amount });

    private static async Task<JsonNode> BalanceAsync(HttpClient desk, Guid client) =>
        await (await desk.GetAsync($"/api/v1/clients/{client}/balance")).Expect(HttpStatusCode.OK);

    /// <summary>VAT included in a sum at a rate, rounded half up to the kopeck: an independent reckoning in decimal.</summary>
    private static long HalfUp(decimal sum, string rate)
    {
        if (rate == "none") return 0;
        var r = decimal.Parse(rate.TrimEnd('%'), System.Globalization.CultureInfo.InvariantCulture);
        return (long)(Math.Round(sum * r / (100 + r), 2, MidpointRounding.AwayFromZero) * 100);
    }

    private sealed class Ledger
    {
        private readonly Dictionary<(Guid Client, string Kind), long> _clients = new();
        private readonly Dictionary<(string Day, string Kind, string Method), (long Sum, int Count)> _days = new();
        private readonly Dictionary<string, (int Count, long Sum)> _sales = new();

        public SortedSet<string> Days { get; } = new(StringComparer.Ordinal);

        public void Record(Guid client, string day, string kind, string method, long amount, bool sale = false)
        {
            Assert.True(amount > 0);
            _clients[(client, kind)] = Client(client, kind) + amount;
            var (sum, count) = Day(day, kind, method);
            _days[(day, kind, method)] = (sum + amount, count + 1);
            if (sale)
            {
                var (sales, total) = Sales(day);
                _sales[day] = (sales + 1, total + amount);
            }
            Days.Add(day);
        }

        public long Client(Guid client, string kind) => _clients.GetValueOrDefault((client, kind));
        public (long Sum, int Count) Day(string day, string kind, string method) => _days.GetValueOrDefault((day, kind, method));
        public (int Count, long Sum) Sales(string day) => _sales.GetValueOrDefault(day);
    }

    private sealed record Visit(Guid Id, Guid Client, long Price, DateTimeOffset Start, DateTimeOffset End)
    {
        public long Net { get; set; }
        public bool CheckedIn { get; set; }
    }

    private sealed record Paid(Guid Id, Guid Client, string Method, long Amount, Visit? Visit, bool IsSale)
    {
        public long Refunded { get; set; }
    }

    private sealed record Sold(Guid Id, Guid Client, long Price)
    {
        public bool Refunded { get; set; }
    }
}

public sealed class PaymentsOnSqlite(SqliteApp app) : PaymentsTests(app), IClassFixture<SqliteApp>;
public sealed class PaymentsOnPostgres(PostgresApp app) : PaymentsTests(app), IClassFixture<PostgresApp>;
public sealed class PaymentsOnSqlServer(SqlServerApp app) : PaymentsTests(app), IClassFixture<SqlServerApp>;
