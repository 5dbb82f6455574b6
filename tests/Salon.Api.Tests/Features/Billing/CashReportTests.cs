using System.Net;
using System.Text.Json.Nodes;
using Salon.Api.Tests.Infrastructure;
using static Salon.Api.Tests.Infrastructure.Billing;

namespace Salon.Api.Tests;

/// <summary>
/// The day's cash report (Reports): takings by method, refunds, packages sold, sessions redeemed and what is
/// still prepaid, a past day kept as it was.
/// </summary>
public abstract class CashReportTests(SalonApp app) : PaymentsTestBase(app)
{
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
}

public sealed class CashReportOnSqlite(SqliteApp app) : CashReportTests(app), IClassFixture<SqliteApp>;
public sealed class CashReportOnPostgres(PostgresApp app) : CashReportTests(app), IClassFixture<PostgresApp>;
public sealed class CashReportOnSqlServer(SqlServerApp app) : CashReportTests(app), IClassFixture<SqlServerApp>;
