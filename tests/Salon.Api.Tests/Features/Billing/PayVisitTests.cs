using System.Net;
using System.Text.Json.Nodes;
using Salon.Api.Tests.Infrastructure;
using static Salon.Api.Tests.Infrastructure.Billing;

namespace Salon.Api.Tests;

/// <summary>
/// Paying for a visit (PayVisit): at the price snapshotted on its booking, in parts, deposits before the visit
/// offset by the payment after it, never for a visit on a package, a cancelled one or an unknown one.
/// </summary>
public abstract class PayVisitTests(SalonApp app) : PaymentsTestBase(app)
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
}

public sealed class PayVisitOnSqlite(SqliteApp app) : PayVisitTests(app), IClassFixture<SqliteApp>;
public sealed class PayVisitOnPostgres(PostgresApp app) : PayVisitTests(app), IClassFixture<PostgresApp>;
public sealed class PayVisitOnSqlServer(SqlServerApp app) : PayVisitTests(app), IClassFixture<SqlServerApp>;
