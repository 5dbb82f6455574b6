using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Salon.Api.Tests.Infrastructure;
using static Salon.Api.Tests.Infrastructure.Billing;

namespace Salon.Api.Tests;

/// <summary>
/// Redeeming sessions: a completed visit redeems one at its value with a receipt; late cancellations and no-shows
/// burn one only under the accepted policy, never a failed health check or a salon cancellation.
/// </summary>
public abstract class RedeemPackageTests(SalonApp app) : PackagesTestBase(app)
{
    [Fact]
    public async Task Completing_a_visit_on_a_package_redeems_one_session_at_its_value_with_a_receipt()
    {
        var course = await App.CourseAsync(sessions: 15, price: 10000m, minDaysBetween: 0);
        var desk = App.FrontDesk();
        var booking = await desk.BookAsync(course, App.Soon());
        var before = await desk.CashReportAsync(App.Today());

        var done = await desk.CheckInAndCompleteAsync(booking);

        Assert.Equal("completed", (string?)done["status"]);
        var package = await desk.PackageAsync(course.Package);
        Assert.Equal(1, (int)package["sessionsUsed"]!);
        Assert.Equal(0, (int)package["sessionsBooked"]!);
        Assert.Equal(14, (int)package["sessionsLeft"]!);
        Assert.Equal(1L, await App.ScalarAsync<long>("""
            SELECT COUNT(*) FROM package_redemptions WHERE booking_id = @booking AND package_id = @package AND kind = 'redeemed'
              AND session_number = 1 AND value_kopecks = 66666
            """, new { booking, package = course.Package }));

        var receipt = Assert.Single(await ReceiptsAsync(desk, course.Client, "package_redemption"));
        Assert.Equal("income", (string?)receipt["operation"]);
        Assert.Equal(66_666, Kopecks(receipt["total"]));
        Assert.Equal(0, Kopecks(receipt["cash"]) + Kopecks(receipt["card"]));
        Assert.Equal(66_666, Kopecks(receipt["prepaymentOffset"]));
        var line = Assert.Single(receipt["lines"]!.AsArray())!;
        AssertFiscalLine(line);
        Assert.Equal(4, (int)line["paymentMethod"]!); // full payment, the session's value offset as prepayment
        Assert.Equal(66_666, Kopecks(line["sum"]));
        Assert.Equal(66_666, Kopecks(line["prepaymentOffset"]));
        Assert.Contains("1 из 15", (string?)line["name"]);

        var after = await desk.CashReportAsync(App.Today());
        Assert.Equal(1, (int)after["sessionsRedeemed"]! - (int)before["sessionsRedeemed"]!);
        Assert.Equal(66_666, Kopecks(after["sessionsRedeemedValue"]) - Kopecks(before["sessionsRedeemedValue"]));
        Assert.Equal(-66_666,
            Kopecks(after["prepaidSessionsOutstanding"]) - Kopecks(before["prepaidSessionsOutstanding"]));
        Assert.Equal(before["takings"]!.ToJsonString(),
            after["takings"]!.ToJsonString()); // a redemption moves no money

        await (await desk.PostAsync($"/api/v1/bookings/{booking}/complete",
            null)).ExpectProblem(HttpStatusCode.Conflict, "illegal-transition");
        await (await desk.PostJson($"/api/v1/bookings/{booking}/payments", new { amount = 1800m, method = "cash" }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "paid-by-package");
        Assert.Equal(1, (int)(await desk.PackageAsync(course.Package))["sessionsUsed"]!);
    }

    [Fact]
    public async Task A_late_cancellation_and_a_no_show_burn_a_session_where_the_client_accepted_that_policy()
    {
        var course = await App.CourseAsync(sessions: 10, price: 16200m, minDaysBetween: 0, lateCancelBurns: true);
        var desk = App.FrontDesk();
        var self = App.ClientAs("client", clientId: course.Client);

        var inTime = await desk.BookAsync(course, course.Salon.Start(3, 11));
        Assert.Equal("client_in_time", (string?)(await (await self.PostJson($"/api/v1/bookings/{inTime}/cancel",
            new { })).Expect(HttpStatusCode.OK))["cancellation"]);
        Assert.Equal(0, (int)(await desk.PackageAsync(course.Package))["sessionsUsed"]!);

        var late = await desk.BookAsync(course, App.Soon());
        Assert.Equal("client_late", (string?)(await (await self.PostJson($"/api/v1/bookings/{late}/cancel",
            new { })).Expect(HttpStatusCode.OK))["cancellation"]);
        Assert.Equal(1, (int)(await desk.PackageAsync(course.Package))["sessionsUsed"]!);

        var start = App.Soon();
        var missed = await desk.BookAsync(course, start);
        await (await desk.PostAsync($"/api/v1/bookings/{missed}/no-show",
            null)).ExpectProblem(HttpStatusCode.UnprocessableEntity, "too-early");
        App.AdvanceTo(start.AddMinutes(15));
        var noShow = await (await App.FrontDesk().PostAsync($"/api/v1/bookings/{missed}/no-show",
            null)).Expect(HttpStatusCode.OK);

        Assert.Equal("no_show", (string?)noShow["status"]);
        var package = await App.FrontDesk().PackageAsync(course.Package);
        Assert.Equal(2, (int)package["sessionsUsed"]!);
        Assert.Equal(8, (int)package["sessionsLeft"]!);
        Assert.Equal(2L, await App.ScalarAsync<long>(
            "SELECT COUNT(*) FROM package_redemptions WHERE package_id = @package AND kind = 'burned' AND booking_id IN (@late, @missed)",
            new { package = course.Package, late, missed }));
        Assert.Equal(2, (await ReceiptsAsync(App.FrontDesk(), course.Client, "package_burn")).Count);
    }

    [Fact]
    public async Task Without_the_late_cancel_policy_neither_a_late_cancellation_nor_a_no_show_burns_a_session()
    {
        var course = await App.CourseAsync(minDaysBetween: 0, lateCancelBurns: false);
        var desk = App.FrontDesk();

        var late = await desk.BookAsync(course, App.Soon());
        Assert.Equal("client_late", (string?)(await (await desk.PostJson($"/api/v1/bookings/{late}/cancel",
            new { by = "client" })).Expect(HttpStatusCode.OK))["cancellation"]);
        var start = App.Soon();
        var missed = await desk.BookAsync(course, start);
        App.AdvanceTo(start.AddMinutes(15));
        await (await App.FrontDesk().PostAsync($"/api/v1/bookings/{missed}/no-show", null)).Expect(HttpStatusCode.OK);

        Assert.Equal(0, (int)(await App.FrontDesk().PackageAsync(course.Package))["sessionsUsed"]!);
        Assert.Equal(0L,
            await App.ScalarAsync<long>("SELECT COUNT(*) FROM package_redemptions WHERE package_id = @package",
            new { package = course.Package }));
    }

    [Fact]
    public async Task A_failed_day_of_health_check_and_a_salon_cancellation_never_burn_a_session()
    {
        var course = await App.CourseAsync(minDaysBetween: 0, lateCancelBurns: true);
        var desk = App.FrontDesk();
        var start = App.Soon();

        var feverish = await desk.BookAsync(course, start);
        await (await desk.PostJson($"/api/v1/bookings/{feverish}/check-in", SalonBuilder.DayOf("Q01")))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "day-of-check-failed");
        var cancelled = await (await desk.GetAsync($"/api/v1/bookings/{feverish}")).Expect(HttpStatusCode.OK);
        Assert.Equal("cancelled", (string?)cancelled["status"]);
        Assert.Equal("health_check", (string?)cancelled["cancellation"]);

        var called = await desk.BookAsync(course, start.AddMinutes(75));
        await (await desk.PostJson($"/api/v1/bookings/{called}/check-in",
            SalonBuilder.DayOf())).Expect(HttpStatusCode.OK);
        await (await desk.PostJson($"/api/v1/bookings/{called}/cancel", new { by = "salon",
            reason = "аппарат неисправен" })).Expect(HttpStatusCode.OK);

        var package = await desk.PackageAsync(course.Package);
        Assert.Equal(0, (int)package["sessionsUsed"]!);
        Assert.Equal(10, (int)package["sessionsLeft"]!);
        Assert.Equal(0L,
            await App.ScalarAsync<long>("SELECT COUNT(*) FROM package_redemptions WHERE package_id = @package",
            new { package = course.Package }));
    }
}

public sealed class RedeemPackageOnSqlite(SqliteApp app) : RedeemPackageTests(app), IClassFixture<SqliteApp>;
public sealed class RedeemPackageOnPostgres(PostgresApp app) : RedeemPackageTests(app), IClassFixture<PostgresApp>;
public sealed class RedeemPackageOnSqlServer(SqlServerApp app) : RedeemPackageTests(app), IClassFixture<SqlServerApp>;
