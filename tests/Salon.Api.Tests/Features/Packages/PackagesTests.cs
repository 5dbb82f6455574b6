using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Salon.Api.Tests.Infrastructure;
using static Salon.Api.Tests.Infrastructure.Billing;

namespace Salon.Api.Tests;

/// <summary>
/// Course packages through the API: templates, the sale, what a booking on a package may be, how sessions are used,
/// burned, frozen and expire, and the refund of the unused part.
/// </summary>
public abstract class PackagesTests(SalonApp app) : ProviderTests(app)
{
    private const string Templates = "/api/v1/package-templates";

    [Fact]
    public async Task A_template_keeps_what_it_covers_sessions_price_validity_cadence_freeze_refund_method_and_late_cancel_policy()
    {
        var service = await new SalonBuilder(App).ManualServiceAsync();

        var byService = await App.TemplateAsync(service, sessions: 15, price: 19125m, validityDays: 60,
            minDaysBetween: 2, freezeDays: 14);
        var byKind = await App.TemplateAsync(null, serviceKind: "hardware", sessions: 10, price: 12000.50m,
            validityDays: 45, minDaysBetween: 0, freezeDays: 0,
            validityFrom: "first_visit", refundMethod: "single_price", lateCancelBurns: false);

        Assert.Equal(service.ToString(), (string?)byService["serviceId"]);
        Assert.Null(byService["serviceKind"]);
        Assert.Equal(15, (int)byService["sessionCount"]!);
        Assert.Equal(1_912_500, Kopecks(byService["price"]));
        Assert.Equal(60, (int)byService["validityDays"]!);
        Assert.Equal("purchase", (string?)byService["validityFrom"]);
        Assert.Equal(2, (int)byService["minDaysBetween"]!);
        Assert.Equal(14, (int)byService["freezeDays"]!);
        Assert.Equal("pro_rata", (string?)byService["refundMethod"]);
        Assert.True((bool)byService["lateCancelBurns"]!);
        Assert.True((bool)byService["active"]!);

        Assert.Null(byKind["serviceId"]);
        Assert.Equal("hardware", (string?)byKind["serviceKind"]);
        Assert.Equal(1_200_050, Kopecks(byKind["price"]));
        Assert.Equal("first_visit", (string?)byKind["validityFrom"]);
        Assert.Equal(0, (int)byKind["minDaysBetween"]!);
        Assert.Equal("single_price", (string?)byKind["refundMethod"]);
        Assert.False((bool)byKind["lateCancelBurns"]!);

        var listed = await App.FrontDesk().AllAsync(Templates);
        Assert.Contains(listed, t => (string?)t!["id"] == (string?)byService["id"]);
        Assert.Contains(listed, t => (string?)t!["id"] == (string?)byKind["id"]);
    }

    [Fact]
    public async Task Left_out_the_refund_is_pro_rata_validity_runs_from_purchase_and_late_cancellations_burn()
    {
        var service = await new SalonBuilder(App).ManualServiceAsync();
        var template = await (await App.Admin().PostJson(Templates, new
        {
            name = "Курс " + Guid.NewGuid().ToString("N")[..12], serviceId = service, sessionCount = 10, price = 16200m, validityDays = 45,
            minDaysBetween = 2, freezeDays = 14,
        })).Expect(HttpStatusCode.Created);

        Assert.Equal("pro_rata", (string?)template["refundMethod"]);
        Assert.Equal("purchase", (string?)template["validityFrom"]);
        Assert.True((bool)template["lateCancelBurns"]!);
    }

    [Fact]
    public async Task Malformed_templates_are_400_naming_the_field()
    {
        var service = await new SalonBuilder(App).ManualServiceAsync();
        var admin = App.Admin();
        var cases = new (string Field, object? Value, string Named)[]
        {
            ("name", "", "name"), ("name", new string('к', 101), "name"),
            ("sessionCount", 0, "sessionCount"), ("sessionCount", 101, "sessionCount"),
            ("price", 0m, "price"), ("price", 100.001m, "price"), ("price", -5m, "price"),
            ("validityDays", 0, "validityDays"), ("validityDays", 1001, "validityDays"),
            ("minDaysBetween", -1, "minDaysBetween"), ("minDaysBetween", 31, "minDaysBetween"),
            ("freezeDays", -1, "freezeDays"), ("freezeDays", 366, "freezeDays"),
            ("serviceKind", "manual", "serviceId"), // a service and a kind at once
            ("serviceId", null, "serviceId"),       // neither
        };
        foreach (var (field, value, named) in cases)
        {
            var body = ValidTemplate(service);
            body[field] = value;
            var problem = await (await admin.PostJson(Templates, body)).ExpectProblem(HttpStatusCode.BadRequest,
                "validation");
            Assert.True(problem["errors"]![named] is not null, $"{field} = {value}: {problem.ToJsonString()}");
        }

        foreach (var (field, word) in new[] { ("refundMethod", "half"), ("validityFrom", "someday"), ("serviceKind",
            "honey") })
        {
            var body = ValidTemplate(service);
            body[field] = word;
            await (await admin.PostJson(Templates, body)).ExpectProblem(HttpStatusCode.BadRequest, "malformed-request");
        }
        Assert.Equal(0L,
            await App.ScalarAsync<long>("SELECT COUNT(*) FROM package_templates WHERE service_id = @service",
            new { service }));
    }

    [Fact]
    public async Task Templates_refuse_an_unknown_service_a_name_in_use_and_anyone_but_the_admin()
    {
        var service = await new SalonBuilder(App).ManualServiceAsync();
        var admin = App.Admin();

        await (await admin.PostJson(Templates, ValidTemplate(Guid.NewGuid()))).ExpectProblem(HttpStatusCode.NotFound,
            "not-found");
        var body = ValidTemplate(service);
        await (await admin.PostJson(Templates, body)).Expect(HttpStatusCode.Created);
        await (await admin.PostJson(Templates, body)).ExpectProblem(HttpStatusCode.Conflict, "template-name-taken");
        await (await App.FrontDesk().PostJson(Templates,
            ValidTemplate(service))).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().GetAsync(Templates)).StatusCode);
    }

    [Fact]
    public async Task A_sale_is_one_full_prepayment_with_its_receipt_and_a_retry_under_the_same_key_charges_once()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync();
        var client = await salon.ClientAsync();
        var template = SalonBuilder.Id(await App.TemplateAsync(service, sessions: 10, price: 16200m, validityDays: 45));
        var desk = App.FrontDesk();
        var key = "sale-" + Guid.NewGuid().ToString("N");
        var body = new { clientId = client, templateId = template, method = "cash" };

        var first = await desk.PostWithKey("/api/v1/packages", key, body);
        var second = await desk.PostWithKey("/api/v1/packages", key, body);

        var sold = await first.Expect(HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal("true", Assert.Single(second.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal($"/api/v1/packages/{sold["id"]}", first.Headers.Location?.OriginalString);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        await (await desk.PostWithKey("/api/v1/packages", key, body with { method = "card" }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");

        Assert.Equal(1L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM packages WHERE client_id = @client",
            new { client }));
        Assert.Equal(1L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM payments WHERE client_id = @client",
            new { client }));
        Assert.Equal(1L, await App.ScalarAsync<long>("""
            SELECT COUNT(*) FROM payments WHERE client_id = @client AND package_id = @package AND kind = 'payment' AND purpose = 'package_sale'
              AND method = 'cash' AND amount_kopecks = 1620000
            """, new { client, package = SalonBuilder.Id(sold) }));

        Assert.Equal(10, (int)sold["sessionCount"]!);
        Assert.Equal(0, (int)sold["sessionsUsed"]!);
        Assert.Equal(10, (int)sold["sessionsLeft"]!);
        Assert.Equal("active", (string?)sold["status"]);
        Assert.Equal(App.Today(), (string?)sold["soldOn"]);
        Assert.Equal(App.Date(44), (string?)sold["expiresOn"]);
        Assert.Equal(14, (int)sold["freezeDaysLeft"]!);
        Assert.Equal(1_620_000, Kopecks(sold["price"]));

        var receipt = await desk.ReceiptAsync(sold["receiptId"]);
        Assert.Equal("income", (string?)receipt["operation"]);
        Assert.Equal("package_sale", (string?)receipt["event"]);
        Assert.Equal(client.ToString(), (string?)receipt["clientId"]);
        Assert.Equal(1_620_000, Kopecks(receipt["total"]));
        Assert.Equal(1_620_000, Kopecks(receipt["cash"]));
        Assert.Equal(0, Kopecks(receipt["card"]));
        var line = Assert.Single(receipt["lines"]!.AsArray())!;
        AssertFiscalLine(line);
        Assert.Equal(1, (int)line["paymentMethod"]!); // full prepayment
        Assert.Equal(1_620_000, Kopecks(line["sum"]));
        Assert.Equal(0, Kopecks(line["prepaymentOffset"]));

        var balance = await (await desk.GetAsync($"/api/v1/clients/{client}/balance")).Expect(HttpStatusCode.OK);
        Assert.Equal(1_620_000, Kopecks(balance["paid"]));
        Assert.Equal(0, Kopecks(balance["refunded"]));
        Assert.Equal(1_620_000, Kopecks(balance["prepaidSessionsValue"]));
    }

    [Fact]
    public async Task A_sale_refuses_an_unknown_client_or_template()
    {
        var salon = new SalonBuilder(App);
        var template = SalonBuilder.Id(await App.TemplateAsync(await salon.ManualServiceAsync()));
        var desk = App.FrontDesk();

        await (await desk.PostJson("/api/v1/packages", new { clientId = Guid.NewGuid(), templateId = template,
            method = "card" }))
            .ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await desk.PostJson("/api/v1/packages", new { clientId = await salon.ClientAsync(),
            templateId = Guid.NewGuid(), method = "card" }))
            .ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await desk.PostJson("/api/v1/packages", new { clientId = await salon.ClientAsync(),
            templateId = template, method = "package" }))
            .ExpectProblem(HttpStatusCode.BadRequest, "malformed-request");
    }

    [Fact]
    public async Task Session_values_are_the_price_over_the_count_rounded_down_with_the_rest_on_the_last()
    {
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync();
        var client = await salon.ClientAsync();
        var desk = App.FrontDesk();

        foreach (var (sessions, price, each, last) in new[] { (15, 10000m, 66_666L, 66_676L), (3, 1000m, 33_333L,
            33_334L), (10, 16200m, 162_000L, 162_000L) })
        {
            var sold = await desk.SellAsync(client, SalonBuilder.Id(await App.TemplateAsync(service, sessions, price)));
            var values = sold["sessionValues"]!.AsArray().Select(v => Kopecks(v)).ToList();

            Assert.Equal(sessions, values.Count);
            Assert.All(values.SkipLast(1), v => Assert.Equal(each, v));
            Assert.Equal(last, values[^1]);
            Assert.Equal((long)(price * 100), values.Sum());
        }
    }

    [Fact]
    public async Task A_package_refuses_a_service_it_does_not_cover_and_a_client_it_was_not_sold_to()
    {
        var course = await App.CourseAsync(minDaysBetween: 0);
        var desk = App.FrontDesk();
        var other = await course.Salon.ManualServiceAsync();
        var hardware = await course.Salon.HardwareServiceAsync();

        await (await desk.Book(course.Client, other, course.Therapist, course.Salon.Start(3, 11), course.Package))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "package-not-covering");
        await (await desk.Book(await course.Salon.ClientAsync(), course.Service, course.Therapist, course.Salon.Start(3,
            11), course.Package))
            .ExpectProblem(HttpStatusCode.NotFound, "not-found");

        // A family course covers every manual service and no hardware one.
        var family = SalonBuilder.Id(await desk.SellAsync(course.Client, SalonBuilder.Id(await App.TemplateAsync(null,
            serviceKind: "manual", minDaysBetween: 0))));
        await desk.BookAsync(course.Client, other, course.Therapist, course.Salon.Start(3, 11), family);
        await desk.BookAsync(course.Client, course.Service, course.Therapist, course.Salon.Start(3, 14), family);
        await (await desk.Book(course.Client, hardware, course.Therapist, course.Salon.Start(4, 11), family))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "package-not-covering");
        Assert.Equal(2, (int)(await desk.PackageAsync(family))["sessionsBooked"]!);
    }

    [Fact]
    public async Task A_package_refuses_sessions_after_its_last_valid_day()
    {
        var course = await App.CourseAsync(validityDays: 5, minDaysBetween: 0);
        var desk = App.FrontDesk();
        Assert.Equal(App.Date(4), (string?)course.Sold["expiresOn"]);

        await (await desk.Book(course, course.Salon.Start(5, 11))).ExpectProblem(HttpStatusCode.UnprocessableEntity,
            "package-expired");
        await desk.BookAsync(course, course.Salon.Start(4, 11));
    }

    [Fact]
    public async Task Every_other_day_means_sessions_at_least_two_calendar_days_apart()
    {
        var course = await App.CourseAsync(minDaysBetween: 2);
        var desk = App.FrontDesk();
        await desk.BookAsync(course, course.Salon.Start(4, 11));

        foreach (var tooClose in new[] { course.Salon.Start(3, 11), course.Salon.Start(4, 15), course.Salon.Start(5,
            9) })
            await (await desk.Book(course, tooClose)).ExpectProblem(HttpStatusCode.UnprocessableEntity,
                "course-cadence");
        await desk.BookAsync(course, course.Salon.Start(2, 11)); // one free day between, day 3
        var later = await desk.BookAsync(course, course.Salon.Start(6, 11));

        // A move re-checks the cadence against the other sessions, not against itself.
        await (await desk.PostJson($"/api/v1/bookings/{later}/reschedule", new { startsAt = course.Salon.Start(5,
            11) }))
            .ExpectProblem(HttpStatusCode.UnprocessableEntity, "course-cadence");
        await (await desk.PostJson($"/api/v1/bookings/{later}/reschedule", new { startsAt = course.Salon.Start(6,
            16) })).Expect(HttpStatusCode.OK);
        Assert.Equal(3, (int)(await desk.PackageAsync(course.Package))["sessionsBooked"]!);
    }

    [Fact]
    public async Task A_package_refuses_more_bookings_than_it_has_sessions_left_until_one_is_cancelled()
    {
        var course = await App.CourseAsync(sessions: 2, price: 3000m, minDaysBetween: 0);
        var desk = App.FrontDesk();
        await desk.BookAsync(course, course.Salon.Start(2, 11));
        var second = await desk.BookAsync(course, course.Salon.Start(3, 11));

        await (await desk.Book(course, course.Salon.Start(4, 11))).ExpectProblem(HttpStatusCode.UnprocessableEntity,
            "package-exhausted");
        var package = await desk.PackageAsync(course.Package);
        Assert.Equal(2, (int)package["sessionsBooked"]!);
        Assert.Equal(0, (int)package["sessionsLeft"]!);

        await (await desk.PostJson($"/api/v1/bookings/{second}/cancel",
            new { by = "salon" })).Expect(HttpStatusCode.OK);
        await desk.BookAsync(course, course.Salon.Start(4, 11));
    }

    [Fact]
    public async Task Availability_with_a_package_offers_only_the_days_a_booking_on_it_would_accept()
    {
        var course = await App.CourseAsync(minDaysBetween: 2);
        var desk = App.FrontDesk();
        await desk.BookAsync(course, course.Salon.Start(4, 11));
        var search = $"/api/v1/availability?serviceId={course.Service}&from={App.Date(2)}&to={App.Date(7)}&clientId={course.Client}";

        Assert.Equal([App.Date(2), App.Date(3), App.Date(4), App.Date(5), App.Date(6), App.Date(7)],
            await DaysAsync(desk, search));
        Assert.Equal([App.Date(2), App.Date(6), App.Date(7)], await DaysAsync(desk,
            search + $"&packageId={course.Package}"));
        // The client's own search, and the desk's without naming the client, read the same course.
        Assert.Equal([App.Date(2), App.Date(6), App.Date(7)],
            await DaysAsync(App.ClientAs("client", clientId: course.Client),
                $"/api/v1/availability?serviceId={course.Service}&from={App.Date(2)}&to={App.Date(7)}&packageId={course.Package}"));
        Assert.Equal([App.Date(2), App.Date(6), App.Date(7)],
            await DaysAsync(desk,
                $"/api/v1/availability?serviceId={course.Service}&from={App.Date(2)}&to={App.Date(7)}&packageId={course.Package}"));

        // Frozen days are left out too.
        await (await desk.PostJson($"/api/v1/packages/{course.Package}/freeze", new { from = App.Date(7),
            to = App.Date(8) })).Expect(HttpStatusCode.OK);
        Assert.Equal([App.Date(2), App.Date(6)], await DaysAsync(desk, search + $"&packageId={course.Package}"));

        // A package that cannot be used for the service offers nothing, and says why.
        var other = await course.Salon.ManualServiceAsync();
        var blocked = await (await desk.GetAsync($"/api/v1/availability?serviceId={other}&from={App.Date(2)}&to={App.Date(7)}&packageId={course.Package}"))
            .Expect(HttpStatusCode.OK);
        Assert.Empty(blocked["slots"]!.AsArray());
        Assert.Equal("https://salon.example/problems/package-not-covering",
            (string?)blocked["blockedForClient"]!["type"]);

        // Someone else's package is not found, for the desk naming another client and for another client's token.
        var stranger = await course.Salon.ClientAsync();
        await (await desk.GetAsync($"/api/v1/availability?serviceId={course.Service}&from={App.Date(2)}&clientId={stranger}&packageId={course.Package}"))
            .ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await App.ClientAs("client",
            clientId: stranger).GetAsync($"/api/v1/availability?serviceId={course.Service}&from={App.Date(2)}&packageId={course.Package}"))
            .ExpectProblem(HttpStatusCode.NotFound, "not-found");
    }

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
    public async Task A_package_valid_from_the_first_visit_starts_its_days_at_the_first_session()
    {
        var course = await App.CourseAsync(validityDays: 10, validityFrom: "first_visit", minDaysBetween: 0);
        var desk = App.FrontDesk();
        Assert.Null(course.Sold["expiresOn"]);
        var start = App.Soon();

        await desk.CheckInAndCompleteAsync(await desk.BookAsync(course, start));

        Assert.Equal(Day(start.AddDays(9)), (string?)(await desk.PackageAsync(course.Package))["expiresOn"]);
    }

    [Fact]
    public async Task Before_the_first_visit_a_first_visit_package_still_keeps_its_sessions_within_its_validity()
    {
        var course = await App.CourseAsync(validityDays: 10, validityFrom: "first_visit", minDaysBetween: 0);
        var desk = App.FrontDesk();
        await desk.BookAsync(course, course.Salon.Start(3, 11));

        // Ten days counted from the earliest booked session: days 3 to 12.
        await desk.BookAsync(course, course.Salon.Start(12, 11));
        await (await desk.Book(course, course.Salon.Start(13, 11))).ExpectProblem(HttpStatusCode.UnprocessableEntity,
            "package-expired");
        await (await desk.Book(course, course.Salon.Start(2, 11))).ExpectProblem(HttpStatusCode.UnprocessableEntity,
            "package-expired");
        Assert.Null((await desk.PackageAsync(course.Package))["expiresOn"]);
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

    [Fact]
    public async Task A_client_reads_only_their_own_packages()
    {
        var course = await App.CourseAsync();
        var stranger = await course.Salon.ClientAsync();
        var self = App.ClientAs("client", clientId: course.Client);
        var other = App.ClientAs("client", clientId: stranger);

        await (await self.GetAsync($"/api/v1/packages/{course.Package}")).Expect(HttpStatusCode.OK);
        Assert.Single((await self.AllAsync($"/api/v1/clients/{course.Client}/packages")));
        await (await other.GetAsync($"/api/v1/packages/{course.Package}")).ExpectProblem(HttpStatusCode.NotFound,
            "not-found");
        await (await other.GetAsync($"/api/v1/clients/{course.Client}/packages")).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await self.PostJson("/api/v1/packages", new { clientId = course.Client, templateId = course.Template,
            method = "card" }))
            .ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
    }

    private static Dictionary<string, object?> ValidTemplate(Guid service) => new()
    {
        ["name"] = "Курс " + Guid.NewGuid().ToString("N")[..12], ["serviceId"] = service, ["sessionCount"] = 10, ["price"] = 16200m,
        ["validityDays"] = 45, ["minDaysBetween"] = 2, ["freezeDays"] = 14,
    };

    private static async Task<List<string>> DaysAsync(HttpClient http, string url) =>
        (await (await http.GetAsync(url)).Expect(HttpStatusCode.OK))["slots"]!.AsArray()
            .Select(s => Day(DateTimeOffset.Parse((string)s!["start"]!,
                CultureInfo.InvariantCulture))).Distinct().ToList();

    private static async Task<List<JsonNode>> ReceiptsAsync(HttpClient desk, Guid client, string eventName) =>
        (await desk.AllAsync($"/api/v1/clients/{client}/receipts"))
            .Where(r => (string?)r!["event"] == eventName).Select(r => r!).ToList();

    private Task<string?> StatusAsync(Guid package)
        => App.ScalarAsync<string>("SELECT status FROM packages WHERE id = @package", new { package });

    private async Task<Guid> SalePaymentAsync(Guid package) =>
        await App.ScalarAsync<Guid>("SELECT id FROM payments WHERE package_id = @package AND purpose = 'package_sale'",
            new { package });
}

public sealed class PackagesOnSqlite(SqliteApp app) : PackagesTests(app), IClassFixture<SqliteApp>;
public sealed class PackagesOnPostgres(PostgresApp app) : PackagesTests(app), IClassFixture<PostgresApp>;
public sealed class PackagesOnSqlServer(SqlServerApp app) : PackagesTests(app), IClassFixture<SqlServerApp>;

/// <summary>The demo salon, loaded at start-up through the API's own commands.</summary>
public sealed class DemoPackageApp : SqliteApp
{
    protected override IReadOnlyDictionary<string, string> Settings
        => new Dictionary<string, string> { ["Salon:Demo"] = "true" };
}

public sealed class DemoPackageTemplates(DemoPackageApp app) : ProviderTests(app), IClassFixture<DemoPackageApp>
{
    [Fact]
    public async Task The_demo_salon_sells_a_10_session_and_a_15_session_course_every_other_day()
    {
        var templates = (await App.FrontDesk().AllAsync("/api/v1/package-templates"));

        var ten = Assert.Single(templates, t => (int)t!["sessionCount"]! == 10)!;
        var fifteen = Assert.Single(templates, t => (int)t!["sessionCount"]! == 15)!;
        Assert.Equal(("manual", 45, 1_620_000L), ((string?)ten["serviceKind"], (int)ten["validityDays"]!,
            Kopecks(ten["price"])));
        Assert.Equal(("hardware", 60, 1_912_500L), ((string?)fifteen["serviceKind"], (int)fifteen["validityDays"]!,
            Kopecks(fifteen["price"])));
        Assert.All(new[] { ten, fifteen }, t =>
        {
            Assert.Equal(2, (int)t["minDaysBetween"]!);
            Assert.Equal(14, (int)t["freezeDays"]!);
            Assert.Equal("pro_rata", (string?)t["refundMethod"]);
            Assert.True((bool)t["active"]!);
        });
    }
}
