using System.Net;
using System.Text.Json.Nodes;

namespace Salon.Api.Tests.Infrastructure;

/// <summary>Builds a small salon through the API for a test: services, therapists working every day, devices,
/// clients.</summary>
public sealed class SalonBuilder(SalonApp app)
{
    private readonly HttpClient _admin = app.Admin();
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];

    public static readonly object[] AllWeek = Enum.GetNames<DayOfWeek>()
        .Select(d => (object)new { day = d.ToLowerInvariant(), start = "00:00", end = "24:00" }).ToArray();

    public async Task<Guid> ManualServiceAsync(int duration = 60, int buffer = 15, decimal price = 1800m) =>
        Id(await (await _admin.PostJson("/api/v1/services", new
        {
            name = $"Лимфодренаж {_tag} {Guid.NewGuid():N}"[..40], kind = "manual", screeningKind = "SURF",
            durationMinutes = duration, bufferMinutes = buffer, requiredSkill = "lymph_" + _tag, price,
        })).Expect(HttpStatusCode.Created));

    public async Task<Guid> HardwareServiceAsync(int duration = 40, int buffer = 10, decimal price = 1500m) =>
        Id(await (await _admin.PostJson("/api/v1/services", new
        {
            name = $"Прессотерапия {_tag} {Guid.NewGuid():N}"[..40], kind = "hardware", screeningKind = "PRESS",
            durationMinutes = duration, bufferMinutes = buffer, requiredSkill = "hw_" + _tag, deviceType = "press_" + _tag, price,
        })).Expect(HttpStatusCode.Created));

    public async Task<Guid> TherapistAsync(object[]? hours = null, params string[] skills) =>
        Id(await (await _admin.PostJson("/api/v1/therapists", new
        {
            firstName = "Анна", lastName = "Тест" + _tag,
            skills = skills.Length > 0 ? skills : new[] { "lymph_" + _tag, "hw_" + _tag },
            weeklyHours = hours ?? AllWeek,
        })).Expect(HttpStatusCode.Created));

    public async Task<Guid> DeviceAsync(string unit) =>
        Id(await (await _admin.PostJson("/api/v1/devices", new { deviceType = "press_" + _tag,
            unitName = unit })).Expect(HttpStatusCode.Created));

    /// <summary>A client ready to book: registered, consenting to health-data processing, with an all-"no"
    /// screening.</summary>
    public async Task<Guid> ClientAsync()
    {
        var id = await UnscreenedClientAsync();
        await ScreenAsync(id);
        return id;
    }

    /// <summary>Registered with the personal-data consent only: no health consent, no screening.</summary>
    public async Task<Guid> UnscreenedClientAsync() =>
        Id(await (await _admin.PostJson("/api/v1/clients", ClientsTests.NewClient())).Expect(HttpStatusCode.Created));

    /// <summary>Records the health-data consent and a full screening with the given codes answered yes.</summary>
    public async Task ScreenAsync(Guid client, params string[] yes)
    {
        var desk = app.FrontDesk();
        await (await desk.PostJson($"/api/v1/clients/{client}/consents", new { kind = "health_data",
            channel = "paper" })).Expect(HttpStatusCode.OK);
        await (await desk.PostJson($"/api/v1/clients/{client}/screenings",
            new { answers = Answers(yes) })).Expect(HttpStatusCode.Created);
    }

    public static Dictionary<string, bool> Answers(params string[] yes) =>
        Enumerable.Range(1, 24).Select(i => $"Q{i:00}").ToDictionary(code => code, yes.Contains);

    /// <summary>The day-of answers for check-in, all "no" unless named.</summary>
    public static object DayOf(params string[] yes) =>
        new { dayOfAnswers = new[] { "Q01", "Q02", "Q03", "Q17", "Q19", "Q21" }.ToDictionary(code => code,
            yes.Contains) };

    /// <summary>A grid-aligned start, local to the salon (Moscow, UTC+3, no DST), some days ahead of the test
    /// clock.</summary>
    public DateTimeOffset Start(int daysAhead, int hour, int minute = 0)
    {
        var moscow = TimeSpan.FromHours(3);
        var today = app.Clock.GetUtcNow().ToOffset(moscow).Date;
        return new DateTimeOffset(today.AddDays(daysAhead).AddHours(hour).AddMinutes(minute), moscow);
    }

    public static Guid Id(JsonNode node) => Guid.Parse((string)node["id"]!);
}
