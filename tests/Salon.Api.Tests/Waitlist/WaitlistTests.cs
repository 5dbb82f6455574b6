using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Salon.Api.Features.Reminders;
using Salon.Api.Features.Waitlist;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests.Waitlist;

/// <summary>
/// The waitlist on a small salon: one therapist working 10:00-12:30 Moscow time, so a 60-minute session with its
/// 15-minute buffer fits twice a day (10:00 and 11:15) and two visits fill the day D. The matcher is run by hand on
/// the test clock, at noon (offers are not made in the quiet hours).
/// </summary>
public abstract class WaitlistTests(SalonApp app) : ProviderTests(app)
{
    private static readonly TimeSpan Msk = TimeSpan.FromHours(3);
    private WaitlistMatcher Matcher => App.Services.GetRequiredService<WaitlistMatcher>();

    private sealed record Day(SalonBuilder Salon, Guid Service, Guid Therapist, DateOnly D, DateTimeOffset Ten,
        DateTimeOffset Quarter,
        Guid TenBooking, Guid QuarterBooking)
    {
        public DateTimeOffset At(int days, int hour, int minute = 0)
            => Ten.AddDays(days).AddHours(hour - 10).AddMinutes(minute);
    }

    /// <summary>Noon two days on, and the day D four days after it, full: its 10:00 and 11:15 booked by two
    /// clients.</summary>
    private async Task<Day> FullDayAsync()
    {
        var today = App.Clock.GetUtcNow().ToOffset(Msk).Date.AddDays(2);
        App.Clock.SetUtcNow(new DateTimeOffset(today.AddHours(12), Msk).ToUniversalTime());
        var salon = new SalonBuilder(App);
        var service = await salon.ManualServiceAsync();
        var hours = Enum.GetNames<DayOfWeek>().Select(d => (object)new { day = d.ToLowerInvariant(), start = "10:00",
            end = "12:30" }).ToArray();
        var therapist = await salon.TherapistAsync(hours);
        var ten = new DateTimeOffset(today.AddDays(4).AddHours(10), Msk);
        var desk = App.FrontDesk();
        var first = await desk.BookAsync(await salon.ClientAsync(), service, therapist, ten);
        var second = await desk.BookAsync(await salon.ClientAsync(), service, therapist, ten.AddMinutes(75));
        return new Day(salon, service, therapist, DateOnly.FromDateTime(ten.Date), ten, ten.AddMinutes(75), first,
            second);
    }

    private async Task<Guid> WaitAsync(Day day, Guid client, Guid? package = null) =>
        SalonBuilder.Id(await (await App.FrontDesk().PostJson("/api/v1/waitlist", new
        {
            clientId = client, serviceId = day.Service, from = Iso(day.D), to = Iso(day.D), therapistId = day.Therapist, packageId = package,
        })).Expect(HttpStatusCode.Created));

    /// <summary>A full day D, one client waiting for it, and the offer its 10:00 cancellation made them.</summary>
    private async Task<(Day Day, Guid Client, Guid Entry, JsonNode Offer)> OfferedAsync()
    {
        var day = await FullDayAsync();
        var client = await day.Salon.ClientAsync();
        var entry = await WaitAsync(day, client);
        await CancelAsync(day.TenBooking);
        await RunAsync();
        return (day, client, entry, await OpenOfferAsync(entry));
    }

    private async Task RunAsync()
    {
        for (var round = 0; round < 20 && await Matcher.RunOnceAsync(CancellationToken.None) > 0; round++) { }
    }

    private async Task<JsonNode> EntryAsync(Guid entry) =>
        await (await App.FrontDesk().GetAsync($"/api/v1/waitlist/{entry}")).Expect(HttpStatusCode.OK);

    private async Task<JsonArray> OffersAsync(Guid entry) => (await EntryAsync(entry))["offers"]!.AsArray();

    private async Task<JsonNode> OpenOfferAsync(Guid entry) =>
        Assert.Single(await OffersAsync(entry), o => (string?)o!["status"] == "offered")!;

    private Task CancelAsync(Guid booking) =>
        App.FrontDesk().PostJson($"/api/v1/bookings/{booking}/cancel", new { by = "client" }).ContinueWith(t
            => t.Result.Expect(HttpStatusCode.OK)).Unwrap();

    /// <summary>An accept under an Idempotency-Key; the request has no body.</summary>
    private static Task<HttpResponseMessage> Accept(HttpClient http, string url, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url);
        request.Headers.Add("Idempotency-Key", key);
        return http.SendAsync(request);
    }

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateTimeOffset Time(JsonNode? node) => DateTimeOffset.Parse((string)node!,
        CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_cancellation_offers_the_time_to_the_earliest_client_the_booking_rules_allow()
    {
        var day = await FullDayAsync();
        var salon = day.Salon;
        var desk = App.FrontDesk();

        // Pregnant, cleared for surface drainage, with two visits in the three days before D: a third would break the
        // cap.
        var pregnant = await salon.UnscreenedClientAsync();
        await salon.ScreenAsync(pregnant, "Q17");
        await (await new ScreeningSalon(App).ClearAsync(pregnant,
            DateOnly.FromDateTime(App.Clock.GetUtcNow().ToOffset(Msk).Date), ["SURF"],
            pregnancy: true, conditions: ["Q17"])).Expect(HttpStatusCode.Created);
        await desk.BookAsync(pregnant, day.Service, day.Therapist, day.At(-2, 10));
        await desk.BookAsync(pregnant, day.Service, day.Therapist, day.At(-1, 10));
        // On an every-other-day course with a session the day before D.
        var course = await salon.ClientAsync();
        var template = SalonBuilder.Id(await App.TemplateAsync(day.Service, minDaysBetween: 2));
        var package = SalonBuilder.Id(await desk.SellAsync(course, template));
        await desk.BookAsync(course, day.Service, day.Therapist, day.At(-1, 11, 15), package);
        // Thrombosis: the screening rules every session out.
        var blocked = await salon.UnscreenedClientAsync();
        await salon.ScreenAsync(blocked, "Q03");
        var eligible = await salon.ClientAsync();
        var later = await salon.ClientAsync();

        var entries = new[]
        {
            await WaitAsync(day, pregnant), await WaitAsync(day, course, package), await WaitAsync(day, blocked),
            await WaitAsync(day, eligible), await WaitAsync(day, later),
        };
        await RunAsync();
        foreach (var entry in entries)
            Assert.Empty(await OffersAsync(entry)); // the day is full

        await CancelAsync(day.TenBooking);
        await RunAsync();

        for (var i = 0; i < 3; i++)
            Assert.Empty(await OffersAsync(entries[i]));
        var offer = await OpenOfferAsync(entries[3]);
        Assert.Equal(day.Ten, Time(offer["startsAt"]));
        Assert.Equal(App.Clock.GetUtcNow().AddMinutes(15), Time(offer["expiresAt"]));
        Assert.Empty(await OffersAsync(entries[4]));

        // The desk's day shows every entry and the offer.
        var view = await (await desk.GetAsync($"/api/v1/waitlist?date={Iso(day.D)}")).Expect(HttpStatusCode.OK);
        var shown = view["entries"]!.AsArray().Where(e => entries.Contains(SalonBuilder.Id(e!))).ToList();
        Assert.Equal(5, shown.Count);
        Assert.Equal("offered", (string?)shown.Single(e
            => SalonBuilder.Id(e!) == entries[3])!["offers"]![0]!["status"]);
        ScreeningSalon.NoQuestionCodes(view);

        // Published through the outbox, with ids and times only.
        var events = await App.QueryAsync<string>("SELECT data FROM outbox WHERE type = 'waitlist.offered' AND subject_id = @entry",
            new { entry = entries[3] });
        var published = JsonNode.Parse(Assert.Single(events))!;
        Assert.Equal(((string)offer["id"]!, "offered"), ((string)published["offerId"]!, (string)published["status"]!));
        Assert.Equal(day.Ten, Time(published["startsAt"]));
        ScreeningSalon.NoQuestionCodes(published);
    }

    [Fact]
    public async Task An_extra_shift_on_a_full_day_is_offered_to_the_waiting_client()
    {
        var day = await FullDayAsync();
        var entry = await WaitAsync(day, await day.Salon.ClientAsync());
        await RunAsync();
        Assert.Empty(await OffersAsync(entry));

        await (await App.Admin().PostJson($"/api/v1/therapists/{day.Therapist}/exceptions", new
        {
            kind = "extra_shift", startsAt = day.At(0, 14), endsAt = day.At(0, 16),
        })).Expect(HttpStatusCode.OK);
        await RunAsync();

        Assert.Equal(day.At(0, 14), Time((await OpenOfferAsync(entry))["startsAt"]));
    }

    [Fact]
    public async Task Two_matchers_at_once_offer_a_freed_time_once_to_the_earliest_client()
    {
        var day = await FullDayAsync();
        var first = await WaitAsync(day, await day.Salon.ClientAsync());
        var second = await WaitAsync(day, await day.Salon.ClientAsync());
        await CancelAsync(day.TenBooking);
        var one = ActivatorUtilities.CreateInstance<WaitlistMatcher>(App.Services);
        var other = ActivatorUtilities.CreateInstance<WaitlistMatcher>(App.Services);

        async Task Run(WaitlistMatcher m)
        {
            for (var round = 0; round < 20 && await m.RunOnceAsync(CancellationToken.None) > 0; round++) { }
        }
        await Task.WhenAll(Task.Run(() => Run(one)), Task.Run(() => Run(other)), Task.Run(() => Run(one)),
            Task.Run(() => Run(other)));

        Assert.Equal(day.Ten, Time((await OpenOfferAsync(first))["startsAt"]));
        Assert.Empty(await OffersAsync(second));
        Assert.Equal(1L,
            await App.ScalarAsync<long>("SELECT COUNT(*) FROM waitlist_offers WHERE therapist_id = @therapist",
            new { therapist = day.Therapist }));
    }

    [Fact]
    public async Task No_other_client_can_book_or_see_the_held_time()
    {
        var (day, _, _, _) = await OfferedAsync();

        var other = await day.Salon.ClientAsync();
        await (await App.FrontDesk().Book(other, day.Service, day.Therapist,
            day.Ten)).ExpectProblem(HttpStatusCode.Conflict, "slot-taken");
        var free = await (await App.FrontDesk().GetAsync(
            $"/api/v1/availability?serviceId={day.Service}&from={Iso(day.D)}&to={Iso(day.D)}&clientId={other}")).Expect(HttpStatusCode.OK);
        Assert.Empty(free["slots"]!.AsArray());
    }

    [Fact]
    public async Task An_expired_hold_frees_the_time_and_the_next_client_is_offered_it()
    {
        var day = await FullDayAsync();
        var first = await WaitAsync(day, await day.Salon.ClientAsync());
        var second = await WaitAsync(day, await day.Salon.ClientAsync());
        await CancelAsync(day.TenBooking);
        await RunAsync();
        var offer = await OpenOfferAsync(first);

        App.Clock.Advance(TimeSpan.FromMinutes(15));
        // Past its end the hold reads as free, before the worker has run.
        Assert.Equal("expired", (string?)(await OffersAsync(first))[0]!["status"]);
        var free = await (await App.FrontDesk().GetAsync(
            $"/api/v1/availability?serviceId={day.Service}&from={Iso(day.D)}&to={Iso(day.D)}")).Expect(HttpStatusCode.OK);
        Assert.Contains(free["slots"]!.AsArray(), s => Time(s!["start"]) == day.Ten);
        await (await App.FrontDesk().PostAsync($"/api/v1/waitlist/offers/{offer["id"]}/accept", null))
            .ExpectProblem(HttpStatusCode.Conflict, "offer-closed");

        await RunAsync();
        Assert.Equal("expired", (string?)(await OffersAsync(first))[0]!["status"]);
        Assert.Equal(day.Ten, Time((await OpenOfferAsync(second))["startsAt"]));
        Assert.Equal("waiting", (string?)(await EntryAsync(first))["status"]);
    }

    [Fact]
    public async Task A_lapsed_hold_does_not_stop_a_booking_before_the_worker_marks_it()
    {
        var (day, _, entry, _) = await OfferedAsync();
        App.Clock.Advance(TimeSpan.FromMinutes(16));

        await App.FrontDesk().BookAsync(await day.Salon.ClientAsync(), day.Service, day.Therapist, day.Ten);
        await RunAsync();
        Assert.Equal("expired", (string?)(await OffersAsync(entry))[0]!["status"]);
        Assert.Single(await OffersAsync(entry)); // the day is full again: nothing more to offer
    }

    [Fact]
    public async Task A_declined_offer_passes_to_the_next_client_and_is_not_made_again()
    {
        var day = await FullDayAsync();
        var firstClient = await day.Salon.ClientAsync();
        var first = await WaitAsync(day, firstClient);
        var second = await WaitAsync(day, await day.Salon.ClientAsync());
        await CancelAsync(day.TenBooking);
        await RunAsync();
        var offer = await OpenOfferAsync(first);

        var mine = App.ClientAs("client", clientId: firstClient);
        var declined = await (await mine.PostAsync($"/api/v1/waitlist/offers/{offer["id"]}/decline",
            null)).Expect(HttpStatusCode.OK);
        Assert.Equal("declined", (string?)declined["status"]);
        await RunAsync();

        Assert.Equal(day.Ten, Time((await OpenOfferAsync(second))["startsAt"]));
        Assert.DoesNotContain(await OffersAsync(first), o => (string?)o!["status"] == "offered");
    }

    [Fact]
    public async Task Accepting_books_the_held_time_through_the_booking_path_once_per_idempotency_key()
    {
        var (day, client, entry, offer) = await OfferedAsync();
        var mine = App.ClientAs("client", clientId: client);
        var stranger = App.ClientAs("client", clientId: await day.Salon.ClientAsync());
        await (await stranger.PostAsync($"/api/v1/waitlist/offers/{offer["id"]}/accept",
            null)).ExpectProblem(HttpStatusCode.NotFound, "not-found");

        var key = Guid.NewGuid().ToString();
        var booked = await (await Accept(mine, $"/api/v1/waitlist/offers/{offer["id"]}/accept",
            key)).Expect(HttpStatusCode.Created);
        var again = await (await Accept(mine, $"/api/v1/waitlist/offers/{offer["id"]}/accept",
            key)).Expect(HttpStatusCode.Created);

        Assert.Equal(SalonBuilder.Id(booked), SalonBuilder.Id(again));
        Assert.Equal(day.Ten, Time(booked["startsAt"]));
        Assert.Equal("booked", (string?)booked["status"]);
        var read = await EntryAsync(entry);
        Assert.Equal(("booked", SalonBuilder.Id(booked).ToString()), ((string)read["status"]!,
            (string)read["bookingId"]!));
        Assert.Equal(1L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM bookings WHERE client_id = @client",
            new { client }));
        Assert.Equal(0L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM resource_claims WHERE booking_id = @id",
            new { id = Guid.Parse((string)offer["id"]!) }));
    }

    [Fact]
    public async Task A_client_sees_and_cancels_only_her_own_entries_and_cancelling_releases_the_hold()
    {
        var (day, client, entry, _) = await OfferedAsync();
        var mine = App.ClientAs("client", clientId: client);
        var other = await day.Salon.ClientAsync();
        var theirs = App.ClientAs("client", clientId: other);
        var joined = await (await theirs.PostJson("/api/v1/waitlist", new
        {
            clientId = other, serviceId = day.Service, from = Iso(day.D), to = Iso(day.D.AddDays(2)),
        })).Expect(HttpStatusCode.Created);
        await (await theirs.PostJson("/api/v1/waitlist", new { clientId = client, serviceId = day.Service,
            from = Iso(day.D), to = Iso(day.D) }))
            .ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        await (await theirs.PostJson("/api/v1/waitlist", new { clientId = other, serviceId = day.Service,
            from = Iso(day.D), to = Iso(day.D) }))
            .ExpectProblem(HttpStatusCode.Conflict, "waitlist-duplicate");
        await (await App.FrontDesk().GetAsync("/api/v1/waitlist")).ExpectProblem(HttpStatusCode.BadRequest,
            "validation");

        var own = (await (await mine.GetAsync("/api/v1/waitlist")).Expect(HttpStatusCode.OK))["entries"]!.AsArray();
        Assert.Equal([entry], own.Select(e => SalonBuilder.Id(e!)).ToArray());
        await (await theirs.GetAsync($"/api/v1/waitlist/{entry}")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
        await (await theirs.PostAsync($"/api/v1/waitlist/{entry}/cancel", null)).ExpectProblem(HttpStatusCode.NotFound,
            "not-found");

        var cancelled = await (await mine.PostAsync($"/api/v1/waitlist/{entry}/cancel",
            null)).Expect(HttpStatusCode.OK);
        Assert.Equal(("cancelled", "withdrawn"), ((string)cancelled["status"]!,
            (string)cancelled["offers"]![0]!["status"]!));
        await (await mine.PostAsync($"/api/v1/waitlist/{entry}/cancel", null)).ExpectProblem(HttpStatusCode.Conflict,
            "waitlist-closed");
        // The withdrawn hold no longer keeps the time: the next client on the list is offered it.
        await RunAsync();
        Assert.Equal(day.Ten, Time((await OpenOfferAsync(SalonBuilder.Id(joined)))["startsAt"]));
    }

    [Fact]
    public async Task Two_accepts_of_one_offer_at_once_make_one_booking()
    {
        var (_, client, _, offer) = await OfferedAsync();
        var url = $"/api/v1/waitlist/offers/{offer["id"]}/accept";
        var app = App.ClientAs("client", clientId: client);
        var desk = App.FrontDesk();

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            Task.Run(() => Accept(i % 2 == 0 ? app : desk, url, Guid.NewGuid().ToString()))));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
            await refused.ExpectProblem(HttpStatusCode.Conflict, "offer-closed");
        Assert.Equal(1L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM bookings WHERE client_id = @client",
            new { client }));
    }

    [Fact]
    public async Task The_offer_is_sent_through_the_reminder_channel_without_health_data()
    {
        await using var gateway = await FakeSmsGateway.StartAsync();
        var reminders = App.Services.GetRequiredService<ReminderOptions>();
        var channels = reminders.Channels;
        reminders.Channels = ["sms"];
        reminders.Sms.Url = gateway.SmsUrl;
        try
        {
            var day = await FullDayAsync();
            var client = await day.Salon.ClientAsync();
            var phone = (await App.ScalarAsync<string>("SELECT phone FROM clients WHERE id = @client",
                new { client }))!;
            var entry = await WaitAsync(day, client);
            await CancelAsync(day.TenBooking);
            await RunAsync();

            var sms = Assert.Single(gateway.To(phone));
            var until = App.Clock.GetUtcNow().AddMinutes(15).ToOffset(Msk);
            Assert.Equal($"Салон: освободилось время {day.Ten:dd.MM.yyyy} в 10:00. Мы держим его для вас до {until:HH:mm}: " +
                "подтвердите запись в приложении.", sms.Text);
            Assert.Equal(("sent", "sms"), ((string)(await OpenOfferAsync(entry))["notice"]!,
                await App.ScalarAsync<string>(
                "SELECT notice_channel FROM waitlist_offers WHERE entry_id = @entry", new { entry })));
            await RunAsync();
            Assert.Single(gateway.To(phone));
        }
        finally { reminders.Channels = channels; }
    }
}

public sealed class WaitlistOnSqlite(SqliteApp app) : WaitlistTests(app), IClassFixture<SqliteApp>;
public sealed class WaitlistOnPostgres(PostgresApp app) : WaitlistTests(app), IClassFixture<PostgresApp>;
public sealed class WaitlistOnSqlServer(SqlServerApp app) : WaitlistTests(app), IClassFixture<SqlServerApp>;
