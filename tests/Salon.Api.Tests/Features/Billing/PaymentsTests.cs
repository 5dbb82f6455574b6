using System.Net;
using System.Text.Json.Nodes;
using Salon.Api.Tests.Infrastructure;
using static Salon.Api.Tests.Infrastructure.Billing;

namespace Salon.Api.Tests;

/// <summary>
/// Paying for visits and refunding: at the booked price, in parts, never more than due or paid, once per key; every
/// payment with its 54-FZ receipt under the VAT mode of its day; the day's cash report (random histories:
/// MoneyHistoryTests).
/// </summary>
public abstract class PaymentsTests(SalonApp app) : ProviderTests(app)
{
    [Fact]
    public async Task A_visit_is_paid_at_the_price_snapshotted_on_its_booking()
    {
        var (salon, service, therapist) = await SalonAsync(price: 1800m);
        var client = await salon.ClientAsync();
        var booking = await App.FrontDesk().BookAsync(client, service, therapist, App.Soon());
        await (await App.Admin().PostJson($"/api/v1/services/{service}/prices", new { price = 2500m,
            effectiveFrom = App.Clock.GetUtcNow().AddMinutes(1) }))
            .Expect(HttpStatusCode.Created);
        App.Clock.Advance(TimeSpan.FromMinutes(2)); // the new price is in force now
        var desk = App.FrontDesk();
        await (await desk.PostJson($"/api/v1/bookings/{booking}/check-in",
            SalonBuilder.DayOf())).Expect(HttpStatusCode.OK);

        await (await Pay(desk, booking, 2500m, "card")).ExpectProblem(HttpStatusCode.UnprocessableEntity,
            "overpayment");
        var paid = await (await Pay(desk, booking, 1800m, "card")).Expect(HttpStatusCode.Created);

        Assert.Equal(("payment", "visit", "card", 180_000L), ((string?)paid["kind"], (string?)paid["purpose"],
            (string?)paid["method"], Kopecks(paid["amount"])));
        Assert.Equal(booking.ToString(), (string?)paid["bookingId"]);
        var receipt = await desk.ReceiptAsync(paid["receiptId"]);
        Assert.Equal(("income", "visit"), ((string?)receipt["operation"], (string?)receipt["event"]));
        Assert.Equal((180_000L, 0L, 180_000L), (Kopecks(receipt["total"]), Kopecks(receipt["cash"]),
            Kopecks(receipt["card"])));
        var line = Assert.Single(receipt["lines"]!.AsArray())!;
        AssertFiscalLine(line);
        Assert.Equal((4, 180_000L, 0L), ((int)line["paymentMethod"]!, Kopecks(line["sum"]),
            Kopecks(line["prepaymentOffset"])));

        await (await Pay(desk, booking, 0.01m, "cash")).ExpectProblem(HttpStatusCode.UnprocessableEntity,
            "overpayment");
        var balance = await BalanceAsync(desk, client);
        Assert.Equal((180_000L, 0L, 180_000L, 0L), (Kopecks(balance["paid"]), Kopecks(balance["refunded"]),
            Kopecks(balance["net"]), Kopecks(balance["dueForVisits"])));
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
        Assert.Equal((2, 50_000L, 0L), ((int)depositLine["paymentMethod"]!, Kopecks(depositLine["sum"]),
            Kopecks(depositLine["prepaymentOffset"])));

        var over = await (await Pay(desk, booking, 1300.01m, "card")).ExpectProblem(HttpStatusCode.UnprocessableEntity,
            "overpayment");
        Assert.Contains("1300.00", (string?)over["detail"]);
        await (await desk.PostJson($"/api/v1/bookings/{booking}/check-in",
            SalonBuilder.DayOf())).Expect(HttpStatusCode.OK);
        Assert.Equal(130_000, Kopecks((await BalanceAsync(desk, client))["dueForVisits"]));

        var rest = await (await Pay(desk, booking, 1300m, "card")).Expect(HttpStatusCode.Created);
        Assert.Equal("visit", (string?)rest["purpose"]);
        var receipt = await desk.ReceiptAsync(rest["receiptId"]);
        Assert.Equal((180_000L, 0L, 130_000L, 50_000L),
            (Kopecks(receipt["total"]), Kopecks(receipt["cash"]), Kopecks(receipt["card"]),
                Kopecks(receipt["prepaymentOffset"])));
        var line = Assert.Single(receipt["lines"]!.AsArray())!;
        AssertFiscalLine(line);
        Assert.Equal((4, 180_000L, 50_000L), ((int)line["paymentMethod"]!, Kopecks(line["sum"]),
            Kopecks(line["prepaymentOffset"])));
        Assert.Equal(180_000L,
            await App.ScalarAsync<long>("SELECT SUM(amount_kopecks) FROM payments WHERE booking_id = @booking",
            new { booking }));
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
        await (await desk.PostJson($"/api/v1/bookings/{booking}/check-in",
            SalonBuilder.DayOf())).Expect(HttpStatusCode.OK);

        var part = await desk.ReceiptAsync((await (await Pay(desk, booking, 1000m,
            "card")).Expect(HttpStatusCode.Created))["receiptId"]);
        var partLine = Assert.Single(part["lines"]!.AsArray())!;
        AssertFiscalLine(partLine);
        Assert.Equal((5, 180_000L, 30_000L), ((int)partLine["paymentMethod"]!, Kopecks(partLine["sum"]),
            Kopecks(partLine["prepaymentOffset"])));
        Assert.Equal((100_000L, 50_000L), (Kopecks(part["card"]), Kopecks(part["credit"])));

        var last = await desk.ReceiptAsync((await (await Pay(desk, booking, 500m,
            "cash")).Expect(HttpStatusCode.Created))["receiptId"]);
        var lastLine = Assert.Single(last["lines"]!.AsArray())!;
        AssertFiscalLine(lastLine);
        Assert.Equal((7, 50_000L, 0L), ((int)lastLine["paymentMethod"]!, Kopecks(lastLine["sum"]),
            Kopecks(lastLine["prepaymentOffset"])));
        Assert.Equal(0L, Kopecks(last["credit"]));

        // The service's price appears once across its receipts: the deposit, the service itself less that deposit, the
        // credit paid off.
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

        var receipts = (await desk.AllAsync($"/api/v1/clients/{client}/receipts"));
        var visit = Assert.Single(receipts, r => (string?)r!["event"] == "visit")!;
        Assert.Equal((180_000L, 0L, 0L, 180_000L, 0L),
            (Kopecks(visit["total"]), Kopecks(visit["cash"]), Kopecks(visit["card"]),
                Kopecks(visit["prepaymentOffset"]), Kopecks(visit["credit"])));
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
        await (await desk.PostJson($"/api/v1/bookings/{booking}/check-in",
            SalonBuilder.DayOf())).Expect(HttpStatusCode.OK);
        var wrong = await (await Pay(desk, booking, 1000m, "card")).Expect(HttpStatusCode.Created);
        await (await Refund(desk, SalonBuilder.Id(wrong), 1000m)).Expect(HttpStatusCode.Created);

        var again = await desk.ReceiptAsync((await (await Pay(desk, booking, 1800m,
            "cash")).Expect(HttpStatusCode.Created))["receiptId"]);

        var line = Assert.Single(again["lines"]!.AsArray())!;
        Assert.Equal((4, 180_000L, 0L), ((int)line["paymentMethod"]!, Kopecks(line["sum"]),
            Kopecks(line["prepaymentOffset"])));
    }

    [Fact]
    public async Task Refunds_return_at_most_what_is_left_of_a_payment_by_its_method()
    {
        var (salon, service, therapist) = await SalonAsync(price: 1800m);
        var client = await salon.ClientAsync();
        var desk = App.FrontDesk();
        var booking = await desk.BookAsync(client, service, therapist, App.Soon());
        await (await desk.PostJson($"/api/v1/bookings/{booking}/check-in",
            SalonBuilder.DayOf())).Expect(HttpStatusCode.OK);
        var paid = await (await Pay(desk, booking, 1800m, "cash")).Expect(HttpStatusCode.Created);
        var payment = SalonBuilder.Id(paid);

        var first = await (await Refund(desk, payment, 1000m)).Expect(HttpStatusCode.Created);
        Assert.Equal(("refund", "refund", "cash", 100_000L), ((string?)first["kind"], (string?)first["purpose"],
            (string?)first["method"], Kopecks(first["amount"])));
        Assert.Equal(payment.ToString(), (string?)first["refundOf"]);
        Assert.Equal(booking.ToString(), (string?)first["bookingId"]);
        var receipt = await desk.ReceiptAsync(first["receiptId"]);
        Assert.Equal(("refund_of_income", "refund"), ((string?)receipt["operation"], (string?)receipt["event"]));
        Assert.Equal(100_000, Kopecks(receipt["cash"]));
        var line = Assert.Single(receipt["lines"]!.AsArray())!;
        AssertFiscalLine(line);
        Assert.Equal((4, 100_000L), ((int)line["paymentMethod"]!, Kopecks(line["sum"]))); // as on the payment's receipt

        var over = await (await Refund(desk, payment, 800.01m)).ExpectProblem(HttpStatusCode.UnprocessableEntity,
            "over-refund");
        Assert.Contains("800.00", (string?)over["detail"]);
        await (await Refund(desk, payment, 800m)).Expect(HttpStatusCode.Created);
        await (await Refund(desk, payment, 0.01m)).ExpectProblem(HttpStatusCode.UnprocessableEntity, "over-refund");

        await (await Refund(desk, SalonBuilder.Id(first), 1m)).ExpectProblem(HttpStatusCode.NotFound,
            "not-found"); // a refund is not refunded
        await (await Refund(desk, Guid.NewGuid(), 1m)).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await Refund(desk, payment, 0m)).ExpectProblem(HttpStatusCode.BadRequest, "validation");
        await (await Refund(desk, payment, 1.001m)).ExpectProblem(HttpStatusCode.BadRequest, "validation");
        await (await Pay(desk, booking, -1m, "cash")).ExpectProblem(HttpStatusCode.BadRequest, "validation");
        await (await Pay(desk, booking, 10m, "package")).ExpectProblem(HttpStatusCode.BadRequest, "malformed-request");

        var balance = await BalanceAsync(desk, client);
        Assert.Equal((180_000L, 180_000L, 0L), (Kopecks(balance["paid"]), Kopecks(balance["refunded"]),
            Kopecks(balance["net"])));
        Assert.Equal(180_000, Kopecks(balance["dueForVisits"])); // everything went back, so the visit is owed again
    }

    [Fact]
    public async Task A_payment_or_refund_retried_under_the_same_key_happens_once()
    {
        var (salon, service, therapist) = await SalonAsync(price: 1800m);
        var booking = await App.FrontDesk().BookAsync(await salon.ClientAsync(), service, therapist, salon.Start(3,
            11));
        var desk = App.FrontDesk();
        var payKey = "pay-" + Guid.NewGuid().ToString("N");

        var paid = await (await desk.PostWithKey($"/api/v1/bookings/{booking}/payments", payKey, new { amount = 700m,
            method = "card" })).Expect(HttpStatusCode.Created);
        var again = await desk.PostWithKey($"/api/v1/bookings/{booking}/payments", payKey, new { amount = 700m,
            method = "card" });
        Assert.Equal("true", Assert.Single(again.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal((string?)paid["id"], (string?)(await again.Expect(HttpStatusCode.Created))["id"]);
        Assert.Equal($"/api/v1/payments/{paid["id"]}", again.Headers.Location?.OriginalString);
        await (await desk.PostWithKey($"/api/v1/bookings/{booking}/payments", payKey, new { amount = 701m,
            method = "card" }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
        Assert.Equal(1L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM payments WHERE booking_id = @booking",
            new { booking }));

        var refundKey = "refund-" + Guid.NewGuid().ToString("N");
        var refunds = new List<JsonNode>();
        for (var i = 0; i < 3; i++)
            refunds.Add(await (await desk.PostWithKey($"/api/v1/payments/{paid["id"]}/refunds", refundKey,
                new { amount = 200m })).Expect(HttpStatusCode.Created));
        Assert.Single(refunds.Select(r => (string?)r["id"]).Distinct());
        Assert.Equal(20_000L,
            await App.ScalarAsync<long>("SELECT SUM(amount_kopecks) FROM payments WHERE refund_of = @id",
            new { id = SalonBuilder.Id(paid) }));
    }

    [Fact]
    public async Task A_visit_on_a_package_a_cancelled_visit_and_an_unknown_booking_are_not_paid()
    {
        var course = await App.CourseAsync(minDaysBetween: 0);
        var desk = App.FrontDesk();
        var onPackage = await desk.BookAsync(course, course.Salon.Start(3, 11));
        var single = await desk.BookAsync(course.Client, course.Service, course.Therapist, course.Salon.Start(3, 14));
        await (await desk.PostJson($"/api/v1/bookings/{single}/cancel",
            new { by = "salon" })).Expect(HttpStatusCode.OK);

        await (await Pay(desk, onPackage, 100m, "cash")).ExpectProblem(HttpStatusCode.UnprocessableEntity,
            "paid-by-package");
        await (await Pay(desk, single, 100m, "cash")).ExpectProblem(HttpStatusCode.UnprocessableEntity,
            "visit-not-payable");
        await (await Pay(desk, Guid.NewGuid(), 100m, "cash")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await Pay(App.ClientAs("client", clientId: course.Client), single, 100m,
            "card")).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(0L,
            await App.ScalarAsync<long>("SELECT COUNT(*) FROM payments WHERE booking_id IN (@onPackage, @single)",
            new { onPackage, single }));
    }

    [Fact]
    public async Task Desks_paying_and_refunding_one_visit_at_once_never_pass_its_price_or_the_payment()
    {
        var (salon, service, therapist) = await SalonAsync(price: 1800m);
        var booking = await App.FrontDesk().BookAsync(await salon.ClientAsync(), service, therapist, salon.Start(3,
            11));

        var payments = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Pay(App.FrontDesk(), booking, 500m,
            "card")));

        Assert.Equal(3, payments.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var refused in payments.Where(r => r.StatusCode != HttpStatusCode.Created))
            await refused.ExpectProblem(HttpStatusCode.UnprocessableEntity, "overpayment");
        Assert.Equal(150_000L,
            await App.ScalarAsync<long>("SELECT SUM(amount_kopecks) FROM payments WHERE booking_id = @booking",
            new { booking }));

        var payment = SalonBuilder.Id(await payments.First(r
            => r.StatusCode == HttpStatusCode.Created).Expect(HttpStatusCode.Created));
        var refunds = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Refund(App.FrontDesk(), payment, 200m)));

        Assert.Equal(2, refunds.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var refused in refunds.Where(r => r.StatusCode != HttpStatusCode.Created))
            await refused.ExpectProblem(HttpStatusCode.UnprocessableEntity, "over-refund");
        Assert.Equal(40_000L,
            await App.ScalarAsync<long>("SELECT SUM(amount_kopecks) FROM payments WHERE refund_of = @payment",
            new { payment }));
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
        await (await desk.PostJson($"/api/v1/bookings/{visit}/check-in",
            SalonBuilder.DayOf())).Expect(HttpStatusCode.OK);
        var rest = await (await Pay(desk, visit, 1500m, "card")).Expect(HttpStatusCode.Created);
        await (await Refund(desk, SalonBuilder.Id(rest), 100m)).Expect(HttpStatusCode.Created);
        await (await desk.PostJson($"/api/v1/packages/{course.Package}/refund",
            new { method = "card" })).Expect(HttpStatusCode.Created);

        var receipts = (await desk.AllAsync($"/api/v1/clients/{course.Client}/receipts")).Select(r => r!).ToList();

        Assert.Equal(["deposit", "package_redemption", "package_refund", "package_sale", "refund", "visit"],
            receipts.Select(r => (string)r["event"]!).Order(StringComparer.Ordinal));
        var byEvent = receipts.ToDictionary(r => (string)r["event"]!);
        foreach (var receipt in receipts)
        {
            Assert.Equal(course.Client.ToString(), (string?)receipt["clientId"]);
            Assert.NotNull(receipt["at"]);
            var line = Assert.Single(receipt["lines"]!.AsArray())!;
            AssertFiscalLine(line);
            Assert.Equal(Kopecks(receipt["total"]), Kopecks(line["sum"]));
            Assert.Equal(Kopecks(receipt["total"]),
                Kopecks(receipt["cash"]) + Kopecks(receipt["card"]) + Kopecks(receipt["prepaymentOffset"]));
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
                ((string)byEvent[name]["operation"]!, (int)line["paymentMethod"]!, Kopecks(line["sum"]),
                    Kopecks(line["prepaymentOffset"])));
        }
        Assert.Equal(6L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM receipts WHERE client_id = @client",
            new { client = course.Client }));
        Assert.Equal(5L,
            await App.ScalarAsync<long>("SELECT COUNT(DISTINCT receipt_id) FROM payments WHERE client_id = @client",
            new { client = course.Client }));
    }

    [Fact]
    public async Task Receipts_carry_the_vat_of_the_mode_in_force_that_day_rounded_half_up_per_line()
    {
        var admin = App.Admin();
        await (await admin.PostJson("/api/v1/settings/vat", new { effectiveFrom = App.Date(-1), mode = "vat22" }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "vat-in-past");
        await (await App.FrontDesk().PostJson("/api/v1/settings/vat", new { effectiveFrom = App.Date(1),
            mode = "vat22" }))
            .ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        // Each day a new mode, then back to none so that the other tests of this fixture see no VAT. The payments are
        // made before the visits, so they are deposits (1214 = 2): advance lines carry the calculated rate r/(100+r).
        var days = new (string Mode, decimal Amount, string Rate, long Vat)[]
        {
            ("vat5", 1000.00m, "5/105", 4_762),    // 47.619… → 47.62
            ("vat7", 1000.07m, "7/107", 6_543),    // 65.425… → 65.43
            ("vat22", 1000.00m, "22/122", 18_033), // 180.327… → 180.33
            ("none", 1000.00m, "none", 0),
        };
        for (var i = 0; i < days.Length; i++)
            await (await admin.PostJson("/api/v1/settings/vat", new { effectiveFrom = App.Date(i + 1),
                mode = days[i].Mode })).Expect(HttpStatusCode.OK);
        await (await admin.PostJson("/api/v1/settings/vat", new { effectiveFrom = App.Date(2), mode = "vat22" }))
            .ExpectProblem(HttpStatusCode.Conflict, "vat-date-taken");
        var modes = (await App.FrontDesk().AllAsync("/api/v1/settings/vat"));
        Assert.Equal(days.Select((d, i) => (App.Date(i + 1), d.Mode)), modes.TakeLast(4).Select(m
            => ((string)m!["effectiveFrom"]!, (string)m["mode"]!)));

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
                // An advance (1214 = 1) carries the calculated rate 5/105: the same VAT amount, the rate a cash
                // register needs.
                Assert.Equal(("5/105", 77_143L), ((string?)saleLine["vatRate"],
                    Kopecks(saleLine["vatAmount"]))); // 771.428… → 771.43
            }
            if (mode == "vat22")
            {
                var refund = await (await Refund(desk, SalonBuilder.Id(paid), 1000m)).Expect(HttpStatusCode.Created);
                var refundLine = (await desk.ReceiptAsync(refund["receiptId"]))["lines"]![0]!;
                // The refund copies the rate and tag of the deposit line it refunds.
                Assert.Equal(("22/122", 18_033L, 2), ((string?)refundLine["vatRate"], Kopecks(refundLine["vatAmount"]),
                    (int)refundLine["paymentMethod"]!));
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
        await (await later.PostJson($"/api/v1/packages/{course.Package}/refund",
            new { method = "card" })).Expect(HttpStatusCode.Created);

        Assert.True(thatEvening >= 1_620_000);
        Assert.Equal(thatEvening, Kopecks((await later.CashReportAsync(soldOn))["prepaidSessionsOutstanding"]));
        // Today the course was used once and then refunded: tonight it holds nothing.
        Assert.Equal(thatEvening - 1_620_000,
            Kopecks((await later.CashReportAsync(App.Today()))["prepaidSessionsOutstanding"]));
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
        await (await desk.PostJson($"/api/v1/bookings/{visit}/check-in",
            SalonBuilder.DayOf())).Expect(HttpStatusCode.OK);
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
        await (await desk.GetAsync("/api/v1/reports/cash")).ExpectProblem(HttpStatusCode.BadRequest,
            "malformed-request");
        await (await desk.GetAsync("/api/v1/reports/cash?date=2026-13-40")).ExpectProblem(HttpStatusCode.BadRequest,
            "malformed-request");
        await (await App.ClientAs("client",
            clientId: Guid.NewGuid()).GetAsync($"/api/v1/reports/cash?date={App.Today()}"))
            .ExpectProblem(HttpStatusCode.Forbidden, "forbidden");

        var empty = await desk.CashReportAsync(App.Date(200)); // no money moves on a day nobody has reached
        Assert.All(empty["takings"]!.AsArray().Concat(empty["refunds"]!.AsArray()), m => Assert.Equal((0L, 0),
            (Kopecks(m!["amount"]), (int)m["count"]!)));
        Assert.Equal(0, (int)empty["packagesSold"]!);
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

    /// <summary>VAT included in a sum at a rate, rounded half up to the kopeck: an independent reckoning in
    /// decimal.</summary>
    private static long HalfUp(decimal sum, string rate)
    {
        if (rate == "none") return 0;
        var r = decimal.Parse(rate.Split('/')[0].TrimEnd('%'), System.Globalization.CultureInfo.InvariantCulture);
        return (long)(Math.Round(sum * r / (100 + r), 2, MidpointRounding.AwayFromZero) * 100);
    }
}

public sealed class PaymentsOnSqlite(SqliteApp app) : PaymentsTests(app), IClassFixture<SqliteApp>;
public sealed class PaymentsOnPostgres(PostgresApp app) : PaymentsTests(app), IClassFixture<PostgresApp>;
public sealed class PaymentsOnSqlServer(SqlServerApp app) : PaymentsTests(app), IClassFixture<SqlServerApp>;
