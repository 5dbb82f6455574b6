using System.Net;
using System.Text.Json.Nodes;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests;

/// <summary>The committed document is what the app serves; regenerate with `dotnet run --project src/Salon.Api --
/// openapi`.</summary>
public sealed class OpenApiTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task The_committed_openapi_document_matches_what_the_api_serves()
    {
        var served = await (await app.CreateClient().GetAsync("/openapi/salon.v1.json")).Expect(HttpStatusCode.OK);
        var path = Path.Combine(RepositoryRoot(), "openapi", "salon.v1.json");
        Assert.True(File.Exists(path), $"{path} is missing; run: dotnet run --project src/Salon.Api -- openapi");
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(path));

        Assert.True(JsonNode.DeepEquals(served, committed),
            "openapi/salon.v1.json has drifted from the API; run: dotnet run --project src/Salon.Api -- openapi");
    }

    [Fact]
    public async Task The_document_declares_the_bearer_scheme_operation_ids_and_problem_responses()
    {
        var doc = await (await app.CreateClient().GetAsync("/openapi/salon.v1.json")).Expect(HttpStatusCode.OK);

        Assert.StartsWith("3.", (string)doc["openapi"]!);
        Assert.Equal("bearer", (string?)doc["components"]!["securitySchemes"]!["bearer"]!["scheme"]);
        var operations = doc["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => o.Value!)).ToList();
        Assert.NotEmpty(operations);
        Assert.All(operations, op => Assert.False(string.IsNullOrEmpty((string?)op["operationId"])));
        var register = doc["paths"]!["/api/v1/clients"]!["post"]!;
        Assert.NotNull(register["responses"]!["400"]!["content"]!["application/problem+json"]);
        Assert.NotNull(register["security"]);
        Assert.Null(doc["paths"]!["/api/v1/auth/token"]!["post"]!["security"]);
    }

    [Fact]
    public async Task Enums_are_documented_as_their_snake_case_names()
    {
        var schemas = (await Document())["components"]!["schemas"]!;

        Assert.Equal(["in_person", "paper", "web", "mobile", "phone", "electronic"],
            schemas["ConsentChannel"]!["enum"]!.AsArray().Select(e => (string)e!));
        Assert.Equal("string", (string?)schemas["BookingStatus"]!["type"]);
        Assert.Contains("no_show", schemas["BookingStatus"]!["enum"]!.AsArray().Select(e => (string)e!));
        var integerEnums = schemas.AsObject().Where(s => s.Value!["enum"] is not null
            && (string?)s.Value["type"] != "string");
        Assert.Empty(integerEnums.Select(s => s.Key));
    }

    [Fact]
    public async Task Schemas_list_the_members_that_are_always_present()
    {
        var schemas = (await Document())["components"]!["schemas"]!;

        // a request: what the reader insists on; optional members stay optional
        Assert.Equal(["clientId", "serviceId", "startsAt"], schemas["CreateBooking"]!["required"]!.AsArray().Select(e
            => (string)e!));
        // a response: every member is written, nullable ones as null
        var booking = schemas["BookingResponse"]!["required"]!.AsArray().Select(e => (string)e!).ToList();
        Assert.Contains("status", booking);
        Assert.Contains("device", booking);
        var withoutRequired = schemas.AsObject()
            .Where(s => s.Value!["properties"] is not null && s.Value["required"] is null
                && s.Key is not ("CancelRequest" or "PackageRefundRequest")).Select(s => s.Key);
        Assert.Empty(withoutRequired);
    }

    private async Task<System.Text.Json.Nodes.JsonNode> Document() =>
        await (await app.CreateClient().GetAsync("/openapi/salon.v1.json")).Expect(HttpStatusCode.OK);

    [Fact]
    public async Task Swagger_ui_and_health_are_served_without_a_token()
    {
        var http = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/swagger/index.html")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
        var ready = await http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Salon.sln")))
                return dir.FullName;
        throw new InvalidOperationException("Salon.sln not found above the test binaries.");
    }
}
