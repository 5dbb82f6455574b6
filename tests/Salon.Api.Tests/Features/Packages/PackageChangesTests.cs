using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Salon.Api.Tests.Infrastructure;
using static Salon.Api.Tests.Infrastructure.Billing;

namespace Salon.Api.Tests;

/// <summary>
/// Changes to a sold package (PackageChanges): freezing, expiry, and refunds pro rata or at the single price.
/// </summary>
public abstract class PackageChangesTests(SalonApp app) : PackagesTestBase(app)
{
    [Fact]
    public async Task A_freeze_takes_future_days_within_the_allowance_keeps_sessions_out_and_extends_validity()
    {
        var course = await App.CourseAsync(validityDays: 45, freezeDays: 14, minDaysBetween: 0);
        var desk = App.FrontDesk();
        var freeze = $"/api/v1/packages/{course.Package}/freeze";
        Assert.Equal(App.Date(44), (string?)course.Sold["expiresOn"]);
        await desk.BookAsync(course, course.Salon.Start(5, 11));

        await (await desk.PostJson(freeze, new { from = App.Today(),
            to = App.Date(3) })).ExpectProblem(HttpStatusCode.UnprocessableEntity, "freeze-in-past");
        await (await desk.PostJson(freeze, new { from = App.Date(4),
            to = App.Date(2) })).ExpectProblem(HttpStatusCode.BadRequest, "validation");
        await (await desk.PostJson(freeze, new { from = App.Date(4),
            to = App.Date(6) })).ExpectProblem(HttpStatusCode.UnprocessableEntity, "freeze-over-bookings");
        await (await desk.PostJson(freeze, new { from = App.Date(10),
            to = App.Date(24) })).ExpectProblem(HttpStatusCode.UnprocessableEntity, "freeze-allowance-exceeded");

        var frozen = await (await desk.PostJson(freeze, new { from = App.Date(10),
            to = App.Date(16) })).Expect(HttpStatusCode.OK);
        Assert.Equal(7, (int)frozen["freezeDaysLeft"]!);
        Assert.Equal(App.Date(51), (string?)frozen["expiresOn"]);
        await (await desk.Book(course, course.Salon.Start(12, 11))).ExpectProblem(HttpStatusCode.UnprocessableEntity,
            "package-frozen");
        await desk.BookAsync(course, course.Salon.Start(17, 11));

        // Days already frozen cannot be frozen again: they would count twice against the allowance and the validity.
        await (await desk.PostJson(freeze, new { from = App.Date(15),
            to = App.Date(15) })).ExpectProblem(HttpStatusCode.Conflict, "freeze-overlaps");
        await (await desk.PostJson(freeze, new { from = App.Date(20),
            to = App.Date(27) })).ExpectProblem(HttpStatusCode.UnprocessableEntity, "freeze-allowance-exceeded");
        var again = await (await desk.PostJson(freeze, new { from = App.Date(20),
            to = App.Date(26) })).Expect(HttpStatusCode.OK);
        Assert.Equal(0, (int)again["freezeDaysLeft"]!);
        Assert.Equal(App.Date(58), (string?)again["expiresOn"]);
        await (await desk.PostJson(freeze, new { from = App.Date(30),
            to = App.Date(30) })).ExpectProblem(HttpStatusCode.UnprocessableEntity, "freeze-allowance-exceeded");

        // The extended days are bookable; the day after them is not.
        await desk.BookAsync(course, course.Salon.Start(58, 11));
        await (await desk.Book(course, course.Salon.Start(59, 11))).ExpectProblem(HttpStatusCode.UnprocessableEntity,
            "package-expired");
        Assert.Equal(14L, await App.ScalarAsync<long>("SELECT freeze_days_used FROM packages WHERE id = @package",
            new { package = course.Package }));
        Assert.Equal(2L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM package_freezes WHERE package_id = @package",
            new { package = course.Package }));
    }

    [Fact]
    public async Task The_expiry_run_marks_a_package_past_its_last_day_expired_and_its_unused_money_stays_refundable()
    {
        var course = await App.CourseAsync(sessions: 10, price: 16200m, validityDays: 1, minDaysBetween: 0);
        Assert.Equal(App.Today(), (string?)course.Sold["expiresOn"]);
        await (await App.Admin().PostAsync("/api/v1/packages/expire", null)).Expect(HttpStatusCode.OK);
        Assert.Equal("active", await StatusAsync(course.Package));
        await (await App.FrontDesk().PostAsync("/api/v1/packages/expire", null)).ExpectProblem(HttpStatusCode.Forbidden,
            "forbidden");

        App.Clock.Advance(TimeSpan.FromDays(1)); // tokens issued before this are stale: fresh clients below
        var desk = App.FrontDesk();
        Assert.Equal("expired",
            (string?)(await desk.PackageAsync(course.Package))["status"]); // read as expired before the run marks it
        var run = await (await App.Admin().PostAsync("/api/v1/packages/expire", null)).Expect(HttpStatusCode.OK);

        Assert.True((int)run["expired"]! >= 1);
        Assert.Equal("expired", await StatusAsync(course.Package));
        await (await desk.Book(course, course.Salon.Start(2, 11))).ExpectProblem(HttpStatusCode.UnprocessableEntity,
            "package-expired");
        await (await desk.PostJson($"/api/v1/packages/{course.Package}/freeze", new { from = App.Date(2),
            to = App.Date(3) }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "package-not-active");

        var refund = await (await desk.PostJson($"/api/v1/packages/{course.Package}/refund",
            new { method = "card" })).Expect(HttpStatusCode.Created);
        Assert.Equal(1_620_000, Kopecks(refund["amount"]));
        Assert.Equal("refund", (string?)refund["kind"]);
        Assert.Equal("package_refund", (string?)refund["purpose"]);
        Assert.Equal("card", (string?)refund["method"]); // by the sale's method
        Assert.Equal(await SalePaymentAsync(course.Package), Guid.Parse((string)refund["refundOf"]!));
        var receipt = await desk.ReceiptAsync(refund["receiptId"]);
        Assert.Equal("refund_of_income", (string?)receipt["operation"]);
        Assert.Equal(1_620_000, Kopecks(receipt["card"]));
        var line = Assert.Single(receipt["lines"]!.AsArray())!;
        AssertFiscalLine(line);
        Assert.Equal(1, (int)line["paymentMethod"]!); // as on the sale receipt

        Assert.Equal("refunded", await StatusAsync(course.Package));
        await (await desk.PostJson($"/api/v1/packages/{course.Package}/refund",
            new { method = "card" })).ExpectProblem(HttpStatusCode.Conflict, "package-refunded");
        await (await desk.Book(course, course.Salon.Start(2, 11))).ExpectProblem(HttpStatusCode.UnprocessableEntity,
            "package-refunded");
    }

    [Fact]
    public async Task A_pro_rata_refund_returns_the_price_less_the_value_of_the_sessions_used_once_under_a_key()
    {
        var course = await App.CourseAsync(sessions: 15, price: 10000m, minDaysBetween: 0);
        var desk = App.FrontDesk();
        var start = App.Soon();
        var first = await desk.BookAsync(course, start);
        var second = await desk.BookAsync(course, start.AddMinutes(75));
        var refundUrl = $"/api/v1/packages/{course.Package}/refund";

        await (await desk.PostJson(refundUrl,
            new { method = "card" })).ExpectProblem(HttpStatusCode.UnprocessableEntity, "package-has-bookings");
        await desk.CheckInAndCompleteAsync(first);
        await desk.CheckInAndCompleteAsync(second);

        var key = "refund-" + Guid.NewGuid().ToString("N");
        var refunded = await (await desk.PostWithKey(refundUrl, key,
            new { method = "card" })).Expect(HttpStatusCode.Created);
        var replay = await desk.PostWithKey(refundUrl, key, new { method = "card" });

        Assert.Equal(1_000_000 - 2 * 66_666, Kopecks(refunded["amount"]));
        Assert.Equal("true", Assert.Single(replay.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal((string?)refunded["id"], (string?)(await replay.Expect(HttpStatusCode.Created))["id"]);
        Assert.Equal(1L,
            await App.ScalarAsync<long>("SELECT COUNT(*) FROM payments WHERE package_id = @package AND kind = 'refund'",
            new { package = course.Package }));

        var balance = await (await desk.GetAsync($"/api/v1/clients/{course.Client}/balance")).Expect(HttpStatusCode.OK);
        Assert.Equal(1_000_000, Kopecks(balance["paid"]));
        Assert.Equal(866_668, Kopecks(balance["refunded"]));
        Assert.Equal(133_332, Kopecks(balance["net"]));
        Assert.Equal(0, Kopecks(balance["prepaidSessionsValue"]));
        Assert.Equal("refunded", (string?)(await desk.PackageAsync(course.Package))["status"]);
        await (await desk.Book(course, course.Salon.Start(3, 11))).ExpectProblem(HttpStatusCode.UnprocessableEntity,
            "package-refunded");
        await (await desk.PostJson($"/api/v1/payments/{await SalePaymentAsync(course.Package)}/refunds",
            new { amount = 100m }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "refund-package-instead");
    }

    [Fact]
    public async Task A_single_price_refund_prices_used_sessions_at_the_single_price_and_never_goes_below_zero()
    {
        var course = await App.CourseAsync(sessions: 10, price: 16200m, refundMethod: "single_price",
            servicePrice: 1800m, minDaysBetween: 0);
        var small = await App.CourseAsync(sessions: 3, price: 3000m, refundMethod: "single_price", servicePrice: 1800m,
            minDaysBetween: 0);
        var desk = App.FrontDesk();
        var start = App.Soon();
        foreach (var c in new[] { course, small })
            foreach (var booking in new[] { await desk.BookAsync(c, start), await desk.BookAsync(c,
                start.AddMinutes(75)) })
                await desk.CheckInAndCompleteAsync(booking);

        var refund = await (await desk.PostJson($"/api/v1/packages/{course.Package}/refund",
            new { method = "card" })).Expect(HttpStatusCode.Created);
        Assert.Equal(1_620_000 - 2 * 180_000, Kopecks(refund["amount"]));

        // Two sessions at 1800 exceed the 3000 paid: nothing comes back (pro rata would have returned 1000), and
        // nothing changes.
        await (await desk.PostJson($"/api/v1/packages/{small.Package}/refund", new { method = "card" }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "nothing-to-refund");
        Assert.Equal("active", await StatusAsync(small.Package));
        Assert.Equal(0L,
            await App.ScalarAsync<long>("SELECT COUNT(*) FROM payments WHERE package_id = @package AND kind = 'refund'",
            new { package = small.Package }));
    }
}

public sealed class PackageChangesOnSqlite(SqliteApp app) : PackageChangesTests(app), IClassFixture<SqliteApp>;
public sealed class PackageChangesOnPostgres(PostgresApp app) : PackageChangesTests(app), IClassFixture<PostgresApp>;
public sealed class PackageChangesOnSqlServer(SqlServerApp app) : PackageChangesTests(app), IClassFixture<SqlServerApp>;
