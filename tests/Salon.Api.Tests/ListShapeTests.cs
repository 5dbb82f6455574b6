using System.Net;
using System.Text.Json.Nodes;
using Salon.Api.Tests.Desk;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests;

/// <summary>Every list the API returns has one shape (items, pageNumber, pageSize, total), asked for by page and
/// pageSize.</summary>
public sealed class ListShapeDocumentTests
{
    [Fact]
    public void Every_list_a_GET_returns_is_a_page_asked_for_with_page_and_pageSize()
    {
        var document = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "openapi", "salon.v1.json")))!;
        var schemas = document["components"]!["schemas"]!.AsObject();
        var bare = new List<string>();
        var unpaged = new List<string>();
        var pages = 0;
        foreach (var (path, operations) in document["paths"]!.AsObject())
        {
            if (operations!["get"]?["responses"]?["200"]?["content"]?["application/json"]?["schema"] is not { } schema)
                continue;
            var name = ((string?)schema["$ref"])?.Split('/')[^1];
            var resolved = name is null ? schema : schemas[name]!;
            if ((string?)resolved["type"] == "array") bare.Add(path);
            if (resolved["properties"]?["items"] is null) continue;
            pages++;
            var parameters = operations["get"]!["parameters"]?.AsArray()
                .Select(p => (string?)p!["name"]).ToList() ?? [];
            var shape = resolved["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal);
            if (!parameters.Contains("page") || !parameters.Contains("pageSize")
                || !shape.SequenceEqual(["items", "pageNumber", "pageSize", "total"]))
                unpaged.Add(path);
        }
        Assert.True(bare.Count == 0, "A bare JSON array instead of a page: " + string.Join(", ", bare));
        Assert.True(unpaged.Count == 0,
            "A list without the page shape or its parameters: " + string.Join(", ", unpaged));
        Assert.True(pages >= 19, $"only {pages} paged lists found: is the scan still reading the document right?");
    }
}

/// <summary>A short list read whole pages like the long ones: the same numbers, the same refusals.</summary>
public abstract class ListShapeTests(SalonApp app) : ProviderTests(app)
{
    [Fact]
    public async Task The_questionnaire_comes_a_page_at_a_time_like_the_clients()
    {
        var desk = App.FrontDesk();

        var third = await (await desk.GetAsync("/api/v1/screening/questions?page=3&pageSize=10"))
            .Expect(HttpStatusCode.OK);
        var first = await (await desk.GetAsync("/api/v1/screening/questions")).Expect(HttpStatusCode.OK);

        Assert.Equal(["Q21", "Q22", "Q23", "Q24"], third["items"]!.AsArray().Select(q => (string?)q!["code"]));
        Assert.Equal((3, 10, 24L), ((int)third["pageNumber"]!, (int)third["pageSize"]!, (long)third["total"]!));
        Assert.Equal(20, first["items"]!.AsArray().Count); // the default page size, as on /clients
        Assert.Equal((1, 20), ((int)first["pageNumber"]!, (int)first["pageSize"]!));
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("pageSize=101")]
    public async Task A_page_out_of_range_is_refused_on_a_short_list_as_on_a_long_one(string paging)
    {
        var desk = App.FrontDesk();
        foreach (var list in new[] { "/api/v1/devices", "/api/v1/package-templates", "/api/v1/clients" })
        {
            var problem = await (await desk.GetAsync($"{list}?{paging}"))
                .ExpectProblem(HttpStatusCode.BadRequest, "validation");
            Assert.NotNull(problem["errors"]![paging.Split('=')[0]]);
        }
    }
}

public sealed class ListShapeOnSqlite(SqliteApp app) : ListShapeTests(app), IClassFixture<SqliteApp>;
public sealed class ListShapeOnPostgres(PostgresApp app) : ListShapeTests(app), IClassFixture<PostgresApp>;
