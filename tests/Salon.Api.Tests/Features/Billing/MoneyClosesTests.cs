using System.Net;
using System.Text.Json.Nodes;
using Salon.Api.Tests.Infrastructure;
using static Salon.Api.Tests.Infrastructure.Billing;

namespace Salon.Api.Tests;

/// <summary>
/// Money that closes (issue 11): 54-FZ receipts right for advances and refunds, every kopeck of an advance offset,
/// refunded, kept with a receipt under a policy the client accepted, or outstanding; payments readable and append-only.
/// One test per defect the issue lists, each seen failing on the code before the fix.
/// </summary>
public abstract class MoneyClosesTests(SalonApp app) : ProviderTests(app)
{
    // 1. Advance lines carried the ordinary rate ("22%") where 54-FZ wants the calculated one (22/122).
    [Fact]
    public async Task Advance_lines_carry_the_calculated_vat_rate_and_offset_lines_the_ordinary_one()
    {
        await VatFromTomorrowAsync("vat22");
        try
        {
            var course = await App.CourseAsync(sessions: 10, price: 16200m, minDaysBetween: 0);
            var desk = App.FrontDesk();
            var sale = Line(await desk.ReceiptAsync(course.Sold["receiptId"]));
            Assert.Equal((1, "22/122", 292_131L), ((int)sale["paymentMethod"]!, (string?)sale["vatRate"],
                Kopecks(sale["vatAmount"]))); // 2 921.311…

            var visit = await desk.BookAsync(course.Client, course.Service, course.Therapist, App.Soon(150));
            var deposit = await (await Pay(desk, visit, 500m, "cash")).Expect(HttpStatusCode.Created);
            var depositLine = Line(await desk.ReceiptAsync(deposit["receiptId"]));
            Assert.Equal((2, "22/122", 9_016L), ((int)depositLine["paymentMethod"]!, (string?)depositLine["vatRate"],
                Kopecks(depositLine["vatAmount"])));

            await desk.CheckInAndCompleteAsync(await desk.BookAsync(course, App.Soon()));
            var redemption = Line((await ReceiptsAsync(desk, course.Client)).Single(r
                => (string?)r["event"] == "package_redemption"));
            Assert.Equal((4, "22%", 29_213L), ((int)redemption["paymentMethod"]!, (string?)redemption["vatRate"],
                Kopecks(redemption["vatAmount"])));
        }
        finally
        {
            await VatFromTomorrowAsync("none");
        }
    }

    // 2. A refund took the VAT mode of the refund day, not the sale's; there was no 20 % or 10 % rate.
    [Fact]
    public async Task A_refund_receipt_copies_the_rate_and_tag_of_the_line_it_refunds_whatever_the_mode_on_the_refund_day()
    {
        var untaxed = await App.CourseAsync(sessions: 10, price: 16200m);
        await VatFromTomorrowAsync("vat20");
        JsonNode taxed;
        try
        {
            taxed = (await App.CourseAsync(sessions: 10, price: 16200m)).Sold;
            Assert.Equal("20/120", (string?)Line(await App.FrontDesk().ReceiptAsync(taxed["receiptId"]))["vatRate"]);
            await VatFromTomorrowAsync("vat22");
            var desk = App.FrontDesk();

            var refund = await (await desk.PostJson($"/api/v1/packages/{untaxed.Package}/refund",
                new { })).Expect(HttpStatusCode.Created);
            var line = Line(await desk.ReceiptAsync(refund["receiptId"]));
            Assert.Equal(("none", 0L, 1), ((string?)line["vatRate"], Kopecks(line["vatAmount"]),
                (int)line["paymentMethod"]!));

            refund = await (await desk.PostJson($"/api/v1/packages/{SalonBuilder.Id(taxed)}/refund",
                new { })).Expect(HttpStatusCode.Created);
            line = Line(await desk.ReceiptAsync(refund["receiptId"]));
            Assert.Equal(("20/120", 270_000L, 1), ((string?)line["vatRate"], Kopecks(line["vatAmount"]),
                (int)line["paymentMethod"]!)); // 16 200 × 20 / 120
        }
        finally
        {
            await VatFromTomorrowAsync("none");
        }
    }

    // 3. Single-price refunds: money back after every session was used; the difference kept with no receipt.
    [Fact]
    public async Task A_single_price_course_never_refunds_more_than_pro_rata_and_keeps_the_difference_with_a_receipt()
    {
        NextMorning();
        var used = await App.CourseAsync(sessions: 7, price: 9999.99m, minDaysBetween: 0, refundMethod: "single_price",
            servicePrice: 1234.56m);
        var desk = App.FrontDesk();
        for (var i = 0; i < 7; i++)
        {
            await desk.CheckInAndCompleteAsync(await desk.BookAsync(used, App.Soon()));
            App.Clock.Advance(TimeSpan.FromMinutes(80));
        }
        await (await desk.PostJson($"/api/v1/packages/{used.Package}/refund", new { }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "nothing-to-refund");

        NextMorning();
        var course = await App.CourseAsync(sessions: 10, price: 16200m, minDaysBetween: 0, refundMethod: "single_price",
            servicePrice: 1800m);
        desk = App.FrontDesk();
        for (var i = 0; i < 3; i++)
        {
            await desk.CheckInAndCompleteAsync(await desk.BookAsync(course, App.Soon()));
            App.Clock.Advance(TimeSpan.FromMinutes(80));
        }
        var refund = await (await desk.PostJson($"/api/v1/packages/{course.Package}/refund",
            new { })).Expect(HttpStatusCode.Created);

        Assert.Equal(1_080_000L, Kopecks(refund["amount"])); // 16 200 − 3 × 1 800
        var kept = Assert.Single(await ReceiptsAsync(desk, course.Client), r
            => (string?)r["event"] == "package_retained");
        Assert.Equal(("income", 54_000L), ((string?)kept["operation"], Kopecks(kept["total"]))); // 3 × (1 800 − 1 620)
        Assert.Equal((4, 54_000L), ((int)Line(kept)["paymentMethod"]!, Kopecks(Line(kept)["prepaymentOffset"])));
        var ledger = await (await desk.GetAsync($"/api/v1/packages/{course.Package}/ledger")).Expect(HttpStatusCode.OK);
        Assert.Equal((1_620_000L, 486_000L, 1_080_000L, 54_000L, 0L),
            (Kopecks(ledger["price"]), Kopecks(ledger["redeemed"]), Kopecks(ledger["refunded"]),
                Kopecks(ledger["retained"]), Kopecks(ledger["outstanding"])));
    }

    // 4. A deposit on a visit cancelled in time vanished from "deposits outstanding" with no refund and no receipt.
    [Fact]
    public async Task A_deposit_on_a_visit_cancelled_in_time_is_refunded_by_its_method_with_a_receipt_copying_the_deposits_line()
    {
        NextMorning();
        var (salon, service, therapist) = await SalonAsync();
        var client = await salon.ClientAsync();
        var desk = App.FrontDesk();
        var visit = await desk.BookAsync(client, service, therapist, salon.Start(3, 11));
        var deposit = await (await Pay(desk, visit, 500m, "card")).Expect(HttpStatusCode.Created);
        var outstanding = Kopecks((await desk.CashReportAsync(App.Today()))["depositsOutstanding"]);

        await (await desk.PostJson($"/api/v1/bookings/{visit}/cancel",
            new { by = "client" })).Expect(HttpStatusCode.OK);

        var refund = Assert.Single(await App.QueryAsync<RefundRow>(
            "SELECT method, amount_kopecks, refund_of, receipt_id FROM payments WHERE booking_id = @visit AND kind = 'refund'", new { visit }));
        Assert.Equal(("card", 50_000L, SalonBuilder.Id(deposit)), (refund.Method, refund.AmountKopecks,
            refund.RefundOf));
        var receipt = await desk.ReceiptAsync(JsonValue.Create(refund.ReceiptId.ToString()));
        Assert.Equal(("refund_of_income", 50_000L, 2), ((string?)receipt["operation"], Kopecks(receipt["card"]),
            (int)Line(receipt)["paymentMethod"]!));
        // It leaves "deposits outstanding" because it went back, not because it vanished.
        Assert.Equal(outstanding - 50_000, Kopecks((await desk.CashReportAsync(App.Today()))["depositsOutstanding"]));

        // A visit the day-of health check rules out is cancelled free of charge: its deposit goes back too.
        var ruledOut = await desk.BookAsync(client, service, therapist, App.Soon());
        await (await Pay(desk, ruledOut, 300m, "cash")).Expect(HttpStatusCode.Created);
        await (await desk.PostJson($"/api/v1/bookings/{ruledOut}/check-in", SalonBuilder.DayOf("Q01")))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "day-of-check-failed");
        Assert.Equal(30_000L, await RefundedAsync(ruledOut));
    }

    [Fact]
    public async Task A_cancellation_and_refunds_of_its_deposit_at_once_give_back_each_kopeck_exactly_once()
    {
        var (salon, service, therapist) = await SalonAsync();
        var client = await salon.ClientAsync();
        var desk = App.FrontDesk();
        var visit = await desk.BookAsync(client, service, therapist, salon.Start(3, 11));
        var deposit = SalonBuilder.Id(await (await Pay(desk, visit, 500m, "cash")).Expect(HttpStatusCode.Created));

        var cancel = App.FrontDesk().PostJson($"/api/v1/bookings/{visit}/cancel", new { by = "salon" });
        var refunds = Enumerable.Range(0, 6).Select(_ => App.FrontDesk().PostJson($"/api/v1/payments/{deposit}/refunds",
            new { amount = 200m }));
        var answers = await Task.WhenAll(refunds.Append(cancel));

        Assert.All(answers, a
            => Assert.True(a.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.UnprocessableEntity));
        Assert.Equal("cancelled", await App.ScalarAsync<string>("SELECT status FROM bookings WHERE id = @visit",
            new { visit }));
        Assert.Equal(50_000L, await RefundedAsync(visit));
        Assert.Equal(50_000L, await App.ScalarAsync<long>(
            "SELECT COALESCE(SUM(total_kopecks), 0) FROM receipts WHERE booking_id = @visit AND operation = 'refund_of_income'", new { visit }));
    }

    // 4 (the other side). A late cancellation keeps a deposit only where the client accepted that policy, with a
    // receipt.
    [Fact]
    public async Task A_late_cancellation_keeps_the_deposit_with_a_receipt_only_under_an_accepted_policy()
    {
        NextMorning();
        var (salon, service, therapist) = await SalonAsync();
        var client = await salon.ClientAsync();
        var desk = App.FrontDesk();
        var accepted = SalonBuilder.Id(await (await desk.PostJson("/api/v1/bookings", new
        {
            clientId = client, serviceId = service, therapistId = therapist, startsAt = App.Soon(), acceptedPolicyVersion = PolicyVersion,
        })).Expect(HttpStatusCode.Created));
        var notAccepted = await desk.BookAsync(client, service, therapist, App.Soon(150));
        await (await Pay(desk, accepted, 500m, "cash")).Expect(HttpStatusCode.Created);
        await (await Pay(desk, notAccepted, 700m, "cash")).Expect(HttpStatusCode.Created);

        await (await desk.PostJson($"/api/v1/bookings/{accepted}/cancel",
            new { by = "client" })).Expect(HttpStatusCode.OK);
        await (await desk.PostJson($"/api/v1/bookings/{notAccepted}/cancel",
            new { by = "client" })).Expect(HttpStatusCode.OK);

        var kept = Assert.Single(await ReceiptsAsync(desk, client), r => (string?)r["event"] == "deposit_retained");
        Assert.Equal(50_000L, Kopecks((await desk.CashReportAsync(App.Today()))["depositsKept"]));
        Assert.Equal(("income", 50_000L, 4, 50_000L),
            ((string?)kept["operation"], Kopecks(kept["total"]), (int)Line(kept)["paymentMethod"]!,
                Kopecks(Line(kept)["prepaymentOffset"])));
        Assert.Equal(0L, await RefundedAsync(accepted));
        Assert.Equal(70_000L, await RefundedAsync(notAccepted));
    }

    // 5. A visit not checked in before its end could never be completed: its deposit and its course session stayed
    // open.
    [Fact]
    public async Task A_visit_not_checked_in_before_its_end_is_checked_in_and_completed_the_same_salon_day_with_a_reason()
    {
        NextMorning();
        var course = await App.CourseAsync(minDaysBetween: 0);
        var desk = App.FrontDesk();
        var start = App.Soon();
        var forgotten = await desk.BookAsync(course, start);
        var tomorrow = await desk.BookAsync(course, course.Salon.Start(1, 11));
        var answers = new[] { "Q01", "Q02", "Q03", "Q17", "Q19", "Q21" }.ToDictionary(code => code, _ => false);
        App.AdvanceTo(start.AddHours(3));
        desk = App.FrontDesk();

        await (await desk.PostJson($"/api/v1/bookings/{forgotten}/check-in", new { dayOfAnswers = answers }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "late-check-in-reason");
        await (await desk.PostJson($"/api/v1/bookings/{forgotten}/check-in", new { dayOfAnswers = answers,
            reason = "the desk was busy" }))
            .Expect(HttpStatusCode.OK);
        var done = await (await desk.PostAsync($"/api/v1/bookings/{forgotten}/complete",
            null)).Expect(HttpStatusCode.OK);
        Assert.Equal("completed", (string?)done["status"]);
        Assert.Equal(1, (int)(await desk.PackageAsync(course.Package))["sessionsUsed"]!);
        Assert.Equal("late: the desk was busy", await App.ScalarAsync<string>(
            "SELECT detail FROM booking_events WHERE booking_id = @forgotten AND kind = 'checked_in'", new { forgotten }));

        App.AdvanceTo(course.Salon.Start(1, 11).AddDays(1).AddHours(-8)); // 03:00 the salon day after the visit
        desk = App.FrontDesk();
        await (await desk.PostJson($"/api/v1/bookings/{tomorrow}/check-in", new { dayOfAnswers = answers,
            reason = "too late" }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "check-in-window");
    }

    // 6. Burns without any recorded acceptance; a desk cancel without "by" counted as the salon's; a move inside the
    // late    window dodged the policy; a no-show could be marked a minute after the start.
    [Fact]
    public async Task A_late_cancellation_burns_no_session_of_a_course_whose_policy_the_client_never_accepted()
    {
        var course = await App.CourseAsync(sessions: 10, price: 16200m, minDaysBetween: 0, lateCancelBurns: true,
            policy: null);
        var desk = App.FrontDesk();
        var late = await desk.BookAsync(course, App.Soon());
        Assert.Equal("client_late",
            (string?)(await (await desk.PostJson($"/api/v1/bookings/{late}/cancel",
                new { by = "client" })).Expect(HttpStatusCode.OK))["cancellation"]);

        var package = await desk.PackageAsync(course.Package);
        Assert.Equal((0, null), ((int)package["sessionsUsed"]!, (string?)package["acceptedPolicyVersion"]));
        Assert.Equal(0L,
            await App.ScalarAsync<long>("SELECT COUNT(*) FROM package_redemptions WHERE package_id = @package",
            new { package = course.Package }));
    }

    [Fact]
    public async Task A_desk_cancellation_must_say_who_cancelled()
    {
        var (salon, service, therapist) = await SalonAsync();
        var desk = App.FrontDesk();
        var visit = await desk.BookAsync(await salon.ClientAsync(), service, therapist, salon.Start(2, 11));

        var problem = await (await desk.PostJson($"/api/v1/bookings/{visit}/cancel",
            new { })).ExpectProblem(HttpStatusCode.BadRequest, "validation");
        Assert.NotNull(problem["errors"]!["by"]);
        Assert.Equal("booked", await App.ScalarAsync<string>("SELECT status FROM bookings WHERE id = @visit",
            new { visit }));
    }

    [Fact]
    public async Task A_move_inside_the_late_window_makes_a_later_cancellation_late()
    {
        NextMorning();
        var course = await App.CourseAsync(sessions: 10, price: 16200m, minDaysBetween: 0, lateCancelBurns: true);
        var desk = App.FrontDesk();
        var visit = await desk.BookAsync(course, App.Soon());
        await (await desk.PostJson($"/api/v1/bookings/{visit}/reschedule", new { startsAt = course.Salon.Start(5,
            11) })).Expect(HttpStatusCode.OK);

        var cancelled = await (await App.ClientAs("client",
            clientId: course.Client).PostJson($"/api/v1/bookings/{visit}/cancel", new { }))
            .Expect(HttpStatusCode.OK);
        Assert.Equal("client_late", (string?)cancelled["cancellation"]);
        var package = await desk.PackageAsync(course.Package);
        Assert.Equal((1, PolicyVersion), ((int)package["sessionsUsed"]!, (string?)package["acceptedPolicyVersion"]));
        Assert.Equal(("desk", PolicyVersion), Assert.Single(await App.QueryAsync<(string, string)>(
            "SELECT policy_channel, policy_version FROM packages WHERE id = @package AND policy_accepted_at IS NOT NULL", new { package = course.Package })));
    }

    [Fact]
    public async Task A_no_show_is_refused_within_the_grace_period_after_the_start()
    {
        NextMorning();
        var (salon, service, therapist) = await SalonAsync();
        var desk = App.FrontDesk();
        var start = App.Soon();
        var visit = await desk.BookAsync(await salon.ClientAsync(), service, therapist, start);

        App.AdvanceTo(start.AddMinutes(1));
        await (await App.FrontDesk().PostAsync($"/api/v1/bookings/{visit}/no-show",
            null)).ExpectProblem(HttpStatusCode.UnprocessableEntity, "too-early");
        App.AdvanceTo(start.AddMinutes(14));
        await (await App.FrontDesk().PostAsync($"/api/v1/bookings/{visit}/no-show",
            null)).ExpectProblem(HttpStatusCode.UnprocessableEntity, "too-early");
        App.AdvanceTo(start.AddMinutes(15));
        await (await App.FrontDesk().PostAsync($"/api/v1/bookings/{visit}/no-show", null)).Expect(HttpStatusCode.OK);
    }

    // 7. Freezing past the expiry opened new bookable days; a card sale's refund could be paid out in cash.
    [Fact]
    public async Task A_freeze_reaching_past_the_expiry_date_is_refused()
    {
        var course = await App.CourseAsync(validityDays: 10, freezeDays: 14);
        var desk = App.FrontDesk();
        var expires = (string)(await desk.PackageAsync(course.Package))["expiresOn"]!;

        await (await desk.PostJson($"/api/v1/packages/{course.Package}/freeze", new { from = App.Date(8),
            to = App.Date(12) }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "freeze-beyond-validity");
        Assert.Equal(expires, (string?)(await desk.PackageAsync(course.Package))["expiresOn"]);
        var frozen = await (await desk.PostJson($"/api/v1/packages/{course.Package}/freeze", new { from = App.Date(7),
            to = App.Date(9) }))
            .Expect(HttpStatusCode.OK);
        Assert.Equal(App.Date(12), (string?)frozen["expiresOn"]); // days 0..9 valid, 3 frozen days added
    }

    [Fact]
    public async Task A_card_sale_is_refunded_by_card_unless_an_admin_records_a_reason_for_cash()
    {
        var course = await App.CourseAsync();
        var url = $"/api/v1/packages/{course.Package}/refund";

        await (await App.FrontDesk().PostJson(url,
            new { method = "cash" })).ExpectProblem(HttpStatusCode.UnprocessableEntity, "refund-method");
        await (await App.Admin().PostJson(url,
            new { method = "cash" })).ExpectProblem(HttpStatusCode.UnprocessableEntity, "refund-method");
        var refund = await (await App.Admin().PostJson(url, new { method = "cash",
            reason = "the card was closed" })).Expect(HttpStatusCode.Created);
        Assert.Equal(("cash", 1_620_000L), ((string?)refund["method"], Kopecks(refund["amount"])));

        var other = await App.CourseAsync();
        var byCard = await (await App.FrontDesk().PostJson($"/api/v1/packages/{other.Package}/refund",
            new { })).Expect(HttpStatusCode.Created);
        Assert.Equal("card", (string?)byCard["method"]);
    }

    // 8. Payments could not be read back; GET /packages/{id} said receiptId null although the sale returned one.
    [Fact]
    public async Task Payments_read_back_by_id_by_visit_and_by_client_and_receipts_name_their_payment()
    {
        var (salon, service, therapist) = await SalonAsync();
        var client = await salon.ClientAsync();
        var desk = App.FrontDesk();
        var visit = await desk.BookAsync(client, service, therapist, salon.Start(2, 11));
        var deposit = await (await Pay(desk, visit, 500m, "cash")).Expect(HttpStatusCode.Created);
        var id = SalonBuilder.Id(deposit);

        var read = await (await desk.GetAsync($"/api/v1/payments/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal((50_000L, "deposit", (string?)deposit["receiptId"]), (Kopecks(read["amount"]),
            (string?)read["purpose"], (string?)read["receiptId"]));
        var ofVisit = (await desk.AllAsync($"/api/v1/bookings/{visit}/payments"));
        Assert.Equal([id.ToString()], ofVisit.Select(p => (string)p!["id"]!));
        var ofClient = (await App.ClientAs("client", clientId: client).AllAsync($"/api/v1/clients/{client}/payments"));
        Assert.Equal([id.ToString()], ofClient.Select(p => (string)p!["id"]!));
        Assert.Equal(id.ToString(), (string?)(await desk.ReceiptAsync(deposit["receiptId"]))["paymentId"]);
        await (await App.ClientAs("client",
            clientId: Guid.NewGuid()).GetAsync($"/api/v1/payments/{id}")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await desk.GetAsync($"/api/v1/payments/{Guid.NewGuid()}")).ExpectProblem(HttpStatusCode.NotFound,
            "not-found");

        var course = await App.CourseAsync();
        Assert.NotNull(course.Sold["receiptId"]);
        Assert.Equal((string?)course.Sold["receiptId"],
            (string?)(await desk.PackageAsync(course.Package))["receiptId"]);
    }

    // 9. "Append-only" was a convention: the application's own connection could rewrite or erase money.
    [Fact]
    public async Task The_apps_connection_cannot_update_or_delete_payments_refunds_receipts_or_redemptions()
    {
        NextMorning();
        var course = await App.CourseAsync(minDaysBetween: 0);
        var desk = App.FrontDesk();
        await desk.CheckInAndCompleteAsync(await desk.BookAsync(course, App.Soon()));
        var visit = await desk.BookAsync(course.Client, course.Service, course.Therapist, App.Soon(150));
        var paid = await (await Pay(desk, visit, 300m, "cash")).Expect(HttpStatusCode.Created);
        await (await desk.PostJson($"/api/v1/payments/{SalonBuilder.Id(paid)}/refunds",
            new { amount = 100m })).Expect(HttpStatusCode.Created);
        var before = await App.ScalarAsync<long>("SELECT SUM(amount_kopecks) FROM payments WHERE client_id = @client",
            new { client = course.Client });

        foreach (var sql in new[]
        {
            "UPDATE payments SET amount_kopecks = 1 WHERE client_id = @client",
            "UPDATE payments SET amount_kopecks = 1 WHERE client_id = @client AND kind = 'refund'",
            "DELETE FROM payments WHERE client_id = @client AND kind = 'refund'",
            "UPDATE receipts SET total_kopecks = 0 WHERE client_id = @client",
            "DELETE FROM receipts WHERE client_id = @client AND operation = 'refund_of_income'",
            "UPDATE package_redemptions SET value_kopecks = 0 WHERE package_id = @package",
            "DELETE FROM package_redemptions WHERE package_id = @package",
        })
            await Assert.ThrowsAnyAsync<Exception>(() => App.ExecuteAsync(sql, new { client = course.Client,
                package = course.Package }));

        Assert.Equal(before,
            await App.ScalarAsync<long>("SELECT SUM(amount_kopecks) FROM payments WHERE client_id = @client",
            new { client = course.Client }));
        Assert.Equal(4L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM receipts WHERE client_id = @client",
            new { client = course.Client }));
        Assert.Equal(1L,
            await App.ScalarAsync<long>("SELECT COUNT(*) FROM package_redemptions WHERE package_id = @package",
            new { package = course.Package }));
    }

    private async Task<(SalonBuilder Salon, Guid Service, Guid Therapist)> SalonAsync(decimal price = 1800m)
    {
        var salon = new SalonBuilder(App);
        return (salon, await salon.ManualServiceAsync(price: price), await salon.TherapistAsync());
    }

    /// <summary>Sets a VAT mode from tomorrow and moves the clock to tomorrow morning, where it is in force.</summary>
    private async Task VatFromTomorrowAsync(string mode)
    {
        await (await App.Admin().PostJson("/api/v1/settings/vat", new { effectiveFrom = App.Date(1),
            mode })).Expect(HttpStatusCode.OK);
        NextMorning();
    }

    /// <summary>
    /// Moves the clock to 09:00 of the next salon day, so visits booked "soon" never run past midnight whatever the
    /// wall clock said when the tests started.
    /// </summary>
    private void NextMorning()
    {
        var moscow = TimeSpan.FromHours(3);
        var today = App.Clock.GetUtcNow().ToOffset(moscow).Date;
        App.AdvanceTo(new DateTimeOffset(today.AddDays(1).AddHours(9), moscow));
    }

    private Task<long> RefundedAsync(Guid visit) =>
        App.ScalarAsync<long>("SELECT COALESCE(SUM(amount_kopecks), 0) FROM payments WHERE booking_id = @visit AND kind = 'refund'", new { visit });

    private static JsonNode Line(JsonNode receipt) => receipt["lines"]![0]!;

    private static Task<HttpResponseMessage> Pay(HttpClient desk, Guid booking, decimal amount, string method) =>
        desk.PostJson($"/api/v1/bookings/{booking}/payments", new { amount, method });

    private static async Task<IReadOnlyList<JsonNode>> ReceiptsAsync(HttpClient desk, Guid client) =>
        (await desk.AllAsync($"/api/v1/clients/{client}/receipts")).Select(r => r!).ToList();

    private sealed record RefundRow
    {
        public string Method { get; init; } = "";
        public long AmountKopecks { get; init; }
        public Guid RefundOf { get; init; }
        public Guid ReceiptId { get; init; }
    }
}

public sealed class MoneyClosesOnSqlite(SqliteApp app) : MoneyClosesTests(app), IClassFixture<SqliteApp>;
public sealed class MoneyClosesOnPostgres(PostgresApp app) : MoneyClosesTests(app), IClassFixture<PostgresApp>;
public sealed class MoneyClosesOnSqlServer(SqlServerApp app) : MoneyClosesTests(app), IClassFixture<SqlServerApp>;
