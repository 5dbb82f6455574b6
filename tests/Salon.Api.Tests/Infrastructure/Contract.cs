using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace Salon.Api.Tests.Infrastructure;

/// <summary>
/// The committed document is the contract clients are generated from: every response a test receives is checked
/// against the operation it answers (method and path template), its status, content type, body schema and headers.
/// Anything undeclared fails the test that received it, naming the operation, status and field.
/// </summary>
public sealed class ContractCheck(string provider) : DelegatingHandler
{
    /// <summary>Response headers a client reads; each must be declared on the response that sends it.</summary>
    private static readonly string[] ContractHeaders = ["ETag", "Location", "Retry-After", "Idempotent-Replayed",
        "Content-Disposition"];

    /// <summary>Request headers with a meaning in the API; an operation that reads one declares it.</summary>
    private static readonly string[] RequestHeaders = ["Idempotency-Key", "If-Match"];

    private static readonly ConcurrentDictionary<string, int> Validated = new();
    private static readonly ConcurrentDictionary<string, JsonSchema> Schemas = new();
    private static readonly Lazy<Document> Contract = new(Document.Load);

    static ContractCheck() => AppDomain.CurrentDomain.ProcessExit += (_, _) => WriteCounts();

    public static IReadOnlyDictionary<string, int> Counts => Validated;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
        CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (request.Method == HttpMethod.Options || request.RequestUri?.AbsolutePath.StartsWith("/api/",
            StringComparison.Ordinal) != true)
            return response; // preflights and documents are not operations
        if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
            return response; // a live stream never ends: buffering it would hang; its tests read it themselves
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var violations = Contract.Value.Check(request, response, body);
        if (violations.Count > 0)
            throw new ContractViolation(
                $"{request.Method} {request.RequestUri!.PathAndQuery} answered {(int)response.StatusCode} outside openapi/salon.v1.json:\n  "
                + string.Join("\n  ", violations) + $"\n  body: {Truncate(body)}");
        Validated.AddOrUpdate(provider, 1, (_, n) => n + 1);
        return response;
    }

    private static string Truncate(string text) => text.Length > 600 ? text[..600] + "…" : text;

    private static void WriteCounts()
    {
        var line = string.Join(", ", Validated.OrderBy(v => v.Key).Select(v => $"{v.Key}: {v.Value}"));
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "contract-validated.txt"),
            $"Responses validated against the contract: {line}\n");
    }

    private sealed class Document(JsonObject root, List<(string Template, Regex Pattern, int Literals)> paths)
    {
        public static Document Load()
        {
            var text = File.ReadAllText(Path.Combine(OpenApiTests.RepositoryRoot(), "openapi", "salon.v1.json"));
            var root = JsonNode.Parse(text)!.AsObject();
            var paths = root["paths"]!.AsObject().Select(p => p.Key).Select(t => (t,
                    new Regex("^" + Regex.Replace(Regex.Escape(t), @"\\\{[^}]+}", "[^/]+") + "$"),
                    Regex.Replace(t, @"\{[^}]+}", "").Length))
                .ToList();
            return new Document(root, paths);
        }

        public List<string> Check(HttpRequestMessage request, HttpResponseMessage response, string body)
        {
            var violations = new List<string>();
            var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var path = request.RequestUri!.AbsolutePath.TrimEnd('/');
            var method = request.Method.Method.ToLowerInvariant();
            var template = paths.Where(p => p.Pattern.IsMatch(path)).OrderByDescending(p => p.Literals).Select(p
                => p.Template).FirstOrDefault();
            var operation = template is null ? null : root["paths"]![template]![method];
            if (operation is null)
            {
                // An unknown route or method: the framework's 404/405 problem, nothing else.
                if (status is not ("404" or "405"))
                    violations.Add($"no operation {method.ToUpperInvariant()} {template ?? path} in the document (status {status})");
                else
                    Validate(violations, "the framework's problem", Problem(), body);
                return violations;
            }
            var name = $"{operation["operationId"]} ({method.ToUpperInvariant()} {template})";
            foreach (var header in RequestHeaders.Where(h => Has(request.Headers, h)))
                if (operation["parameters"]?.AsArray().Any(p => (string?)p!["in"] == "header"
                    && Same((string?)p["name"], header)) != true)
                    violations.Add($"{name}: request header {header} is not a declared parameter");
            var declared = operation["responses"]![status] ?? operation["responses"]!["default"];
            if (declared is null)
            {
                violations.Add($"{name}: status {status} is not declared (declared: {string.Join(", ", operation["responses"]!.AsObject().Select(r => r.Key))})");
                return violations;
            }
            declared = Resolve(declared);
            foreach (var header in ContractHeaders.Where(h => Has(response.Headers, h) || Has(response.Content.Headers,
                h)))
                if (declared["headers"]?.AsObject().Any(h => Same(h.Key, header)) != true)
                    violations.Add($"{name} {status}: response header {header} is not declared");
            foreach (var (header, spec) in declared["headers"]?.AsObject() ?? [])
                if ((bool?)spec!["required"] == true && !Has(response.Headers, header) && !Has(response.Content.Headers,
                    header))
                    violations.Add($"{name} {status}: required response header {header} is missing");
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            var content = declared["content"]?.AsObject();
            if (body.Length == 0)
            {
                if (content is { Count: > 0 })
                    violations.Add($"{name} {status}: declares content ({string.Join(", ", content.Select(c => c.Key))}) but the body is empty");
                return violations;
            }
            if (mediaType is null || content?[mediaType] is not { } media)
            {
                violations.Add($"{name} {status}: content type {mediaType ?? "(none)"} is not declared " +
                    $"(declared: {string.Join(", ", content?.Select(c => c.Key) ?? ["nothing"])})");
                return violations;
            }
            if (mediaType.EndsWith("json", StringComparison.Ordinal) && media["schema"] is { } schema)
                Validate(violations, $"{name} {status} {mediaType}", schema, body);
            return violations;
        }

        private JsonNode Resolve(JsonNode node) =>
            (string?)node["$ref"] is { } reference ? Resolve(root[reference.Split('/')[1]]![reference.Split('/')[2]]![reference.Split('/')[3]]!) : node;

        private static JsonNode Problem() => new JsonObject { ["$ref"] = "#/components/schemas/ProblemDetails" };

        private static bool Has(HttpHeaders headers, string name) => headers.NonValidated.Contains(name);

        private static bool Same(string? a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

        private void Validate(List<string> violations, string where, JsonNode schema, string body)
        {
            var compiled = Schemas.GetOrAdd(schema.ToJsonString(), key =>
            {
                // The component schemas become $defs of one JSON Schema (OpenAPI 3.1 schemas are JSON Schema 2020-12).
                var defs = root["components"]!["schemas"]!.ToJsonString().Replace("#/components/schemas/", "#/$defs/",
                    StringComparison.Ordinal);
                var wrapper = new JsonObject
                {
                    ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
                    ["$id"] = $"https://salon.test/contract/{Guid.NewGuid():N}",
                    ["$defs"] = JsonNode.Parse(defs),
                    ["allOf"] = new JsonArray(JsonNode.Parse(key.Replace("#/components/schemas/", "#/$defs/",
                        StringComparison.Ordinal))),
                };
                return JsonSchema.FromText(wrapper.ToJsonString());
            });
            JsonNode? instance;
            try { instance = JsonNode.Parse(body); }
            catch (System.Text.Json.JsonException e) { violations.Add($"{where}: the body is not JSON ({e.Message})"); return; }
            var result = compiled.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
            if (result.IsValid)
                return;
            foreach (var detail in result.Details.Where(d => d.Errors is { Count: > 0 }).Take(8))
                foreach (var error in detail.Errors!)
                    violations.Add($"{where}: at {detail.InstanceLocation} ({error.Key}, schema {detail.EvaluationPath}): {error.Value}");
        }
    }
}

public sealed class ContractViolation(string message) : Exception(message);
