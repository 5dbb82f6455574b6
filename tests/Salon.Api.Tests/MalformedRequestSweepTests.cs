using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests;

/// <summary>
/// Every operation of the committed OpenAPI document, hit with generated bad bodies, parameters and headers.
/// Nothing may answer 5xx, and every 4xx is an RFC 9457 problem. Bounded: one mutation at a time, a fixed list each.
/// </summary>
public abstract class MalformedRequestSweepTests(SalonApp app) : ProviderTests(app)
{
    private const string Nul = "a\u0000b";
    private static readonly string Huge = new('ж', 70_000);

    /// <summary>Bad values for a string field or parameter, whatever its format.</summary>
    private static readonly JsonNode?[] BadValues =
    [
        null, 42, 1e308, true, "", Nul, "\u0001\u001f\u007f", Huge, "9999-12-31", "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59Z", "not-a-guid", new JsonArray((JsonNode?)null), new JsonObject { ["x"] = Nul },
    ];

    private static readonly string[] BadParameters =
    [
        "", "%00", "a%00b", "%01%1f", "null", "-1", "0", "99999999999999999999", "1e400", "9999-12-31", "0001-01-01",
        "9999-12-31T23:59:59Z", "not-a-guid", "00000000-0000-0000-0000-000000000000", new string('9', 3000), "%ZZ",
    ];

    private static readonly string[] BadBodies = ["null", "[]", "\"text\"", "42", "{}", "{\"a\":", "{\"\u0000\":1}",
        "[null]"];

    private readonly List<string> _failures = [];
    private int _requests;

    [Fact]
    public async Task No_operation_answers_5xx_or_a_non_problem_4xx_to_malformed_input()
    {
        var document = JsonNode.Parse(await File.ReadAllTextAsync(OpenApiPath()))!;
        var schemas = document["components"]!["schemas"]!.AsObject();
        // Stray headers are part of the garbage sent, so the contract check stays out; the sweep checks the answers.
        var admin = App.Unchecked(App.Admin());
        var client = App.Unchecked(App.ClientAs("client", clientId: Guid.NewGuid()));
        var started = DateTime.UtcNow;

        foreach (var (path, operations) in document["paths"]!.AsObject())
        foreach (var (method, operation) in operations!.AsObject())
        {
            var http = path.StartsWith("/api/v1/me", StringComparison.Ordinal) ? client : admin;
            var parameters = operation!["parameters"]?.AsArray().Select(p => p!).ToList() ?? [];
            var body = operation["requestBody"]?["content"]?["application/json"]?["schema"] is { } schema
                ? Plausible(schema, schemas, 0) : null;

            string Url(string? name = null, string? value = null)
            {
                var url = path;
                var query = new List<string>();
                foreach (var p in parameters)
                {
                    var pname = (string)p["name"]!;
                    var v = pname == name ? value! : Uri.EscapeDataString(PlausibleParameter(p["schema"], schemas,
                        pname));
                    if ((string)p["in"]! == "path") url = url.Replace("{" + pname + "}", v, StringComparison.Ordinal);
                    else query.Add($"{pname}={v}");
                }
                return query.Count == 0 ? url : url + "?" + string.Join('&', query);
            }

            foreach (var p in parameters)
            foreach (var bad in BadParameters)
                await SendAsync(http, method, Url((string)p["name"]!, bad), body?.ToJsonString());

            if (body is JsonObject obj)
            {
                foreach (var property in obj.Select(p => p.Key).ToList())
                foreach (var bad in BadValues)
                {
                    var mutated = obj.DeepClone().AsObject();
                    mutated[property] = bad?.DeepClone();
                    await SendAsync(http, method, Url(), mutated.ToJsonString());
                    if (obj[property] is JsonArray { Count: > 0 } list && list[0] is JsonObject item)
                        foreach (var inner in item.Select(p => p.Key).ToList())
                        {
                            var nested = obj.DeepClone().AsObject();
                            nested[property]![0]![inner] = bad?.DeepClone();
                            await SendAsync(http, method, Url(), nested.ToJsonString());
                        }
                }
                var unknown = obj.DeepClone().AsObject();
                unknown["unknownProperty" + Nul] = Nul;
                await SendAsync(http, method, Url(), unknown.ToJsonString());
            }
            if (operation["requestBody"] is not null)
                foreach (var bad in BadBodies)
                    await SendAsync(http, method, Url(), bad);

            // Headers: a garbage version tag, a bad Idempotency-Key, a content type the API does not read.
            await SendAsync(http, method, Url(), body?.ToJsonString(), ("If-Match", "\"garbage\u0001\""));
            await SendAsync(http, method, Url(), body?.ToJsonString(), ("Idempotency-Key", new string('k', 500)));
            await SendAsync(http, method, Url(), body?.ToJsonString(), ("Idempotency-Key", "a\u0001b"));
            await SendAsync(http, method, Url(), body?.ToJsonString(), ("Accept", "application/x-nothing"));
            if (operation["requestBody"] is not null)
                await SendAsync(http, method, Url(), body?.ToJsonString(), contentType: "text/plain");
        }

        var summary = $"{App.Provider}: {_requests} malformed requests in {(DateTime.UtcNow - started).TotalSeconds:0} s, " +
                      $"{_failures.Count(f => f.StartsWith('5'))} answered 5xx, {_failures.Count} failures in all";
        TestContext.Current.TestOutputHelper?.WriteLine(summary);
        TestContext.Current.SendDiagnosticMessage(summary);
        Assert.True(_requests > 1000, $"the sweep sent only {_requests} requests");
        Assert.True(_failures.Count == 0, $"{_failures.Count} of {_requests} requests failed:\n" + string.Join('\n',
            _failures.Take(40)));
    }

    private async Task SendAsync(HttpClient http, string method, string url, string? body,
        (string Name, string Value)? header = null, string contentType = "application/json")
    {
        _requests++;
        using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url);
        if (body is not null)
            request.Content = new StringContent(body, Encoding.UTF8, contentType);
        if (header is { } h)
        {
            request.Headers.TryAddWithoutValidation(h.Name, h.Value);
        }
        HttpResponseMessage response;
        try
        {
            // Headers first: a request the event stream accepts answers 200 and streams until it is dropped, so only
            // a refusal's body is read, and disposing the answer ends a stream.
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException)
        {
            return; // the client itself refused to send it (e.g. a control character in a header): nothing reached the API
        }
        using var answer = response;
        var status = (int)response.StatusCode;
        var media = response.Content.Headers.ContentType?.MediaType;
        if (status >= 500 || (status >= 400 && media != "application/problem+json"))
        {
            var text = await response.Content.ReadAsStringAsync();
            var shown = body is null ? "" : body.Length > 200 ? body[..200] + "…" : body;
            _failures.Add($"{status} {media} {method.ToUpperInvariant()} {Truncate(url)} {header} {shown} → {Truncate(text)}");
        }
        response.Dispose();
    }

    private static string Truncate(string text) => text.Length > 300 ? text[..300] + "…" : text;

    /// <summary>A value of the right shape, so that one mutation at a time is what the API sees wrong.</summary>
    private static JsonNode? Plausible(JsonNode schema, JsonObject schemas, int depth, string name = "")
    {
        var hint = Hints.GetValueOrDefault(name);
        if (hint is not null) return hint;
        if (depth > 6) return null;
        if (schema["$ref"] is { } reference)
        {
            var schemaName = ((string)reference!).Split('/')[^1];
            // Enums are read as snake_case names whatever the document says about their type.
            if (typeof(Program).Assembly.GetTypes().FirstOrDefault(t => t.IsEnum
                && t.Name == schemaName) is { } enumType)
                return System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(Enum.GetNames(enumType)[0]);
            return schemas[schemaName] is { } target ? Plausible(target, schemas, depth + 1, name) : "x";
        }
        if (schema["allOf"] is JsonArray all)
            return Plausible(all[0]!, schemas, depth + 1, name);
        if (schema["anyOf"] is JsonArray any) // OpenAPI 3.1 nullable references: the first that is not null
            return Plausible(any.First(s => (string?)s!["type"] != "null")!, schemas, depth + 1, name);
        if (schema["enum"] is JsonArray values)
            return values.FirstOrDefault(v => v is not null)?.DeepClone();
        var type = schema["type"] is JsonArray types
            ? types.Select(t => (string?)t).FirstOrDefault(t => t != "null")
            : (string?)schema["type"];
        switch (type)
        {
            case "object" when schema["properties"] is JsonObject properties:
                var result = new JsonObject();
                foreach (var (member, property) in properties)
                    if (property!["readOnly"] is null)
                        result[member] = Plausible(property, schemas, depth + 1, member);
                return result;
            case "object":
                return schema["additionalProperties"] is JsonObject valueSchema
                    ? new JsonObject { ["Q01"] = Plausible(valueSchema, schemas, depth + 1) } : new JsonObject();
            case "array":
                return new JsonArray(Plausible(schema["items"]!, schemas, depth + 1));
            case "integer":
                return 1;
            case "number":
                return 100;
            case "boolean":
                return false;
            default:
                return (string?)schema["format"] switch
                {
                    "uuid" => Guid.NewGuid().ToString(),
                    "date" => DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd"),
                    "date-time" => DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-ddT12:00:00Z"),
                    "time" => "10:00:00",
                    _ => "Текст",
                };
        }
    }

    private static readonly Dictionary<string, string> Hints = new()
    {
        ["phone"] = "+79161234567", ["password"] = "correct-horse-battery", ["email"] = "someone@example.com",
        ["login"] = "someone", ["start"] = "10:00", ["end"] = "19:00", ["startsAt"] = DateTime.UtcNow.AddDays(3).ToString("yyyy-MM-ddT09:00:00Z"),
        ["endsAt"] = DateTime.UtcNow.AddDays(3).ToString("yyyy-MM-ddT10:00:00Z"),
    };

    private static string PlausibleParameter(JsonNode? schema, JsonObject schemas, string name) =>
        Plausible(schema ?? new JsonObject(), schemas, 0) switch
        {
            JsonValue value when name == "code" => "Q01",
            JsonValue value when name == "kind" => "SURF",
            JsonValue value => value.ToString(),
            _ => "x",
        };

    private static string OpenApiPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Salon.sln")))
                return Path.Combine(dir.FullName, "openapi", "salon.v1.json");
        throw new FileNotFoundException("Salon.sln not found above " + AppContext.BaseDirectory);
    }
}

public sealed class MalformedRequestSweepOnSqlite(SqliteApp app) : MalformedRequestSweepTests(app), IClassFixture<SqliteApp>;
public sealed class MalformedRequestSweepOnPostgres(PostgresApp app) : MalformedRequestSweepTests(app), IClassFixture<PostgresApp>;
