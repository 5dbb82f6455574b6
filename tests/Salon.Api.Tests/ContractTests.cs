using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests;

/// <summary>The document tells the whole truth: headers, content types, statuses, summaries, examples.</summary>
public sealed class ContractTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task Request_and_response_headers_are_declared()
    {
        var paths = (await Document())["paths"]!;

        Assert.Contains("If-Match", HeaderParameters(paths["/api/v1/clients/{id}"]!["put"]!));
        Assert.Contains("Idempotency-Key", HeaderParameters(paths["/api/v1/bookings"]!["post"]!));
        var created = paths["/api/v1/bookings"]!["post"]!["responses"]!["201"]!["headers"]!;
        Assert.NotNull(created["Location"]);
        Assert.NotNull(created["ETag"]);
        Assert.NotNull(created["Idempotent-Replayed"]);
        Assert.NotNull(paths["/api/v1/clients/{id}"]!["get"]!["responses"]!["200"]!["headers"]!["ETag"]);
        Assert.NotNull(paths["/api/v1/auth/token"]!["post"]!["responses"]!["429"]!["headers"]!["Retry-After"]);
    }

    [Fact]
    public async Task The_problem_schema_carries_code_codes_and_errors_and_each_problem_has_an_example()
    {
        var doc = await Document();
        var problem = doc["components"]!["schemas"]!["ProblemDetails"]!["properties"]!;

        Assert.NotNull(problem["code"]);
        Assert.NotNull(problem["codes"]);
        Assert.NotNull(problem["errors"]);
        var problems = Operations(doc).SelectMany(o => o["responses"]!.AsObject())
            .Select(r => r.Value!["content"]?["application/problem+json"]).Where(c => c is not null).ToList();
        Assert.NotEmpty(problems);
        Assert.All(problems, p => Assert.NotNull(p!["example"]?["type"]));
    }

    [Fact]
    public async Task Every_content_type_and_status_is_declared_and_every_operation_has_a_summary()
    {
        var doc = await Document();
        var paths = doc["paths"]!;

        var schedule = paths["/api/v1/therapists/{id}/schedule"]!["get"]!["responses"]!["200"]!["content"]!.AsObject();
        Assert.Equal(["application/json", "text/calendar", "text/csv"], schedule.Select(c => c.Key).Order());
        Assert.NotNull(paths["/api/v1/schedule"]!["get"]!["responses"]!["200"]!["content"]!["text/csv"]);
        Assert.NotNull(paths["/api/v1/calendar-feeds/{token}.ics"]!["get"]!["responses"]!["200"]!["content"]!["text/calendar"]);
        Assert.NotNull(paths["/api/v1/therapists/{id}/calendar-feed"]!["delete"]!["responses"]!["204"]);
        Assert.All(Operations(doc), o => Assert.False(string.IsNullOrWhiteSpace((string?)o["summary"]),
            $"{o["operationId"]} has no summary"));
    }

    [Fact]
    public async Task An_unknown_schedule_format_is_refused_not_answered_as_json()
    {
        var problem = await (await app.FrontDesk().GetAsync($"/api/v1/therapists/{Guid.NewGuid()}/schedule?date=2026-12-01&format=xlsx"))
            .ExpectProblem(HttpStatusCode.BadRequest, "malformed-request");

        Assert.Contains("csv", (string?)problem["errors"]!["format"]![0]);
    }

    [Fact]
    public async Task The_contract_check_fails_an_undeclared_status_header_or_member_naming_it()
    {
        var undeclaredStatus = await Assert.ThrowsAsync<ContractViolation>(() =>
            Through(new HttpResponseMessage(HttpStatusCode.Gone)).GetAsync("/api/v1/clients"));
        Assert.Contains("SearchClients (GET /api/v1/clients): status 410 is not declared", undeclaredStatus.Message);

        var page = """{"items":[],"pageNumber":1,"pageSize":20,"total":0}""";
        var undeclaredHeader = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(page,
            Encoding.UTF8, "application/json") };
        undeclaredHeader.Headers.Add("Idempotent-Replayed", "true");
        var header = await Assert.ThrowsAsync<ContractViolation>(()
            => Through(undeclaredHeader).GetAsync("/api/v1/clients"));
        Assert.Contains("response header Idempotent-Replayed is not declared", header.Message);

        var missing = new HttpResponseMessage(HttpStatusCode.OK)
            { Content = new StringContent("""{"items":[],"pageNumber":1,"pageSize":20}""", Encoding.UTF8,
                "application/json") };
        var member = await Assert.ThrowsAsync<ContractViolation>(() => Through(missing).GetAsync("/api/v1/clients"));
        Assert.Contains("total", member.Message);

        await Through(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(page, Encoding.UTF8,
            "application/json") })
            .GetAsync("/api/v1/clients");
    }

    private static HttpClient Through(HttpResponseMessage canned) =>
        new(new ContractCheck("self-test") { InnerHandler = new Canned(canned) }) { BaseAddress = new Uri("http://localhost") };

    private sealed class Canned(HttpResponseMessage response) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
            CancellationToken cancellationToken) =>
            Task.FromResult(response);
    }

    private async Task<JsonNode> Document()
        => await (await app.CreateClient().GetAsync("/openapi/salon.v1.json")).Expect(HttpStatusCode.OK);

    private static IEnumerable<JsonNode> Operations(JsonNode doc) =>
        doc["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => o.Value!));

    private static IEnumerable<string> HeaderParameters(JsonNode operation) =>
        operation["parameters"]!.AsArray().Where(p => (string?)p!["in"] == "header").Select(p => (string)p!["name"]!);
}
