using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Salon.Api.Infrastructure.Http;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests.Desk;

/// <summary>The front desk's working day in a real browser, against the API on a real database (demo salon).</summary>
public abstract class DeskBrowserTests(SalonApp app, DeskSession desk) : IAsyncLifetime
{
    private const string Screened = "Орлова";      // Екатерина Орлова: consent and screening on file
    private const string Unscreened = "Морозова";  // Наталья Морозова: no health consent, no questionnaire

    public ValueTask InitializeAsync()
    {
        app.SkipIfUnavailable();
        if (desk.SkipReason is not null) Assert.Skip(desk.SkipReason);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task The_desk_books_checks_in_takes_a_card_payment_completes_and_shows_the_receipt_and_the_till()
    {
        var page = await desk.OpenDeskAsync();
        Assert.True(await page.GetByTestId("therapist-column").CountAsync() >= 2); // Anna and Olga work on Tuesdays
        Assert.True(await page.GetByTestId("device-column").CountAsync() >= 4);
        Assert.True(await page.GetByTestId("free").CountAsync() >= 2);

        var booking = await BookAsync(page, Screened, "Прессотерапия");
        await DeskSession.ScreenshotAsync(page, "booking", booking);
        await page.GetByRole(AriaRole.Button, new() { Name = "Закрыть" }).ClickAsync();

        var visit = page.GetByTestId("visit").Filter(new() { HasText = "Орлова" })
            .Filter(new() { HasText = "Прессотерапия" });
        await Assertions.Expect(visit.First).ToContainTextAsync("Прессотерапия");
        await Assertions.Expect(visit.First).ToContainTextAsync("записан");
        await Assertions.Expect(visit.First).ToContainTextAsync("допущен");
        Assert.Equal(2, await visit.CountAsync()); // in Olga's column and in the suit's
        await DeskSession.ScreenshotAsync(page, "day");

        await visit.First.FocusAsync(); // the keyboard reaches every visit: Enter opens it
        await page.Keyboard.PressAsync("Enter");
        var card = page.GetByTestId("visit-dialog");
        await card.GetByRole(AriaRole.Button, new() { Name = "Пришёл (вопросы дня)" }).ClickAsync();
        await Assertions.Expect(card.GetByRole(AriaRole.Checkbox)).ToHaveCountAsync(6); // Q01 Q02 Q03 Q17 Q19 Q21
        await card.GetByRole(AriaRole.Button, new() { Name = "Отметить приход" }).ClickAsync();
        await Assertions.Expect(card.GetByTestId("visit-status")).ToHaveTextAsync("пришёл");

        await card.GetByRole(AriaRole.Button, new() { Name = "Оплата" }).ClickAsync();
        await card.GetByLabel("Способ оплаты").SelectOptionAsync("card");
        await card.GetByRole(AriaRole.Button, new() { Name = "Принять оплату" }).ClickAsync();
        var receipt = card.GetByTestId("receipt");
        await Assertions.Expect(receipt).ToContainTextAsync("Прессотерапия");
        await Assertions.Expect(receipt).ToContainTextAsync("4 полный расчёт"); // tag 1214 = 4, a visit paid in full
        await Assertions.Expect(receipt).ToContainTextAsync("4 услуга");        // tag 1212 = 4, a service
        await Assertions.Expect(receipt).ToContainTextAsync("картой 1 500,00");
        await DeskSession.ScreenshotAsync(page, "receipt", card);

        await card.GetByRole(AriaRole.Button, new() { Name = "Завершить" }).ClickAsync();
        await Assertions.Expect(card.GetByTestId("visit-status")).ToHaveTextAsync("завершён");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(visit.First).ToContainTextAsync("завершён");

        await page.GetByRole(AriaRole.Button, new() { Name = "Касса" }).ClickAsync();
        var till = page.GetByTestId("cash-report");
        await Assertions.Expect(till).ToContainTextAsync("Приход: карта (1)");
        await Assertions.Expect(till).ToContainTextAsync("1 500,00");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Refusals_reach_the_desk_in_plain_russian()
    {
        var page = await desk.OpenDeskAsync();
        // the screening gate: availability for a client without health consent says why there is no time for her
        await page.GetByRole(AriaRole.Button, new() { Name = "Новая запись" }).ClickAsync();
        var dialog = page.GetByTestId("booking");
        await PickClientAsync(dialog, Unscreened);
        await ChooseAsync(dialog.GetByLabel("Услуга"), "Поверхностный лимфодренаж ног");
        await Assertions.Expect(dialog.GetByTestId("blocked"))
            .ToHaveTextAsync("Нет согласия на обработку данных о здоровье: запишите согласие.");

        // a clash: the chosen time is taken by another desk before this one presses "book"
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Закрыть" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Новая запись" }).ClickAsync();
        dialog = page.GetByTestId("booking");
        await PickClientAsync(dialog, "Павлова");
        await dialog.GetByLabel("Мастер").SelectOptionAsync(new SelectOptionValue { Label = "Анна Смирнова" });
        await ChooseAsync(dialog.GetByLabel("Услуга"), "Медовый массаж ног");
        var slot = dialog.GetByTestId("slot").Last;
        var startsAt = await TakeSlotElsewhereAsync(slot, "Медовый массаж ног", "Смирнова");
        await slot.ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Записать" }).ClickAsync();
        await Assertions.Expect(dialog.GetByTestId("error")).ToHaveTextAsync(
            "Это время уже занято: мастер или аппарат заняты. Выберите другое время.");
        Assert.NotNull(startsAt);

        // a wrong password
        await page.Context.ClearCookiesAsync();
        await page.EvaluateAsync("sessionStorage.clear()");
        await page.ReloadAsync();
        await page.GetByLabel("Пароль").FillAsync("wrong-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Войти" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("error")).ToHaveTextAsync("Неверный логин или пароль.");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Two_desks_see_each_others_bookings_within_seconds_through_the_event_stream()
    {
        var first = await desk.OpenDeskAsync();
        var second = await desk.OpenDeskAsync();
        await Assertions.Expect(second.GetByTestId("live")).ToHaveAttributeAsync("data-mode", "stream");
        var before = await second.GetByTestId("visit").Filter(new() { HasText = "Соколова" }).CountAsync();
        var reads = 0; // the second desk's reads of the day
        second.Request += (_, request) =>
        {
            if (request.Url.Contains("/api/v1/schedule", StringComparison.Ordinal)) Interlocked.Increment(ref reads);
        };
        await Task.Delay(TimeSpan.FromSeconds(5)); // longer than the 4 s poll: a polling desk would read the day now
        Assert.Equal(0, reads);

        await BookAsync(first, "Соколова", "Поверхностный лимфодренаж ног");

        // no reload and no poll on the second desk: the stream announces the booking and the desk reads the day once
        await Assertions.Expect(second.GetByTestId("visit").Filter(new() { HasText = "Соколова" }))
            .ToHaveCountAsync(before + 1, new() { Timeout = 4_000 });
        Assert.InRange(reads, 1, 2);

        // the app books for Екатерина Орлова: both desks see it through the stream as well
        var orlova = second.GetByTestId("visit").Filter(new() { HasText = "Орлова" });
        var hers = await orlova.CountAsync();
        await BookFromTheAppAsync("89161000001", "Поверхностный лимфодренаж ног");
        await Assertions.Expect(orlova).ToHaveCountAsync(hers + 1, new() { Timeout = 4_000 });
        Assert.InRange(reads, 2, 4);
        await Assertions.Expect(second.GetByTestId("live")).ToHaveAttributeAsync("data-mode", "stream");
        await first.Context.CloseAsync();
        await second.Context.CloseAsync();
    }

    [Fact]
    public async Task A_desk_without_the_stream_polls_sees_time_off_and_returns_to_the_stream()
    {
        // the stream is cut off (a proxy that buffers or refuses it): the desk says so and polls the day instead
        var page = await desk.OpenDeskAsync(prepare: p =>
            p.RouteAsync("**/api/v1/events/stream", route => route.AbortAsync("connectionrefused")));
        await Assertions.Expect(page.GetByTestId("live")).ToHaveAttributeAsync("data-mode", "polling");
        await Assertions.Expect(page.GetByTestId("live")).ToHaveTextAsync("○ обновление раз в 4 с");

        // the admin gives Anna time off in the afternoon (hours publish no event): the polling desk stops offering it
        var admin = app.Admin();
        var therapists = await admin.AllAsync("/api/v1/therapists");
        var anna = (string)therapists.First(t => (string?)t!["lastName"] == "Смирнова")!["id"]!;
        await (await admin.PostJson($"/api/v1/therapists/{anna}/exceptions", new
        {
            kind = "time_off", startsAt = $"{desk.Day}T15:00:00+03:00", endsAt = $"{desk.Day}T16:30:00+03:00",
        })).Expect(HttpStatusCode.OK);
        var annaColumn = page.GetByTestId("therapist-column")
            .Filter(new() { Has = page.GetByLabel("Анна: свободно 16:30") });
        // (what is free before 15:00 depends on the visits earlier tests of this class booked for Anna)
        await Assertions.Expect(annaColumn).ToHaveCountAsync(1, new() { Timeout = 12_000 });

        // the stream is back: the desk finds it again by itself and stops polling
        await page.UnrouteAllAsync();
        await Assertions.Expect(page.GetByTestId("live")).ToHaveAttributeAsync("data-mode", "stream",
            new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByTestId("live")).ToHaveTextAsync("● в реальном времени");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_move_over_a_stale_visit_reloads_it_and_says_so()
    {
        var page = await desk.OpenDeskAsync();
        await BookAsync(page, "Павлова", "Глубокий лимфодренаж ног");
        await page.GetByRole(AriaRole.Button, new() { Name = "Закрыть" }).ClickAsync();
        var visit = page.GetByTestId("visit").Filter(new() { HasText = "Глубокий" })
            .Filter(new() { HasText = "Павлова" });
        await visit.First.ClickAsync();
        var card = page.GetByTestId("visit-dialog");
        await Assertions.Expect(card.GetByTestId("visit-status")).ToHaveTextAsync("записан");

        // another desk moves the visit meanwhile: the version this card holds is stale
        var id = await visit.First.GetAttributeAsync("data-booking-id");
        var other = app.FrontDesk();
        var booking = await (await other.GetAsync($"/api/v1/bookings/{id}")).Expect(HttpStatusCode.OK);
        // The first free start the other tests left: the move goes to the nearest time that is free and within hours.
        var startsAt = DateTimeOffset.Parse((string)booking["startsAt"]!,
            System.Globalization.CultureInfo.InvariantCulture);
        var movedOk = false;
        foreach (var minutes in new[] { 180, 120, 90, -90, -120, -180, 240, -240 })
        {
            var answer = await other.PostJson($"/api/v1/bookings/{id}/reschedule",
                new { startsAt = startsAt.AddMinutes(minutes) });
            if (answer.StatusCode == HttpStatusCode.OK) { movedOk = true; break; }
        }
        Assert.True(movedOk, "no free time within three hours either side to move the visit to");

        await card.GetByRole(AriaRole.Button, new() { Name = "Перенести" }).ClickAsync();
        await card.GetByTestId("move-slot").Last.ClickAsync();
        await Assertions.Expect(card.GetByTestId("error")).ToHaveTextAsync(
            "Данные изменились на другом рабочем месте: показаны свежие, повторите действие.");
        Assert.Equal("precondition-failed", await card.GetByTestId("error").GetAttributeAsync("data-code"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_retry_after_a_lost_answer_books_once()
    {
        var page = await desk.OpenDeskAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Новая запись" }).ClickAsync();
        var dialog = page.GetByTestId("booking");
        await PickClientAsync(dialog, Screened);
        await ChooseAsync(dialog.GetByLabel("Услуга"), "Микротоковый лимфодренаж");
        await dialog.GetByTestId("slot").Last.ClickAsync();

        // the server books, but the answer never reaches the browser
        var reached = 0;
        await page.RouteAsync("**/api/v1/bookings", async route =>
        {
            if (route.Request.Method != "POST") { await route.ContinueAsync(); return; }
            await route.FetchAsync();
            reached++;
            await route.AbortAsync("connectionreset");
        });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Записать" }).ClickAsync();
        await Assertions.Expect(dialog.GetByTestId("error")).ToContainTextAsync("Нет связи с сервером");
        Assert.Equal(1, reached);

        await page.UnrouteAllAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Записать" }).ClickAsync();
        await Assertions.Expect(dialog.GetByTestId("booked")).ToContainTextAsync("Микротоковый лимфодренаж");

        var day = $"/api/v1/bookings?from={desk.Day}&to={desk.Day}&pageSize=100";
        var list = await (await app.FrontDesk().GetAsync(day))
            .Expect(HttpStatusCode.OK);
        var microcurrent = list["items"]!.AsArray()
            .Count(b => (string?)b!["service"]!["name"] == "Микротоковый лимфодренаж"
                && (string?)b["status"] == "booked");
        Assert.Equal(1, microcurrent);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_new_client_is_registered_screened_cleared_by_the_admin_and_sold_a_course()
    {
        var page = await desk.OpenDeskAsync("admin");
        await page.GetByRole(AriaRole.Button, new() { Name = "Новая запись" }).ClickAsync();
        var dialog = page.GetByTestId("booking");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Новый клиент…" }).ClickAsync();
        await dialog.GetByLabel("Фамилия").FillAsync("Белова");
        await dialog.GetByLabel("Имя").FillAsync("Алла");
        await dialog.GetByLabel("Телефон").FillAsync("+7 916 555-44-33");
        await dialog.GetByLabel("Дата рождения").FillAsync("1985-04-12");
        await dialog.GetByRole(AriaRole.Checkbox).CheckAsync(); // the personal-data consent, signed on paper
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Зарегистрировать" }).ClickAsync();
        await Assertions.Expect(dialog.GetByTestId("chosen-client")).ToHaveTextAsync("Белова Алла");
        await Assertions.Expect(dialog.GetByTestId("outcome"))
            .ToHaveTextAsync("Нет согласия на обработку данных о здоровье.");

        await dialog.GetByRole(AriaRole.Button, new() { Name = "карточка, анкета, абонементы" }).ClickAsync();
        var card = page.GetByTestId("client-dialog");
        await card.GetByRole(AriaRole.Button, new() { Name = "Согласие на данные о здоровье подписано" }).ClickAsync();
        await Assertions.Expect(card.GetByTestId("outcome")).ToHaveTextAsync("Нет действующей анкеты здоровья.");

        await card.GetByRole(AriaRole.Button, new() { Name = "Анкета здоровья" }).ClickAsync();
        var form = card.GetByTestId("questionnaire");
        await Assertions.Expect(form.GetByRole(AriaRole.Checkbox)).ToHaveCountAsync(24);
        // varicose veins with nodes: R for deep drainage, A for vacuum
        await form.Locator("input[name=Q05]").CheckAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "Сохранить анкету" }).ClickAsync();
        var outcome = card.GetByTestId("outcome");
        await Assertions.Expect(outcome).ToContainTextAsync("глубокий ручной: нужна справка врача");
        await Assertions.Expect(outcome).ToContainTextAsync("вакуум: противопоказано");
        await Assertions.Expect(outcome).ToContainTextAsync("поверхностный ручной: допущен с предупреждением");
        // no question codes at the desk
        Assert.DoesNotContain("Q05", await card.InnerTextAsync(), StringComparison.Ordinal);

        await card.GetByRole(AriaRole.Button, new() { Name = "Справка врача" }).ClickAsync();
        await card.GetByLabel("Дата справки").FillAsync(desk.Day);
        await card.GetByLabel("Врач").FillAsync("Сергеева Т. В.");
        await card.GetByLabel("Клиника").FillAsync("Флебоцентр");
        await card.GetByRole(AriaRole.Checkbox, new() { Name = "глубокий ручной" }).CheckAsync();
        await card.Locator("input[name=condition-Q05]").CheckAsync(); // the condition the doctor's paper lifts
        await card.GetByRole(AriaRole.Button, new() { Name = "Записать справку" }).ClickAsync();
        await Assertions.Expect(outcome).ToContainTextAsync("глубокий ручной: допущен");
        await Assertions.Expect(outcome).ToContainTextAsync("вакуум: противопоказано"); // a clearance never lifts A

        await card.GetByRole(AriaRole.Button, new() { Name = "Продать абонемент" }).ClickAsync();
        await ChooseAsync(card.GetByLabel("Абонемент"), "ручного лимфодренажа");
        await card.GetByRole(AriaRole.Button, new() { Name = "Продать", Exact = true }).ClickAsync();
        var receipt = card.GetByTestId("receipt");
        await Assertions.Expect(receipt).ToContainTextAsync("1 предоплата 100%"); // a course sold: tag 1214 = 1
        await Assertions.Expect(receipt).ToContainTextAsync("16 200,00");
        await Assertions.Expect(card.GetByTestId("packages")).ToContainTextAsync("использовано 0 из 10");
        await DeskSession.ScreenshotAsync(page, "client", card);

        // back in the booking: the course is offered now, and the day shows the session's place in it
        await card.GetByRole(AriaRole.Button, new() { Name = "Закрыть" }).ClickAsync();
        await ChooseAsync(dialog.GetByLabel("Абонемент"), "ручного лимфодренажа");
        await ChooseAsync(dialog.GetByLabel("Услуга"), "Глубокий лимфодренаж ног");
        await dialog.GetByTestId("slot").First.ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Записать" }).ClickAsync();
        await Assertions.Expect(dialog.GetByTestId("booked")).ToContainTextAsync("Белова");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Закрыть" }).ClickAsync();
        var visit = page.GetByTestId("visit").Filter(new() { HasText = "Белова" });
        await Assertions.Expect(visit).ToContainTextAsync("курс 1/10");
        await Assertions.Expect(visit).ToContainTextAsync("допущен");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_minor_is_registered_with_her_guardian_and_her_course_is_frozen_and_refunded()
    {
        var page = await desk.OpenDeskAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Новая запись" }).ClickAsync();
        var dialog = page.GetByTestId("booking");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Новый клиент…" }).ClickAsync();
        await Assertions.Expect(dialog.GetByTestId("guardian")).ToBeHiddenAsync(); // an adult needs no guardian
        await dialog.GetByLabel("Фамилия").FillAsync("Юнова");
        await dialog.GetByLabel("Имя").FillAsync("Ксения");
        await dialog.GetByLabel("Телефон").FillAsync("+7 916 555-12-21");
        var fifteen = DateOnly.ParseExact(desk.Day, "yyyy-MM-dd").AddYears(-15);
        await dialog.GetByLabel("Дата рождения").FillAsync(fifteen.ToString("yyyy-MM-dd"));
        await Assertions.Expect(dialog.GetByTestId("guardian")).ToBeVisibleAsync();
        await dialog.GetByLabel("ФИО представителя").FillAsync("Юнова Марина Петровна");
        await dialog.GetByLabel("Кем приходится").SelectOptionAsync("мать");
        await dialog.GetByLabel("Документ представителя").FillAsync("паспорт 45 10 123456");
        await dialog.GetByRole(AriaRole.Checkbox).CheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Зарегистрировать" }).ClickAsync();
        await Assertions.Expect(dialog.GetByTestId("chosen-client")).ToHaveTextAsync("Юнова Ксения");

        await dialog.GetByRole(AriaRole.Button, new() { Name = "карточка, анкета, абонементы" }).ClickAsync();
        var card = page.GetByTestId("client-dialog");
        await Assertions.Expect(card.GetByTestId("guardian-consent"))
            .ToHaveTextAsync("Клиенту нет 18 лет; согласие законного представителя: Юнова Марина Петровна (мать).");
        await card.GetByRole(AriaRole.Button, new() { Name = "Согласие на данные о здоровье подписано" }).ClickAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "Анкета здоровья" }).ClickAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "Сохранить анкету" }).ClickAsync();
        // without the guardian's consent the answers would be refused (guardian-consent-required)
        await Assertions.Expect(card.GetByTestId("outcome")).ToContainTextAsync("поверхностный ручной: допущен");

        await card.GetByRole(AriaRole.Button, new() { Name = "Продать абонемент" }).ClickAsync();
        await ChooseAsync(card.GetByLabel("Абонемент"), "ручного лимфодренажа");
        await card.GetByRole(AriaRole.Button, new() { Name = "Продать", Exact = true }).ClickAsync();
        await Assertions.Expect(card.GetByTestId("packages")).ToContainTextAsync("использовано 0 из 10");

        await card.GetByRole(AriaRole.Button, new() { Name = "заморозить" }).ClickAsync();
        await Assertions.Expect(card.GetByTestId("freeze-policy")).ToContainTextAsync("только на будущие дни");
        await Assertions.Expect(card.GetByTestId("freeze-policy")).ToContainTextAsync("осталось 14 дн.");
        var from = DateOnly.ParseExact(desk.Day, "yyyy-MM-dd").AddDays(1);
        await card.GetByLabel("Заморозить с").FillAsync(from.ToString("yyyy-MM-dd"));
        await card.GetByLabel("Заморозить по").FillAsync(from.AddDays(6).ToString("yyyy-MM-dd"));
        await card.GetByRole(AriaRole.Button, new() { Name = "Заморозить", Exact = true }).ClickAsync();
        await Assertions.Expect(card.GetByRole(AriaRole.Status)).ToContainTextAsync("Абонемент заморожен");

        await card.GetByRole(AriaRole.Button, new() { Name = "вернуть остаток" }).ClickAsync();
        var policy = card.GetByTestId("refund-policy");
        await Assertions.Expect(policy).ToContainTextAsync("минус стоимость использованных занятий (пропорционально)");
        await Assertions.Expect(policy).ToContainTextAsync("16 200,00"); // nothing used: the whole price
        await DeskSession.ScreenshotAsync(page, "refund", card);
        await card.GetByTestId("package-refund").GetByRole(AriaRole.Button, new() { Name = "Вернуть остаток" })
            .ClickAsync();
        var receipt = card.GetByTestId("receipt");
        await Assertions.Expect(receipt).ToContainTextAsync("возврат прихода");
        await Assertions.Expect(receipt).ToContainTextAsync("1 предоплата 100%"); // copied from the sale's receipt
        await Assertions.Expect(card.GetByTestId("packages")).ToContainTextAsync("возвращён");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_deposit_is_refunded_from_the_visit_card_with_the_rule_stated()
    {
        var page = await desk.OpenDeskAsync();
        await BookAsync(page, Screened, "Медовый массаж ног");
        await page.GetByRole(AriaRole.Button, new() { Name = "Закрыть" }).ClickAsync();
        var visit = page.GetByTestId("visit").Filter(new() { HasText = "Орлова" })
            .Filter(new() { HasText = "Медовый" });
        await visit.First.ClickAsync();
        var card = page.GetByTestId("visit-dialog");
        await card.GetByRole(AriaRole.Button, new() { Name = "Оплата" }).ClickAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "Предоплата 30%" }).ClickAsync();
        var deposit = await card.GetByLabel("Сумма, ₽").InputValueAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "Принять оплату" }).ClickAsync();
        await Assertions.Expect(card.GetByTestId("receipt")).ToContainTextAsync("предоплата");

        await card.GetByRole(AriaRole.Button, new() { Name = "Возвраты" }).ClickAsync();
        await Assertions.Expect(card.GetByTestId("refund-policy")).ToContainTextAsync("тем же способом, каким платили");
        var offered = await card.GetByLabel("Сумма возврата, ₽").InputValueAsync(); // the whole deposit
        Assert.Equal(decimal.Parse(deposit, CultureInfo.InvariantCulture), decimal.Parse(offered,
            CultureInfo.InvariantCulture));
        await card.GetByRole(AriaRole.Button, new() { Name = "Вернуть" }).ClickAsync();
        var refunds = card.GetByTestId("refunds");
        await Assertions.Expect(refunds.GetByTestId("receipt")).ToContainTextAsync("возврат прихода");
        await Assertions.Expect(refunds).ToContainTextAsync("возвращено");
        await Assertions.Expect(refunds.GetByRole(AriaRole.Button, new() { Name = "Вернуть" })).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_desk_reads_server_sent_event_frames_split_anywhere()
    {
        var page = await desk.Browser!.NewPageAsync();
        await page.GotoAsync($"{desk.BaseUrl}/desk/");
        var parsed = await page.EvaluateAsync<System.Text.Json.JsonElement>("""
            async () => {
              const { SseParser } = await import('./live.js');
              const parser = new SseParser();
              const events = [];
              for (const chunk of ['retry: 3000\n\n: heartbeat\n\nid: 7\nevent: booking.created\ndata: {"a":',
                                   '1}\n', '\nid: 8\r\ndata: one\r\ndata:two\r\n\r\nid: 9\ndata: cut'])
                events.push(...parser.push(chunk));
              return { retry: parser.retry, events };
            }
            """);
        Assert.Equal(3000, parsed.GetProperty("retry").GetInt32());
        var events = parsed.GetProperty("events").EnumerateArray()
            .Select(e => (e.GetProperty("id").GetString(), e.GetProperty("event").GetString(),
                e.GetProperty("data").GetString()))
            .ToList();
        // the comment is skipped, a frame split across chunks is whole, CRLF and multi-line data are read, and the
        // unfinished last frame waits for the rest
        Assert.Equal([("7", "booking.created", "{\"a\":1}"), ("8", "message", "one\ntwo")], events);
        await page.CloseAsync();
    }

    /// <summary>The client books through the API as the app does: their own token, a time the app is offered.</summary>
    private async Task BookFromTheAppAsync(string phone, string service)
    {
        var frontDesk = app.FrontDesk();
        var found = await (await frontDesk.GetAsync($"/api/v1/clients?query={phone}")).Expect(HttpStatusCode.OK);
        var client = (string)found["items"]![0]!["id"]!;
        var me = app.ClientAs(Roles.Client, clientId: Guid.Parse(client));
        var catalog = await (await me.GetAsync("/api/v1/catalog")).Expect(HttpStatusCode.OK);
        var serviceId = (string)catalog["services"]!.AsArray().First(s => (string?)s!["name"] == service)!["id"]!;
        var slots = await (await me.GetAsync(
            $"/api/v1/availability?serviceId={serviceId}&from={desk.Day}&to={desk.Day}&clientId={client}"))
            .Expect(HttpStatusCode.OK);
        var start = (string)slots["slots"]!.AsArray().Last()!["start"]!;
        await (await me.PostJson("/api/v1/bookings", new { clientId = client, serviceId, startsAt = start }))
            .Expect(HttpStatusCode.Created);
    }

    /// <summary>Books the client for the service at its first free time today; returns the dialog.</summary>
    private static async Task<ILocator> BookAsync(IPage page, string client, string service)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Новая запись" }).ClickAsync();
        var dialog = page.GetByTestId("booking");
        await PickClientAsync(dialog, client);
        await ChooseAsync(dialog.GetByLabel("Услуга"), service);
        await dialog.GetByTestId("slot").First.ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Записать" }).ClickAsync();
        await Assertions.Expect(dialog.GetByTestId("booked")).ToContainTextAsync(service);
        return dialog;
    }

    /// <summary>Selects the option whose text contains the words (the browser formats the prices in it).</summary>
    private static async Task ChooseAsync(ILocator select, string words)
    {
        var option = select.Locator("option").Filter(new() { HasText = words });
        await select.SelectOptionAsync(new SelectOptionValue { Label = await option.First.InnerTextAsync() });
    }

    private static async Task PickClientAsync(ILocator dialog, string lastName)
    {
        await dialog.GetByLabel("Поиск клиента").FillAsync(lastName);
        await dialog.GetByTestId("client-option").Filter(new() { HasText = lastName }).First.ClickAsync();
        await Assertions.Expect(dialog.GetByTestId("chosen-client")).ToContainTextAsync(lastName);
    }

    /// <summary>Another desk books the time a slot button shows, with the same therapist, for another client.</summary>
    private async Task<string?> TakeSlotElsewhereAsync(ILocator slot, string service, string therapistLastName)
    {
        var other = app.FrontDesk();
        var services = (await (await other.GetAsync("/api/v1/services?pageSize=100")).Expect(HttpStatusCode.OK))["items"]!.AsArray();
        var serviceId = (string)services.First(s => (string?)s!["name"] == service)!["id"]!;
        var therapists = (await (await other.GetAsync("/api/v1/therapists?pageSize=100")).Expect(HttpStatusCode.OK))["items"]!.AsArray();
        var therapistId = (string)therapists.First(t => (string?)t!["lastName"] == therapistLastName)!["id"]!;
        var clients = await (await other.GetAsync("/api/v1/clients?query=Орлова")).Expect(HttpStatusCode.OK);
        var clientId = (string)clients["items"]![0]!["id"]!;
        var time = await slot.InnerTextAsync(); // "17:15", salon-local
        var startsAt = $"{desk.Day}T{time}:00+03:00";
        await (await other.PostJson("/api/v1/bookings", new { clientId, serviceId, startsAt, therapistId }))
            .Expect(HttpStatusCode.Created);
        return startsAt;
    }
}

public sealed class DeskOnSqlite(SqliteDeskApp app) : DeskBrowserTests(app, app.Desk), IClassFixture<SqliteDeskApp>;
public sealed class DeskOnPostgres(PostgresDeskApp app)
    : DeskBrowserTests(app, app.Desk), IClassFixture<PostgresDeskApp>;
