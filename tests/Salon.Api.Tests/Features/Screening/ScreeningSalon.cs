using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests;

/// <summary>
/// A salon for the screening tests: one therapist who gives a service of every screening kind (the hardware kinds with
/// a device each), and the calls those tests make again and again.
/// </summary>
public sealed class ScreeningSalon(SalonApp app)
{
    public static readonly string[] Kinds = ["SURF", "DEEP", "HONEY", "PRESS", "MICRO", "VAC"];
    public static readonly string[] DayOfCodes = ["Q01", "Q02", "Q03", "Q17", "Q19", "Q21"];

    private static readonly TimeSpan Moscow = TimeSpan.FromHours(3);
    private readonly string _skill = "scr_" + Guid.NewGuid().ToString("N")[..8];
    private readonly Dictionary<string, Guid> _services = [];
    private readonly Dictionary<Guid, string[]> _answered = [];
    private Guid? _therapist;

    public SalonBuilder Builder { get; } = new(app);

    /// <summary>The salon's date now, by the test clock.</summary>
    public DateOnly Today => DateOnly.FromDateTime(app.Clock.GetUtcNow().ToOffset(Moscow).DateTime);

    public async Task<Guid> TherapistAsync() => _therapist ??= await Builder.TherapistAsync(null, _skill);

    /// <summary>A service of the screening kind, given by <see cref="TherapistAsync"/>; made once per salon.</summary>
    public async Task<Guid> ServiceAsync(string kind)
    {
        if (_services.TryGetValue(kind, out var known)) return known;
        await TherapistAsync();
        var hardware = kind is "PRESS" or "MICRO" or "VAC";
        var deviceType = $"{kind.ToLowerInvariant()}_{_skill}";
        var admin = app.Admin();
        var id = SalonBuilder.Id(await (await admin.PostJson("/api/v1/services", new
        {
            name = $"{kind} {Guid.NewGuid():N}"[..30], kind = hardware ? "hardware" : "manual", screeningKind = kind,
            durationMinutes = 60, bufferMinutes = 15, requiredSkill = _skill, deviceType = hardware ? deviceType : null, price = 2000m,
        })).Expect(HttpStatusCode.Created));
        if (hardware)
            await (await admin.PostJson("/api/v1/devices", new { deviceType,
                unitName = "№1" })).Expect(HttpStatusCode.Created);
        return _services[kind] = id;
    }

    public async Task<HttpResponseMessage> BookAsync(HttpClient http, Guid client, string kind, DateTimeOffset start,
        Guid? packageId = null) =>
        await http.PostJson("/api/v1/bookings", new { clientId = client, serviceId = await ServiceAsync(kind),
            therapistId = await TherapistAsync(), startsAt = start, packageId });

    /// <summary>A client with the health-data consent and a full screening answering yes to the given codes.</summary>
    public async Task<Guid> ClientAsync(params string[] yes)
    {
        var id = await Builder.UnscreenedClientAsync();
        await Builder.ScreenAsync(id, yes);
        _answered[id] = yes;
        return id;
    }

    /// <summary>
    /// Records a clearance at the desk. Unless <paramref name="conditions"/> says otherwise, the doctor's paper names
    /// every condition the client reported through <see cref="ClientAsync"/> (pregnancy only on a pregnancy clearance).
    /// </summary>
    public Task<HttpResponseMessage> ClearAsync(Guid client, DateOnly issuedOn, string[] kinds, bool pregnancy = false,
        DateOnly? validUntil = null,
        string[]? conditions = null) =>
        app.FrontDesk().PostJson($"/api/v1/clients/{client}/clearances", new
        {
            issuedOn = Day(issuedOn), doctor = "Иванова Е. П.", clinic = "Поликлиника № 3", kinds, pregnancy,
            conditions = conditions ?? _answered.GetValueOrDefault(client, ["Q15"]).Where(c => pregnancy
                || c != "Q17").DefaultIfEmpty("Q15").ToArray(),
            validUntil = validUntil is { } until ? Day(until) : null, restrictions = "без глубокого давления",
        });

    /// <summary>The outcome as the front desk reads it (no codes), or as <paramref name="reader"/> does (the admin sees
    /// the codes).</summary>
    public async Task<JsonNode> OutcomeAsync(Guid client, HttpClient? reader = null) =>
        await (await (reader
            ?? app.FrontDesk()).GetAsync($"/api/v1/clients/{client}/screening-outcome")).Expect(HttpStatusCode.OK);

    /// <summary>Withdraws every active consent of the kind (health_data, guardian) at the front desk.</summary>
    public async Task WithdrawAsync(Guid client, string kind)
    {
        var desk = app.FrontDesk();
        var record = await (await desk.GetAsync($"/api/v1/clients/{client}")).Expect(HttpStatusCode.OK);
        var active = record["consents"]!.AsArray().Where(c => (string?)c!["kind"] == kind
            && c["withdrawnAt"] is null).ToList();
        Assert.NotEmpty(active);
        foreach (var consent in active)
            await (await desk.PostAsync($"/api/v1/clients/{client}/consents/{consent!["id"]}/withdraw",
                null)).Expect(HttpStatusCode.OK);
    }

    /// <summary>The first 15-minute grid start at least this far ahead whose session stays on one Moscow
    /// date.</summary>
    public DateTimeOffset GridAhead(TimeSpan ahead)
    {
        var t = (app.Clock.GetUtcNow() + ahead).ToOffset(Moscow);
        var grid = TimeSpan.FromMinutes(15).Ticks;
        var start = new DateTimeOffset((t.Ticks + grid - 1) / grid * grid, Moscow);
        return start.Hour >= 22 ? new DateTimeOffset(start.Date.AddDays(1), Moscow) : start;
    }

    public static JsonNode Kind(JsonNode outcome, string kind) =>
        outcome["kinds"]!.AsArray().Single(k => (string?)k!["kind"] == kind)!;

    /// <summary>A question code anywhere in a body: desk- and feed-facing bodies must carry none (DESIGN.md, "Who sees
    /// what").</summary>
    public static readonly System.Text.RegularExpressions.Regex QuestionCode = new(@"\bQ\d{2}\b");

    public static void NoQuestionCodes(JsonNode? body) => Assert.DoesNotMatch(QuestionCode, body?.ToJsonString() ?? "");

    public static void NoQuestionCodes(string body) => Assert.DoesNotMatch(QuestionCode, body);

    public static string[] Strings(JsonNode? array) => array!.AsArray().Select(c => (string)c!).ToArray();

    public static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateTimeOffset Time(JsonNode? node) => DateTimeOffset.Parse((string)node!,
        CultureInfo.InvariantCulture);

    /// <summary>The same instant as far as the databases keep it (PostgreSQL to the microsecond).</summary>
    public static void Near(DateTimeOffset expected, DateTimeOffset actual) =>
        Assert.InRange(actual, expected - TimeSpan.FromMilliseconds(1), expected + TimeSpan.FromMilliseconds(1));
}
