using System.Security.Cryptography;
using Mediator;
using Salon.Api.Features.Catalog;
using Salon.Api.Features.Clients;
using Salon.Api.Features.Packages;
using Salon.Api.Features.Screening;
using Salon.Api.Features.Staff;
using Salon.Api.Features.Therapists;
using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Demo;

/// <summary>
/// A small salon to try the API with, loaded through the same commands the API runs, so demo data obeys every rule.
/// Loaded once, into a database without services.
/// </summary>
public static class DemoSalon
{
    /// <summary>Loads the demo salon at start-up when Salon:Demo is set (--demo).</summary>
    internal sealed class AtStartup(SalonOptions salon) : IStartupTask
    {
        public int Order => 20;

        public Task RunAsync(IServiceProvider scope, ILogger logger, CancellationToken ct) =>
            salon.Demo ? LoadAsync(scope, salon, logger, ct) : Task.CompletedTask;
    }

    public static async Task LoadAsync(IServiceProvider services, SalonOptions salon, ILogger logger,
        CancellationToken ct)
    {
        var db = services.GetRequiredService<DbSession>();
        var password = string.IsNullOrEmpty(salon.DemoPassword)
            ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('/', 'x').Replace('+', 'y')
            : salon.DemoPassword;
        if (await db.ScalarAsync<long>("SELECT COUNT(*) FROM services", null, ct) > 0)
        {
            // Loaded before: every demo start sets this start's password, so the one printed below always works.
            var reset = 0;
            foreach (var login in Logins)
                reset += await db.ExecuteAsync("UPDATE staff_users SET password_hash = @hash WHERE login = @login",
                    new { hash = PasswordHasher.Hash(password), login }, ct);
            if (reset == 0)
            {
                logger.LogWarning("--demo: the database already has data of its own, so the demo salon was not loaded");
                return;
            }
            LogPassword(salon, logger, password, "Demo salon already loaded.");
            return;
        }
        var mediator = services.GetRequiredService<IMediator>();

        foreach (var s in Services)
            Require(await mediator.Send(s, ct));

        string[] weekdays = ["09:00", "18:00"];
        var anna = Require(await mediator.Send(new CreateTherapist("Анна", "Смирнова", ["manual_lymph", "honey"],
            Week([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
                weekdays)), ct));
        var olga = Require(await mediator.Send(new CreateTherapist("Ольга", "Иванова", ["manual_lymph", "hardware"],
            Week([DayOfWeek.Tuesday, DayOfWeek.Thursday, DayOfWeek.Saturday, DayOfWeek.Sunday], ["10:00",
                "20:00"])), ct));
        var maria = Require(await mediator.Send(new CreateTherapist("Мария", "Кузнецова", ["honey", "hardware"],
            Week([DayOfWeek.Monday, DayOfWeek.Wednesday, DayOfWeek.Friday, DayOfWeek.Saturday], ["11:00",
                "21:00"])), ct));

        foreach (var (type, unit) in new[] { ("pressotherapy", "Костюм 1"), ("pressotherapy", "Костюм 2"),
            ("microcurrent", "Аппарат 1"), ("vacuum", "Аппарат 1") })
            Require(await mediator.Send(new CreateDevice(type, unit), ct));

        // Three clients consented to health-data processing and screened with no contraindications; the fourth has
        // not filled in the questionnaire yet, so booking her shows the screening gate.
        var screenedAnswers = (await mediator.Send(new GetQuestionnaire(), ct)).ToDictionary(q => q.Code, _ => false);
        foreach (var (first, last, phone, screened) in new[]
                 {
                     ("Екатерина", "Орлова", "+7 916 100-00-01", true), ("Светлана", "Павлова", "+7 916 100-00-02",
                         true),
                     ("Ирина", "Соколова", "+7 916 100-00-03", true), ("Наталья", "Морозова", "+7 916 100-00-04",
                         false),
                 })
        {
            var client = Require(await mediator.Send(new RegisterClient(first, last, phone,
                new ConsentGiven(ConsentChannel.Paper),
                BirthDate: new DateOnly(1985, 3, 14)), ct));
            if (!screened) continue;
            Require(await mediator.Send(new RecordConsent(client.Id, ConsentKind.HealthData, ConsentChannel.Paper),
                ct));
            Require(await mediator.Send(new SubmitScreening(client.Id, screenedAnswers), ct));
        }

        // The courses salons sell most: 10 sessions valid 45 days and 15 sessions valid 60 days, every other day.
        Require(await mediator.Send(new CreateTemplate("Курс ручного лимфодренажа, 10 сеансов", 10, 16_200m, 45, 2, 14,
            ServiceKind: ServiceFamily.Manual), ct));
        Require(await mediator.Send(new CreateTemplate("Курс прессотерапии, 15 сеансов", 15, 19_125m, 60, 2, 14,
            ServiceKind: ServiceFamily.Hardware), ct));

        Require(await mediator.Send(new CreateStaffUser("admin", password, StaffRole.Admin, null), ct));
        Require(await mediator.Send(new CreateStaffUser("frontdesk", password, StaffRole.Frontdesk, null), ct));
        Require(await mediator.Send(new CreateStaffUser("anna", password, StaffRole.Therapist, anna.Id), ct));
        Require(await mediator.Send(new CreateStaffUser("olga", password, StaffRole.Therapist, olga.Id), ct));
        Require(await mediator.Send(new CreateStaffUser("maria", password, StaffRole.Therapist, maria.Id), ct));

        LogPassword(salon, logger, password, "Demo salon loaded.");
    }

    private static readonly string[] Logins = ["admin", "frontdesk", "anna", "olga", "maria"];

    private static void LogPassword(SalonOptions salon, ILogger logger, string password, string what) =>
        logger.LogWarning("{What} Staff logins admin, frontdesk, anna, olga, maria; password: {Password}", what,
            string.IsNullOrEmpty(salon.DemoPassword) ? password : "(the configured Salon:DemoPassword)");

    private static readonly CreateService[] Services =
    [
        new("Поверхностный лимфодренаж ног", ServiceKind.Manual, ScreeningKind.Surf, 60, 15, "manual_lymph", 1800m),
        new("Глубокий лимфодренаж ног", ServiceKind.Manual, ScreeningKind.Deep, 60, 15, "manual_lymph", 2300m),
        new("Медовый массаж ног", ServiceKind.Manual, ScreeningKind.Honey, 45, 15, "honey", 2000m),
        new("Прессотерапия", ServiceKind.Hardware, ScreeningKind.Press, 40, 10, "hardware", 1500m, "pressotherapy"),
        new("Микротоковый лимфодренаж", ServiceKind.Hardware, ScreeningKind.Micro, 30, 10, "hardware", 1700m,
            "microcurrent"),
        new("Вакуумный массаж ног", ServiceKind.Hardware, ScreeningKind.Vac, 40, 10, "hardware", 1600m, "vacuum"),
    ];

    private static List<WorkingHours> Week(DayOfWeek[] days, string[] hours) =>
        days.Select(d => new WorkingHours(d, hours[0], hours[1])).ToList();

    private static T Require<T>(Result<T> result) =>
        result.Refusal is { } r ? throw new InvalidOperationException($"Demo data refused: {r.Code} {r.Detail}") : result.Value!;
}
