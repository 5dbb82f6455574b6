using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Salon.Api.Tests.Infrastructure;
using static Salon.Api.Tests.Infrastructure.Billing;

namespace Salon.Api.Tests;

/// <summary>
/// Booking on a package (PackageRules): the service and client it covers, its validity, its cadence, its
/// sessions left, and a search that offers only the days a booking would accept.
/// </summary>
public abstract class BookOnPackageTests(SalonApp app) : PackagesTestBase(app)
{
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
}

public sealed class BookOnPackageOnSqlite(SqliteApp app) : BookOnPackageTests(app), IClassFixture<SqliteApp>;
public sealed class BookOnPackageOnPostgres(PostgresApp app) : BookOnPackageTests(app), IClassFixture<PostgresApp>;
public sealed class BookOnPackageOnSqlServer(SqlServerApp app) : BookOnPackageTests(app), IClassFixture<SqlServerApp>;
