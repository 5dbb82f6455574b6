using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Salon.Api.Infrastructure.Data;

namespace Salon.Api.Tests.Infrastructure;

/// <summary>A client with a course bought for one service, and the salon around it.</summary>
public sealed record Course(SalonBuilder Salon, Guid Service, Guid Therapist, Guid Client, Guid Template, Guid Package,
    JsonNode Sold);

/// <summary>Courses, visits and money through the API, for the package and payment tests.</summary>
public static class Billing
{
    private static readonly TimeSpan Moscow = TimeSpan.FromHours(3);

    /// <summary>Creates a package template as the admin; exactly one of <paramref name="serviceId"/> and <paramref
    /// name="serviceKind"/>.</summary>
    public static async Task<JsonNode> TemplateAsync(this SalonApp app, Guid? serviceId, int sessions = 10,
        decimal price = 16200m, int validityDays = 45,
        int minDaysBetween = 2, int freezeDays = 14, string validityFrom = "purchase", string refundMethod = "pro_rata", bool lateCancelBurns = true,
        string? serviceKind = null) =>
        await (await app.Admin().PostJson("/api/v1/package-templates", new
        {
            name = "Курс " + Guid.NewGuid().ToString("N")[..12], serviceId, serviceKind, sessionCount = sessions, price, validityDays, validityFrom,
            minDaysBetween, freezeDays, refundMethod, lateCancelBurns,
        })).Expect(HttpStatusCode.Created);

    /// <summary>The version of the late-cancellation and no-show policy text the tests' clients accept.</summary>
    public const string PolicyVersion = "policy-2026-01";

    /// <summary>Sells a course; the client accepts the late-cancellation and no-show policy unless <paramref
    /// name="policy"/> is null.</summary>
    public static async Task<JsonNode> SellAsync(this HttpClient desk, Guid client, Guid template,
        string method = "card", string? policy = PolicyVersion) =>
        await (await desk.PostJson("/api/v1/packages", new { clientId = client, templateId = template, method,
            acceptedPolicyVersion = policy }))
            .Expect(HttpStatusCode.Created);

    /// <summary>A salon with one manual service and a therapist, a screened client, and a course on that service sold
    /// to the client by card.</summary>
    public static async Task<Course> CourseAsync(this SalonApp app, int sessions = 10, decimal price = 16200m,
        int validityDays = 45, int minDaysBetween = 2,
        int freezeDays = 14, string validityFrom = "purchase", string refundMethod = "pro_rata", bool lateCancelBurns = true, decimal servicePrice = 1800m,
        int serviceMinutes = 60, int bufferMinutes = 15, string? policy = PolicyVersion)
    {
        var salon = new SalonBuilder(app);
        var service = await salon.ManualServiceAsync(serviceMinutes, bufferMinutes, servicePrice);
        var therapist = await salon.TherapistAsync();
        var client = await salon.ClientAsync();
        var template = SalonBuilder.Id(await app.TemplateAsync(service, sessions, price, validityDays, minDaysBetween,
            freezeDays, validityFrom, refundMethod, lateCancelBurns));
        var sold = await app.FrontDesk().SellAsync(client, template, policy: policy);
        return new Course(salon, service, therapist, client, template, SalonBuilder.Id(sold), sold);
    }

    public static Task<HttpResponseMessage> Book(this HttpClient desk, Guid client, Guid service, Guid therapist,
        DateTimeOffset start, Guid? package = null) =>
        desk.PostJson("/api/v1/bookings", new { clientId = client, serviceId = service, therapistId = therapist,
            startsAt = start, packageId = package });

    public static async Task<Guid> BookAsync(this HttpClient desk, Guid client, Guid service, Guid therapist,
        DateTimeOffset start, Guid? package = null) =>
        SalonBuilder.Id(await (await desk.Book(client, service, therapist, start,
            package)).Expect(HttpStatusCode.Created));

    public static Task<HttpResponseMessage> Book(this HttpClient desk, Course course, DateTimeOffset start) =>
        desk.Book(course.Client, course.Service, course.Therapist, start, course.Package);

    public static Task<Guid> BookAsync(this HttpClient desk, Course course, DateTimeOffset start) =>
        desk.BookAsync(course.Client, course.Service, course.Therapist, start, course.Package);

    /// <summary>Checks in with every day-of answer "no", then completes the visit.</summary>
    public static async Task<JsonNode> CheckInAndCompleteAsync(this HttpClient desk, Guid booking)
    {
        await (await desk.PostJson($"/api/v1/bookings/{booking}/check-in",
            SalonBuilder.DayOf())).Expect(HttpStatusCode.OK);
        return await (await desk.PostAsync($"/api/v1/bookings/{booking}/complete", null)).Expect(HttpStatusCode.OK);
    }

    public static async Task<JsonNode> PackageAsync(this HttpClient desk, Guid package) =>
        await (await desk.GetAsync($"/api/v1/packages/{package}")).Expect(HttpStatusCode.OK);

    /// <summary>A POST under an Idempotency-Key.</summary>
    public static Task<HttpResponseMessage> PostWithKey(this HttpClient http, string url, string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(JsonSerializer.Serialize(body, Http.Json), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", key);
        return http.SendAsync(request);
    }

    /// <summary>
    /// The first start on the salon's 15-minute grid at least <paramref name="leadMinutes"/> after the test clock.
    /// Under two hours ahead it is inside the check-in window at once, and under 24 hours a client's cancellation of it
    /// is late.
    /// </summary>
    public static DateTimeOffset Soon(this SalonApp app, int leadMinutes = 30)
    {
        var earliest = app.Clock.GetUtcNow().ToOffset(Moscow).AddMinutes(leadMinutes);
        var grid = TimeSpan.FromMinutes(15).Ticks;
        var start = new DateTimeOffset(earliest.Ticks - earliest.Ticks % grid, Moscow);
        return start < earliest ? start.AddMinutes(15) : start;
    }

    /// <summary>The salon-local date of the test clock, as the API writes dates.</summary>
    public static string Today(this SalonApp app) => app.Date(0);

    /// <summary>The salon-local date some days after the test clock's (Moscow has no DST, so a day is 24
    /// hours).</summary>
    public static string Date(this SalonApp app, int days) => Day(app.Clock.GetUtcNow().AddDays(days));

    public static string Day(DateTimeOffset at) => at.ToOffset(Moscow).ToString("yyyy-MM-dd",
        CultureInfo.InvariantCulture);

    /// <summary>Moves the shared test clock forward to <paramref name="at"/>; never back.</summary>
    public static void AdvanceTo(this SalonApp app, DateTimeOffset at)
    {
        var now = app.Clock.GetUtcNow();
        if (at > now) app.Clock.Advance(at - now);
    }

    /// <summary>Rubles at the API edge to whole kopecks, refusing anything that is not exactly two decimals.</summary>
    public static long Kopecks(JsonNode? rubles)
    {
        var value = rubles!.GetValue<decimal>() * 100;
        Assert.Equal(decimal.Truncate(value), value);
        return (long)value;
    }

    public static decimal Rubles(long kopecks) => kopecks / 100m;

    /// <summary>Rows straight from this app's database.</summary>
    public static async Task<IReadOnlyList<T>> QueryAsync<T>(this SalonApp app, string sql, object? param = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbSession>();
        return await db.QueryAsync<T>(sql, param);
    }

    /// <summary>A statement straight against this app's database, for states the API cannot reach.</summary>
    public static async Task<int> ExecuteAsync(this SalonApp app, string sql, object? param = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DbSession>().ExecuteAsync(sql, param);
    }

    public static async Task<JsonNode> ReceiptAsync(this HttpClient desk, JsonNode? receiptId) =>
        await (await desk.GetAsync($"/api/v1/receipts/{(string)receiptId!}")).Expect(HttpStatusCode.OK);

    /// <summary>The day's cash report.</summary>
    public static async Task<JsonNode> CashReportAsync(this HttpClient desk, string day) =>
        await (await desk.GetAsync($"/api/v1/reports/cash?date={day}")).Expect(HttpStatusCode.OK);

    /// <summary>A method's amount among the report's takings or refunds, in kopecks.</summary>
    public static long ByMethod(JsonNode report, string list, string method) =>
        Kopecks(report[list]!.AsArray().Single(m => (string?)m!["method"] == method)!["amount"]);

    /// <summary>The 54-FZ fields of a receipt line, present and typed as the cash register needs them.</summary>
    public static void AssertFiscalLine(JsonNode line)
    {
        Assert.False(string.IsNullOrWhiteSpace((string?)line["name"]));
        Assert.Equal(1m, line["quantity"]!.GetValue<decimal>());
        Assert.Equal(Kopecks(line["price"]) * line["quantity"]!.GetValue<decimal>(), Kopecks(line["sum"]));
        Assert.Contains((string?)line["vatRate"], new[] { "none", "0%", "5%", "7%", "10%", "20%", "22%", "5/105",
            "7/107", "10/110", "20/120", "22/122" });
        Assert.True(Kopecks(line["vatAmount"]) >= 0);
        Assert.Equal(4, (int)line["subject"]!);
        Assert.Contains((int)line["paymentMethod"]!, new[] { 1, 2, 3, 4, 5, 7 });
        // Advance lines (1214 = 1, 2, 3) carry the calculated rate, every other line the ordinary one (54-FZ, tag
        // 1199).
        var advance = (int)line["paymentMethod"]! is 1 or 2 or 3;
        var rate = (string)line["vatRate"]!;
        Assert.True(rate is "none" or "0%" || rate.Contains('/') == advance,
            $"rate {rate} on a line with 1214 = {line["paymentMethod"]}");
        Assert.True(Kopecks(line["prepaymentOffset"]) >= 0);
    }
}
