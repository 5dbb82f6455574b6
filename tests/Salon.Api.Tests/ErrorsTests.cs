using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests;

/// <summary>Bad input of every kind gets a 4xx problem with a stable type, and nothing reaches the database.</summary>
public abstract class ErrorsTests(SalonApp app) : ProviderTests(app)
{
    private static readonly string[] Tables = ["services", "service_prices", "devices", "device_maintenance",
        "therapists", "therapist_skills",
        "therapist_exceptions", "clients", "client_consents", "staff_users"];

    private const string GoodService = """
        {"name":"Глубокий лимфодренаж","kind":"manual","screeningKind":"DEEP","durationMinutes":60,"bufferMinutes":15,"requiredSkill":"manual_lymph","price":2300}
        """;

    private static string Service(string field, string json)
    {
        var node = JsonNode.Parse(GoodService)!.AsObject();
        node[field] = JsonNode.Parse(json);
        return node.ToJsonString();
    }

    /// <summary>Row counts of every table the API writes, to show that a refused request left no trace.</summary>
    private async Task<string> Rows()
    {
        var counts = new List<string>();
        foreach (var table in Tables)
            counts.Add($"{table}={await App.ScalarAsync<long>($"SELECT COUNT(*) FROM {table}")}");
        return string.Join(", ", counts);
    }

    private async Task<JsonNode> ExpectRefusedAsync(Func<Task<HttpResponseMessage>> send, HttpStatusCode status,
        string code)
    {
        var before = await Rows();
        var problem = await (await send()).ExpectProblem(status, code);
        Assert.Equal(before, await Rows());
        return problem;
    }

    [Theory]
    [InlineData("{\"name\": ")]
    [InlineData("{\"name\": \"Массаж\",}")]
    [InlineData("{name: 'Массаж'}")]
    [InlineData("not json at all")]
    [InlineData("")]
    public async Task Malformed_json_is_400_malformed_request(string body)
    {
        await ExpectRefusedAsync(() => App.Admin().PostRaw("/api/v1/services", body), HttpStatusCode.BadRequest,
            "malformed-request");
    }

    [Theory]
    [InlineData("durationMinutes", "\"sixty\"")]
    [InlineData("durationMinutes", "60.5")]
    [InlineData("durationMinutes", "1e12")]
    [InlineData("price", "\"1800\"")]
    [InlineData("name", "42")]
    [InlineData("name", "[\"Массаж\"]")]
    [InlineData("bufferMinutes", "true")]
    public async Task A_value_of_the_wrong_json_type_is_400_malformed_request(string field, string json)
    {
        var problem = await ExpectRefusedAsync(() => App.Admin().PostRaw("/api/v1/services", Service(field, json)),
            HttpStatusCode.BadRequest, "malformed-request");
        Assert.Contains(field, (string?)problem["detail"]);
    }

    [Theory]
    [InlineData("{\"name\":\"Массаж\"}")]
    [InlineData("{}")]
    [InlineData("null")]
    public async Task Missing_required_fields_are_400_malformed_request(string body)
    {
        await ExpectRefusedAsync(() => App.Admin().PostRaw("/api/v1/services", body), HttpStatusCode.BadRequest,
            "malformed-request");
    }

    [Fact]
    public async Task An_explicit_null_in_a_required_field_is_400_malformed_request()
    {
        await ExpectRefusedAsync(() => App.Admin().PostRaw("/api/v1/services", Service("name", "null")),
            HttpStatusCode.BadRequest, "malformed-request");
    }

    [Theory]
    [InlineData("kind", "\"laser\"")]
    [InlineData("kind", "1")]
    [InlineData("screeningKind", "\"surf_deluxe\"")]
    [InlineData("kind", "\"\"")]
    public async Task An_unknown_enum_value_is_400(string field, string json)
    {
        await ExpectRefusedAsync(() => App.Admin().PostRaw("/api/v1/services", Service(field, json)),
            HttpStatusCode.BadRequest, "malformed-request");
    }

    [Theory]
    [InlineData("durationMinutes", "-5")]
    [InlineData("durationMinutes", "100000")]
    [InlineData("durationMinutes", "0")]
    [InlineData("bufferMinutes", "-1")]
    [InlineData("price", "-1")]
    [InlineData("price", "0")]
    [InlineData("price", "0.001")]
    [InlineData("price", "10000000.01")]
    [InlineData("price", "79228162514264337593543950335")]
    [InlineData("requiredSkill", "\"Manual Lymph\"")]
    [InlineData("name", "\"   \"")]
    public async Task A_value_out_of_range_is_400_validation_naming_the_field(string field, string json)
    {
        var problem = await ExpectRefusedAsync(() => App.Admin().PostRaw("/api/v1/services", Service(field, json)),
            HttpStatusCode.BadRequest, "validation");

        var errors = problem["errors"]!.AsObject();
        Assert.Equal([field], errors.Select(e => e.Key).ToArray());
        Assert.NotEmpty(errors[field]!.AsArray());
    }

    [Theory]
    [InlineData(101)]
    [InlineData(10_000)]
    public async Task An_over_long_name_is_400_validation(int length)
    {
        var client = new { firstName = new string('А', length), lastName = "Орлова", phone = ClientsTests.NewPhone(),
            personalDataConsent = new { channel = "paper" } };

        var problem = await ExpectRefusedAsync(() => App.FrontDesk().PostJson("/api/v1/clients", client),
            HttpStatusCode.BadRequest, "validation");
        Assert.NotNull(problem["errors"]!["firstName"]);
    }

    [Fact]
    public async Task An_over_long_note_on_a_schedule_exception_is_400_validation()
    {
        var start = App.Clock.GetUtcNow().AddDays(1);
        var body = new { kind = "time_off", startsAt = start, endsAt = start.AddHours(1), note = new string('x', 501) };

        var problem = await ExpectRefusedAsync(()
            => App.Admin().PostJson($"/api/v1/therapists/{Guid.NewGuid()}/exceptions",
            body), HttpStatusCode.BadRequest, "validation");
        Assert.NotNull(problem["errors"]!["note"]);
    }

    [Fact]
    public async Task Unknown_ids_are_404_not_found()
    {
        var admin = App.Admin();
        var start = App.Clock.GetUtcNow().AddDays(1);
        var id = Guid.NewGuid();

        await ExpectRefusedAsync(() => admin.GetAsync($"/api/v1/services/{id}"), HttpStatusCode.NotFound, "not-found");
        await ExpectRefusedAsync(() => admin.GetAsync($"/api/v1/services/{id}/prices"), HttpStatusCode.NotFound,
            "not-found");
        await ExpectRefusedAsync(() => admin.GetAsync($"/api/v1/services/{id}/price"), HttpStatusCode.NotFound,
            "not-found");
        await ExpectRefusedAsync(() => admin.PostJson($"/api/v1/services/{id}/prices", new { price = 1900m,
            effectiveFrom = start }), HttpStatusCode.NotFound, "not-found");
        await ExpectRefusedAsync(() => admin.GetAsync($"/api/v1/devices/{id}"), HttpStatusCode.NotFound, "not-found");
        await ExpectRefusedAsync(() => admin.PostJson($"/api/v1/devices/{id}/maintenance", new { startsAt = start,
            endsAt = start.AddHours(1) }), HttpStatusCode.NotFound, "not-found");
        await ExpectRefusedAsync(() => admin.PostJson($"/api/v1/therapists/{id}/exceptions", new { kind = "time_off",
            startsAt = start, endsAt = start.AddHours(1) }), HttpStatusCode.NotFound, "not-found");
        await ExpectRefusedAsync(() => admin.PostJson($"/api/v1/clients/{id}/consents", new { kind = "health_data",
            channel = "paper" }), HttpStatusCode.NotFound, "not-found");
    }

    [Theory]
    [InlineData("/api/v1/services/123")]
    [InlineData("/api/v1/services/not-a-guid/prices")]
    [InlineData("/api/v1/therapists/%27%3B%20DROP%20TABLE%20therapists%3B--")]
    [InlineData("/api/v1/clients/00000000-0000-0000-0000-00000000000Z")]
    public async Task A_non_guid_id_in_the_route_is_404(string url)
    {
        await ExpectRefusedAsync(() => App.Admin().GetAsync(url), HttpStatusCode.NotFound, "not-found");
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/xml")]
    public async Task A_body_that_is_not_json_is_415(string mediaType)
    {
        var content = new StringContent(GoodService, Encoding.UTF8, mediaType);

        await ExpectRefusedAsync(() => App.Admin().PostAsync("/api/v1/services", content),
            HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
    }

    [Fact]
    public async Task An_unknown_route_is_404_with_a_problem()
    {
        await ExpectRefusedAsync(() => App.Admin().GetAsync("/api/v1/no-such-thing"), HttpStatusCode.NotFound,
            "not-found");
        await ExpectRefusedAsync(() => App.Admin().PostJson("/api/v2/services", new { }), HttpStatusCode.NotFound,
            "not-found");
    }

    [Theory]
    [InlineData("/api/v1/services/{0}/price?at=yesterday")]
    [InlineData("/api/v1/clients?pageSize=twenty")]
    [InlineData("/api/v1/services?includeInactive=maybe")]
    public async Task A_query_parameter_of_the_wrong_type_is_400_malformed_request(string url)
    {
        await ExpectRefusedAsync(() => App.Admin().GetAsync(string.Format(url, Guid.NewGuid())),
            HttpStatusCode.BadRequest, "malformed-request");
    }

    [Fact]
    public async Task A_page_size_beyond_the_limit_is_400_validation()
    {
        var problem = await ExpectRefusedAsync(() => App.FrontDesk().GetAsync("/api/v1/clients?pageSize=1000"),
            HttpStatusCode.BadRequest, "validation");
        Assert.NotNull(problem["errors"]!["pageSize"]);
    }

    [Fact]
    public async Task No_junk_body_on_any_write_route_gets_a_500()
    {
        var junk = new[] { "", "null", "[]", "{}", "\"text\"", "{\"a\":", "{\"id\":{\"$ne\":null}}", new string('[',
            100) + new string(']', 100), "{\"price\":1e400}" };
        var writes = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>() is not null) // routes that read a body
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Where(m
                => m is "POST" or "PUT").Select(m => (Method: m, Endpoint: e)))
            .ToList();
        Assert.NotEmpty(writes);
        var before = await Rows();

        foreach (var (method, endpoint) in writes)
        foreach (var body in junk)
        {
            var url = System.Text.RegularExpressions.Regex.Replace(endpoint.RoutePattern.RawText!, @"\{[^}]+\}",
                Guid.NewGuid().ToString());
            var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = new StringContent(body,
                Encoding.UTF8, "application/json") };
            var response = await App.Admin().SendAsync(request);
            var status = (int)response.StatusCode;
            Assert.True(status is >= 400 and < 500,
                $"{method} {url} with body {body} answered {status}: {await response.Content.ReadAsStringAsync()}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(before, await Rows());
    }
}

public sealed class ErrorsOnSqlite(SqliteApp app) : ErrorsTests(app), IClassFixture<SqliteApp>;
public sealed class ErrorsOnPostgres(PostgresApp app) : ErrorsTests(app), IClassFixture<PostgresApp>;
public sealed class ErrorsOnSqlServer(SqlServerApp app) : ErrorsTests(app), IClassFixture<SqlServerApp>;

/// <summary>PostgreSQL that cannot be reached (nothing listens on the port): the API says 503 and when to
/// retry.</summary>
public sealed class UnreachablePostgresApp : PostgresApp
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Database:ConnectionString"] = "Host=127.0.0.1;Port=1;Database=salon;Username=salon;Password=none;Timeout=2",
        ["Database:MigrateOnStartup"] = "false",
        ["Salon:StartupChecks"] = "false",
    };
}

public sealed class UnreachableDatabaseTests(UnreachablePostgresApp app) : ProviderTests(app), IClassFixture<UnreachablePostgresApp>
{
    [Fact]
    public async Task An_unreachable_database_is_503_with_retry_after_not_500()
    {
        // The public catalogue needs no token, whose security stamp would itself live in the unreachable database.
        var response = await App.CreateClient().GetAsync("/api/v1/catalog");

        await response.ExpectProblem(HttpStatusCode.ServiceUnavailable, "service-unavailable");
        Assert.Equal("5", Assert.Single(response.Headers.GetValues("Retry-After")));
    }
}
