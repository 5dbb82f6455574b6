using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests;

public abstract class CatalogTests(SalonApp app) : ProviderTests(app)
{
    public static string Unique(string prefix) => prefix + " " + Guid.NewGuid().ToString("N")[..8];

    public static object ManualService(string? name = null, decimal price = 1800m, string? deviceType = null) => new
    {
        name = name ?? Unique("Лимфодренаж"),
        kind = "manual",
        screeningKind = "SURF",
        durationMinutes = 60,
        bufferMinutes = 15,
        requiredSkill = "manual_lymph",
        price,
        deviceType,
    };

    public static object HardwareService(string? deviceType) => new
    {
        name = Unique("Прессотерапия"),
        kind = "hardware",
        screeningKind = "PRESS",
        durationMinutes = 40,
        bufferMinutes = 10,
        requiredSkill = "hardware",
        price = 1500m,
        deviceType,
    };

    private async Task<JsonNode> CreateServiceAsync(object? body = null) =>
        await (await App.Admin().PostJson("/api/v1/services", body ?? ManualService())).Expect(HttpStatusCode.Created);

    private Task<long> Count(string table) => App.ScalarAsync<long>($"SELECT COUNT(*) FROM {table}")!;

    /// <summary>Whole seconds: PostgreSQL keeps microseconds, so ticks would not survive a round trip.</summary>
    private DateTimeOffset Now() => DateTimeOffset.FromUnixTimeSeconds(App.Clock.GetUtcNow().ToUnixTimeSeconds());

    private static string At(DateTimeOffset instant) => Uri.EscapeDataString(instant.ToString("O"));

    [Fact]
    public async Task A_service_keeps_its_price_to_the_kopeck_and_shows_it_with_two_decimals()
    {
        var response = await App.Admin().PostJson("/api/v1/services", ManualService(price: 1850.50m));
        var service = await response.Expect(HttpStatusCode.Created);

        Assert.Equal("1850.50", service["currentPrice"]!.ToJsonString());
        Assert.Equal("manual", (string?)service["kind"]);
        Assert.Equal("SURF", (string?)service["screeningKind"]);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal($"/api/v1/services/{service["id"]}", response.Headers.Location?.OriginalString);
        Assert.Equal(185_050L,
            await App.ScalarAsync<long>("SELECT amount_kopecks FROM service_prices WHERE service_id = @id",
            new { id = Guid.Parse((string)service["id"]!) }));
    }

    [Fact]
    public async Task A_hardware_service_needs_a_device_type_and_a_manual_one_refuses_it()
    {
        var before = await Count("services");

        var hardware = await (await App.Admin().PostJson("/api/v1/services", HardwareService(deviceType: null)))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation");
        Assert.NotNull(hardware["errors"]!["deviceType"]);
        var manual = await (await App.Admin().PostJson("/api/v1/services", ManualService(deviceType: "pressotherapy")))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation");
        Assert.NotNull(manual["errors"]!["deviceType"]);
        Assert.Equal(before, await Count("services"));

        var ok = await CreateServiceAsync(HardwareService("pressotherapy"));
        Assert.Equal("pressotherapy", (string?)ok["deviceType"]);
    }

    [Fact]
    public async Task A_second_service_with_the_same_name_is_refused_as_taken()
    {
        var name = Unique("Медовый массаж");
        await CreateServiceAsync(ManualService(name));

        await (await App.Admin().PostJson("/api/v1/services",
            ManualService(name))).ExpectProblem(HttpStatusCode.Conflict, "service-name-taken");
        Assert.Equal(1L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM services WHERE name = @name", new { name }));
    }

    [Fact]
    public async Task A_service_update_needs_the_current_version()
    {
        var admin = App.Admin();
        var service = await CreateServiceAsync();
        var url = $"/api/v1/services/{service["id"]}";
        var changes = new
        {
            name = (string)service["name"]!, kind = "manual", screeningKind = "DEEP", durationMinutes = 90, bufferMinutes = 20,
            requiredSkill = "manual_lymph", active = true,
        };

        await (await admin.PutAsJsonAsync(url, changes, Http.Json)).ExpectProblem(HttpStatusCode.PreconditionRequired,
            "precondition-required");
        await (await admin.SendAsync(Put(url, changes, "\"7\""))).ExpectProblem(HttpStatusCode.PreconditionFailed,
            "precondition-failed");
        Assert.Equal(60L, await App.ScalarAsync<long>("SELECT duration_minutes FROM services WHERE id = @id",
            new { id = Guid.Parse((string)service["id"]!) }));

        var response = await admin.SendAsync(Put(url, changes, "\"1\""));
        var updated = await response.Expect(HttpStatusCode.OK);
        Assert.Equal(90, (int?)updated["durationMinutes"]);
        Assert.Equal("DEEP", (string?)updated["screeningKind"]);
        Assert.Equal(2L, (long?)updated["version"]);
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
        Assert.Equal("1800.00", updated["currentPrice"]!.ToJsonString());

        await (await admin.SendAsync(Put(url, changes, "\"1\""))).ExpectProblem(HttpStatusCode.PreconditionFailed,
            "precondition-failed");
    }

    [Fact]
    public async Task A_price_set_for_next_month_is_not_in_force_today_but_is_from_its_date()
    {
        var admin = App.Admin();
        var service = await CreateServiceAsync(ManualService(price: 1800m));
        var id = (string)service["id"]!;
        var now = App.Clock.GetUtcNow();
        var from = now.AddDays(30);

        var set = await (await admin.PostJson($"/api/v1/services/{id}/prices", new { price = 2100.50m,
            effectiveFrom = from })).Expect(HttpStatusCode.Created);
        Assert.Equal("2100.50", set["price"]!.ToJsonString());
        Assert.Equal("RUB", (string?)set["currency"]);

        var today = await (await admin.GetAsync($"/api/v1/services/{id}/price?at={At(now)}")).Expect(HttpStatusCode.OK);
        Assert.Equal(1800.00m, (decimal?)today["price"]);
        var justBefore = await (await admin.GetAsync($"/api/v1/services/{id}/price?at={At(from.AddSeconds(-1))}")).Expect(HttpStatusCode.OK);
        Assert.Equal(1800.00m, (decimal?)justBefore["price"]);
        var onTheDay = await (await admin.GetAsync($"/api/v1/services/{id}/price?at={At(from)}")).Expect(HttpStatusCode.OK);
        Assert.Equal(2100.50m, (decimal?)onTheDay["price"]);
        var inMoscowTime = await (await admin.GetAsync($"/api/v1/services/{id}/price?at={At(from.AddDays(1).ToOffset(TimeSpan.FromHours(3)))}")).Expect(HttpStatusCode.OK);
        Assert.Equal(2100.50m, (decimal?)inMoscowTime["price"]);

        var current = await (await admin.GetAsync($"/api/v1/services/{id}")).Expect(HttpStatusCode.OK);
        Assert.Equal(1800.00m, (decimal?)current["currentPrice"]);
    }

    [Fact]
    public async Task There_is_no_price_before_the_service_existed()
    {
        var service = await CreateServiceAsync();
        var before = App.Clock.GetUtcNow().AddDays(-1);

        await (await App.Admin().GetAsync($"/api/v1/services/{service["id"]}/price?at={At(before)}")).ExpectProblem(HttpStatusCode.NotFound, "no-price");
    }

    [Fact]
    public async Task A_price_cannot_start_in_the_past()
    {
        var service = await CreateServiceAsync();
        var id = Guid.Parse((string)service["id"]!);

        var refused = await App.Admin().PostJson($"/api/v1/services/{id}/prices", new { price = 1900m,
            effectiveFrom = App.Clock.GetUtcNow().AddDays(-1) });

        await refused.ExpectProblem(HttpStatusCode.UnprocessableEntity, "price-in-past");
        Assert.Equal(1L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM service_prices WHERE service_id = @id",
            new { id }));
    }

    [Fact]
    public async Task Prices_are_listed_in_the_order_they_take_effect()
    {
        var admin = App.Admin();
        var service = await CreateServiceAsync(ManualService(price: 1800m));
        var url = $"/api/v1/services/{service["id"]}/prices";
        var now = App.Clock.GetUtcNow();
        await (await admin.PostJson(url, new { price = 2200m,
            effectiveFrom = now.AddDays(60) })).Expect(HttpStatusCode.Created);
        await (await admin.PostJson(url, new { price = 2000m,
            effectiveFrom = now.AddDays(30) })).Expect(HttpStatusCode.Created);

        var prices = await App.FrontDesk().AllAsync(url);

        Assert.Equal([1800m, 2000m, 2200m], prices.Select(p => (decimal)p!["price"]!).ToArray());
        var starts = prices.Select(p => (DateTimeOffset)p!["effectiveFrom"]!).ToArray();
        Assert.Equal(starts.Order().ToArray(), starts);
    }

    [Fact]
    public async Task Two_prices_cannot_start_at_the_same_instant()
    {
        var service = await CreateServiceAsync();
        var url = $"/api/v1/services/{service["id"]}/prices";
        var from = App.Clock.GetUtcNow().AddDays(10);
        await (await App.Admin().PostJson(url, new { price = 2000m,
            effectiveFrom = from })).Expect(HttpStatusCode.Created);

        await (await App.Admin().PostJson(url, new { price = 2500m,
            effectiveFrom = from })).ExpectProblem(HttpStatusCode.Conflict, "price-exists");
    }

    [Fact]
    public async Task Services_are_listed_a_page_at_a_time_in_the_same_shape_as_clients()
    {
        for (var i = 0; i < 3; i++)
            await CreateServiceAsync();
        var total = await Count("services WHERE active = " + (App is SqliteApp ? "1" : "true"));

        var first = await (await App.FrontDesk().GetAsync("/api/v1/services?page=1&pageSize=2")).Expect(HttpStatusCode.OK);
        var second = await (await App.FrontDesk().GetAsync("/api/v1/services?page=2&pageSize=2")).Expect(HttpStatusCode.OK);

        Assert.Equal(total, (long?)first["total"]);
        Assert.Equal(1L, (long?)first["pageNumber"]);
        Assert.Equal(2L, (long?)first["pageSize"]);
        Assert.Equal(2, first["items"]!.AsArray().Count);
        var names = first["items"]!.AsArray().Concat(second["items"]!.AsArray()).Select(s
            => (string)s!["name"]!).ToList();
        Assert.Equal((int)Math.Min(4, total), names.Distinct().Count());
        await (await App.FrontDesk().GetAsync("/api/v1/services?pageSize=101")).ExpectProblem(HttpStatusCode.BadRequest,
            "validation");
        var everything = await (await App.FrontDesk().GetAsync("/api/v1/services?pageSize=100")).Expect(HttpStatusCode.OK);
        Assert.Equal(total, everything["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task Front_desk_and_therapists_can_read_services_but_only_the_admin_can_add_one()
    {
        var service = await CreateServiceAsync();
        var therapist = App.ClientAs("therapist", Guid.NewGuid());
        var before = await Count("services");

        foreach (var staff in new[] { App.FrontDesk(), therapist })
        {
            var list = await (await staff.GetAsync("/api/v1/services?pageSize=100")).Expect(HttpStatusCode.OK);
            Assert.Contains(list["items"]!.AsArray(), s => (string?)s!["id"] == (string?)service["id"]);
            await (await staff.GetAsync($"/api/v1/services/{service["id"]}")).Expect(HttpStatusCode.OK);
            await (await staff.PostJson("/api/v1/services", ManualService())).ExpectProblem(HttpStatusCode.Forbidden,
                "forbidden");
            await (await staff.PostJson($"/api/v1/services/{service["id"]}/prices",
                new { price = 1m })).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        }
        await (await App.ClientAs("client",
            clientId: Guid.NewGuid()).GetAsync("/api/v1/services")).ExpectProblem(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(before, await Count("services"));
    }

    [Fact]
    public async Task A_device_unit_name_is_unique_within_its_type()
    {
        var admin = App.Admin();
        var unit = Unique("Костюм");
        var created = await (await admin.PostJson("/api/v1/devices", new { deviceType = "pressotherapy",
            unitName = unit })).Expect(HttpStatusCode.Created);
        Assert.Equal(unit, (string?)created["unitName"]);
        Assert.True((bool)created["active"]!);
        Assert.Empty(created["maintenance"]!.AsArray());

        await (await admin.PostJson("/api/v1/devices", new { deviceType = "pressotherapy",
            unitName = unit })).ExpectProblem(HttpStatusCode.Conflict, "device-unit-taken");
        await (await admin.PostJson("/api/v1/devices", new { deviceType = "vacuum",
            unitName = unit })).Expect(HttpStatusCode.Created);
        Assert.Equal(2L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM devices WHERE unit_name = @unit",
            new { unit }));

        var presso = await App.FrontDesk().AllAsync("/api/v1/devices?deviceType=pressotherapy");
        Assert.All(presso, d => Assert.Equal("pressotherapy", (string?)d!["deviceType"]));
        Assert.Contains(presso, d => (string?)d!["unitName"] == unit);
    }

    [Fact]
    public async Task A_maintenance_window_can_be_added_and_removed()
    {
        var admin = App.Admin();
        var device = await (await admin.PostJson("/api/v1/devices", new { deviceType = "microcurrent",
            unitName = Unique("Аппарат") })).Expect(HttpStatusCode.Created);
        var id = Guid.Parse((string)device["id"]!);
        var starts = Now().AddDays(3);

        var withWindow = await (await admin.PostJson($"/api/v1/devices/{id}/maintenance",
            new { startsAt = starts, endsAt = starts.AddHours(4),
                reason = "замена электродов" })).Expect(HttpStatusCode.OK);
        var window = Assert.Single(withWindow["maintenance"]!.AsArray())!;
        Assert.Equal("замена электродов", (string?)window["reason"]);
        Assert.Equal(starts.AddHours(4), (DateTimeOffset)window["endsAt"]!);
        Assert.Equal(1L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM device_maintenance WHERE device_id = @id",
            new { id }));

        var removed = await (await admin.DeleteAsync($"/api/v1/devices/{id}/maintenance/{window["id"]}")).Expect(HttpStatusCode.OK);
        Assert.Empty(removed["maintenance"]!.AsArray());
        Assert.Equal(0L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM device_maintenance WHERE device_id = @id",
            new { id }));
        await (await admin.DeleteAsync($"/api/v1/devices/{id}/maintenance/{window["id"]}")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task A_maintenance_window_that_ends_before_it_starts_is_refused()
    {
        var admin = App.Admin();
        var device = await (await admin.PostJson("/api/v1/devices", new { deviceType = "vacuum",
            unitName = Unique("Аппарат") })).Expect(HttpStatusCode.Created);
        var id = Guid.Parse((string)device["id"]!);
        var starts = Now().AddDays(3);

        var refused = await (await admin.PostJson($"/api/v1/devices/{id}/maintenance", new { startsAt = starts,
            endsAt = starts.AddHours(-1) }))
            .ExpectProblem(HttpStatusCode.BadRequest, "validation");

        Assert.NotNull(refused["errors"]!["endsAt"]);
        Assert.Equal(0L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM device_maintenance WHERE device_id = @id",
            new { id }));
    }

    private static HttpRequestMessage Put(string url, object body, string etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(body,
            options: Http.Json) };
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        return request;
    }
}

public sealed class CatalogOnSqlite(SqliteApp app) : CatalogTests(app), IClassFixture<SqliteApp>;
public sealed class CatalogOnPostgres(PostgresApp app) : CatalogTests(app), IClassFixture<PostgresApp>;
public sealed class CatalogOnSqlServer(SqlServerApp app) : CatalogTests(app), IClassFixture<SqlServerApp>;
