using System.Net;
using System.Text.Json.Nodes;
using Salon.Api.Tests.Infrastructure;
using static Salon.Api.Tests.Infrastructure.Billing;

namespace Salon.Api.Tests;

/// <summary>
/// Receipts (ReadPayments, the ledger): every payment, sale, redemption and refund has its 54-FZ receipt, with the
/// VAT of the mode in force that day.
/// </summary>
public abstract class ReceiptsTests(SalonApp app) : PaymentsTestBase(app)
{
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
}

public sealed class ReceiptsOnSqlite(SqliteApp app) : ReceiptsTests(app), IClassFixture<SqliteApp>;
public sealed class ReceiptsOnPostgres(PostgresApp app) : ReceiptsTests(app), IClassFixture<PostgresApp>;
public sealed class ReceiptsOnSqlServer(SqlServerApp app) : ReceiptsTests(app), IClassFixture<SqlServerApp>;
