using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Salon.Api.Tests.Infrastructure;
using static Salon.Api.Tests.Infrastructure.Billing;

namespace Salon.Api.Tests;

/// <summary>
/// One receipt of each kind the Billing table of DESIGN.md names, under VAT 22 % and under none, checked line by line.
/// With <c>SALON_WRITE_RECEIPT_EXAMPLES=1</c> the test also writes them to docs/receipts-examples.md.
/// </summary>
public sealed partial class ReceiptExamplesTests(SqliteApp app) : ProviderTests(app), IClassFixture<SqliteApp>
{
    private static readonly TimeSpan Moscow = TimeSpan.FromHours(3);

    [Fact]
    public async Task One_receipt_of_each_kind_under_vat_22_and_under_none_carries_its_1214_tag_and_rate()
    {
        var examples = new StringBuilder();
        foreach (var (mode, ordinary, advance) in new[] { ("vat22", "22%", "22/122"), ("none", "none", "none") })
        {
            await (await App.Admin().PostJson("/api/v1/settings/vat", new { effectiveFrom = App.Date(1),
                mode })).Expect(HttpStatusCode.OK);
            NextMorning();
            var receipts = await OneOfEachAsync();
            var expected = new (string Kind, int Tag, string Rate)[]
            {
                ("single session paid at the visit", 4, ordinary), ("deposit for a booked session", 2, advance),
                ("visit after a deposit", 4, ordinary), ("package sold", 1,
                    advance), ("session redeemed from a package", 4, ordinary),
                ("visit paid in parts after it: first part", 5, ordinary), ("visit paid in parts after it: the rest", 7,
                    ordinary),
                ("refund of a payment", 4, ordinary), ("refund of the unused part of a package", 1, advance),
                ("kept at a package refund (single price)", 4, ordinary), ("deposit kept on a late cancellation", 4,
                    ordinary),
                ("session burnt by a late cancellation", 4, ordinary),
            };
            Assert.Equal(expected.Select(e => e.Kind), receipts.Select(r => r.Kind));
            foreach (var ((kind, tag, rate), (_, receipt)) in expected.Zip(receipts))
            {
                var line = Assert.Single(receipt["lines"]!.AsArray())!;
                AssertFiscalLine(line);
                Assert.True((tag, rate) == ((int)line["paymentMethod"]!, (string)line["vatRate"]!),
                    $"{kind}: {line.ToJsonString()}");
            }
            examples.AppendLine($"## VAT mode `{mode}`").AppendLine();
            foreach (var (kind, receipt) in receipts)
                examples.AppendLine($"### {kind}").AppendLine().AppendLine("```json")
                    .AppendLine(Anonymous(receipt.ToJsonString(new JsonSerializerOptions { WriteIndented = true,
                        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))).AppendLine("```").AppendLine();
        }
        if (Environment.GetEnvironmentVariable("SALON_WRITE_RECEIPT_EXAMPLES") == "1")
            await File.WriteAllTextAsync(Path.Combine(RepositoryRoot(), "docs", "receipts-examples.md"),
                Header + examples, TestContext.Current.CancellationToken);
    }

    private async Task<List<(string Kind, JsonNode Receipt)>> OneOfEachAsync()
    {
        var list = new List<(string, JsonNode)>();
        var desk = App.FrontDesk();
        var course = await App.CourseAsync(sessions: 10, price: 16200m, minDaysBetween: 0, refundMethod: "single_price",
            servicePrice: 1800m);
        var (client, service, therapist) = (course.Client, course.Service, course.Therapist);
        async Task<JsonNode> Receipt(JsonNode? id) => await desk.ReceiptAsync(id);
        async Task<JsonNode> Pay(Guid booking, decimal amount) =>
            await (await desk.PostJson($"/api/v1/bookings/{booking}/payments", new { amount,
                method = "card" })).Expect(HttpStatusCode.Created);
        async Task<JsonNode> Event(string name) =>
            (await desk.AllAsync($"/api/v1/clients/{client}/receipts")).Last(r => (string?)r!["event"] == name)!;
        async Task CheckIn(Guid booking) => await (await desk.PostJson($"/api/v1/bookings/{booking}/check-in",
            SalonBuilder.DayOf())).Expect(HttpStatusCode.OK);

        // One visit after another for the same client and therapist, 75 minutes apart (an hour and the buffer).
        var t0 = App.Soon();
        var single = await desk.BookAsync(client, service, therapist, t0);
        await CheckIn(single);
        list.Add(("single session paid at the visit", await Receipt((await Pay(single, 1800m))["receiptId"])));

        var deposited = await desk.BookAsync(client, service, therapist, t0.AddMinutes(75));
        list.Add(("deposit for a booked session", await Receipt((await Pay(deposited, 500m))["receiptId"])));
        await CheckIn(deposited);
        var afterDeposit = await Pay(deposited, 1300m);
        list.Add(("visit after a deposit", await Receipt(afterDeposit["receiptId"])));

        list.Add(("package sold", await Receipt(course.Sold["receiptId"])));
        var session = await desk.BookAsync(course, t0.AddMinutes(150));
        var inParts = await desk.BookAsync(client, service, therapist, t0.AddMinutes(225));
        App.AdvanceTo(t0.AddMinutes(90));
        desk = App.FrontDesk();
        await desk.CheckInAndCompleteAsync(session);
        list.Add(("session redeemed from a package", await Event("package_redemption")));

        App.AdvanceTo(t0.AddMinutes(225));
        desk = App.FrontDesk();
        await CheckIn(inParts);
        list.Add(("visit paid in parts after it: first part", await Receipt((await Pay(inParts, 1000m))["receiptId"])));
        list.Add(("visit paid in parts after it: the rest", await Receipt((await Pay(inParts, 800m))["receiptId"])));

        var refund = await (await desk.PostJson($"/api/v1/payments/{SalonBuilder.Id(afterDeposit)}/refunds",
            new { amount = 300m })).Expect(HttpStatusCode.Created);
        list.Add(("refund of a payment", await Receipt(refund["receiptId"])));

        var packageRefund = await (await desk.PostJson($"/api/v1/packages/{course.Package}/refund",
            new { })).Expect(HttpStatusCode.Created);
        list.Add(("refund of the unused part of a package", await Receipt(packageRefund["receiptId"])));
        list.Add(("kept at a package refund (single price)", await Event("package_retained")));

        var late = SalonBuilder.Id(await (await desk.PostJson("/api/v1/bookings", new
        {
            clientId = client, serviceId = service, therapistId = therapist, startsAt = t0.AddMinutes(300), acceptedPolicyVersion = PolicyVersion,
        })).Expect(HttpStatusCode.Created));
        await Pay(late, 500m);
        await (await desk.PostJson($"/api/v1/bookings/{late}/cancel", new { by = "client" })).Expect(HttpStatusCode.OK);
        list.Add(("deposit kept on a late cancellation", await Event("deposit_retained")));

        var other = await App.CourseAsync(sessions: 10, price: 16200m, minDaysBetween: 0);
        var burnt = await desk.BookAsync(other, t0.AddMinutes(300));
        await (await desk.PostJson($"/api/v1/bookings/{burnt}/cancel",
            new { by = "client" })).Expect(HttpStatusCode.OK);
        list.Add(("session burnt by a late cancellation",
            (await desk.AllAsync($"/api/v1/clients/{other.Client}/receipts")).Last(r
                => (string?)r!["event"] == "package_burn")!));
        return list;
    }

    private const string Header = """
        # Receipt examples (54-FZ)

        One receipt of each kind in the Billing table of DESIGN.md, as `GET /api/v1/receipts/{id}` returns it, under VAT 22 %
        and under no VAT. Written by `ReceiptExamplesTests` (run it with `SALON_WRITE_RECEIPT_EXAMPLES=1`); ids are blanked.
        Advance lines (1214 = 1, 2) carry the calculated rate 22/122, offset and payment lines the ordinary 22 %; refunds copy
        the line they refund.


        """;

    private static string Anonymous(string json) => Guids().Replace(json, "00000000-0000-0000-0000-000000000000");

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Guids();

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Salon.sln"))) dir = dir.Parent;
        return dir!.FullName;
    }

    private void NextMorning()
    {
        var today = App.Clock.GetUtcNow().ToOffset(Moscow).Date;
        App.AdvanceTo(new DateTimeOffset(today.AddDays(1).AddHours(9), Moscow));
    }
}
