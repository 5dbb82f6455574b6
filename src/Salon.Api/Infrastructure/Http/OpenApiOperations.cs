using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Salon.Api.Infrastructure.Http;

/// <summary>
/// What every operation says besides its body: a summary, the headers a client sends (Idempotency-Key, If-Match)
/// and reads (ETag, Location, Retry-After, Idempotent-Replayed), the statuses the pipeline itself can answer,
/// and an example of each problem.
/// </summary>
internal sealed partial class ContractOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var description = context.ApiDescription;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        operation.Summary ??= Sentence(operation.OperationId ?? description.RelativePath ?? "");
        operation.Responses ??= [];
        operation.Parameters ??= [];

        var hasBody = description.ParameterDescriptions.Any(p => p.Source == BindingSource.Body);
        if (hasBody)
        {
            Problem(operation, 400);
            Problem(operation, 415);
        }
        if (description.ParameterDescriptions.Any(p => p.Source == BindingSource.Query))
            Problem(operation, 400);
        if (description.ParameterDescriptions.Any(p => p.Source == BindingSource.Path))
            Problem(operation, 404);
        if (metadata.OfType<EnableRateLimitingAttribute>().Any())
            Problem(operation, 429);
        // Every API operation reads the database (clients' tokens are checked against it too): when it cannot be
        // reached.
        if (description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true)
            Problem(operation, 503);
        DeclareEveryContentType(operation, context);
        if (operation.RequestBody?.Content is { } bodies)
            foreach (var media in bodies.Values.OfType<OpenApiMediaType>())
                if (media.Schema is { } bodySchema)
                    media.Example ??= RequestExamples.For(bodySchema, context.SchemaRepository, 0);

        var idempotent = metadata.OfType<IdempotentMetadata>().Any();
        if (idempotent)
        {
            operation.Parameters.Add(Header("Idempotency-Key", false,
                "A key of the client's choosing: a retry with the same key and body returns the first answer, never a second charge or booking."));
            Problem(operation, 409);
            Problem(operation, 422);
        }
        var cached = operation.Responses.ContainsKey("304");
        if (cached)
            operation.Parameters.Add(Header("If-None-Match", false,
                "The ETag held; an unchanged resource is 304 with no body."));
        if (operation.Responses.ContainsKey("412"))
            operation.Parameters.Add(Header("If-Match", operation.Responses.ContainsKey("428"),
                "The ETag read last; a stale one is 412."));

        foreach (var (status, response) in operation.Responses)
        {
            if (response is not OpenApiResponse concrete)
                continue;
            concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
            var code = int.Parse(status, System.Globalization.CultureInfo.InvariantCulture);
            var type = description.SupportedResponseTypes.FirstOrDefault(r => r.StatusCode == code)?.Type;
            if (code == 201)
                concrete.Headers["Location"] = ResponseHeader(true, "Where the created resource is read.");
            var alternatives = metadata.OfType<AlsoAnswers>().SelectMany(a => a.Types).ToList();
            if ((code is >= 200 and < 300 or 304) && cached)
                concrete.Headers["ETag"] = ResponseHeader(true,
                    "The content's hash; send it as If-None-Match to be told 304 when nothing changed.");
            if (code is >= 200 and < 300 && type?.GetProperty("Version") is not null)
                concrete.Headers["ETag"] = ResponseHeader(alternatives.Count == 0,
                    "The resource's version; send it back as If-Match to change it.");
            if (code == 200 && alternatives.Count > 0
                && concrete.Content?["application/json"] is OpenApiMediaType json && json.Schema is { } first)
                json.Schema = new OpenApiSchema
                {
                    OneOf = [first, .. alternatives.Select(t => context.SchemaGenerator.GenerateSchema(t,
                        context.SchemaRepository))],
                };
            if (code is >= 200 and < 300 && idempotent)
                concrete.Headers["Idempotent-Replayed"] = ResponseHeader(false,
                    "true when this is the stored answer to an earlier request with the same key.");
            if (code is 429 or 503)
                concrete.Headers["Retry-After"] = ResponseHeader(true, "Seconds to wait before trying again.");
            if (concrete.Content is { } content)
                foreach (var (mediaType, media) in content)
                {
                    if (mediaType is "text/csv" or "text/calendar" && media is OpenApiMediaType text)
                        text.Schema ??= new OpenApiSchema { Type = JsonSchemaType.String };
                    if (mediaType == "text/csv")
                        concrete.Headers["Content-Disposition"] = ResponseHeader(false,
                            "attachment; filename=... for the spreadsheet.");
                    if (mediaType == "application/problem+json" && media is OpenApiMediaType problem)
                        problem.Example ??= ProblemExample(code);
                }
        }
    }

    /// <summary>One status answered in several formats (the schedule as JSON, CSV or iCalendar) lists each of
    /// them.</summary>
    private static void DeclareEveryContentType(OpenApiOperation operation, OperationFilterContext context)
    {
        var produces = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IProducesResponseTypeMetadata>();
        foreach (var answer in produces.Where(r => r.StatusCode is >= 200 and < 300))
        {
            var key = answer.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!operation.Responses!.TryGetValue(key, out var declared) || declared is not OpenApiResponse response)
                continue;
            response.Content ??= new Dictionary<string, OpenApiMediaType>();
            foreach (var mediaType in answer.ContentTypes)
            {
                if (response.Content.ContainsKey(mediaType))
                    continue;
                response.Content[mediaType] = new OpenApiMediaType
                {
                    Schema = answer.Type is { } type && type != typeof(void) && mediaType.Contains("json",
                        StringComparison.Ordinal)
                        ? context.SchemaGenerator.GenerateSchema(type, context.SchemaRepository)
                        : new OpenApiSchema { Type = JsonSchemaType.String },
                };
            }
        }
    }

    private static void Problem(OpenApiOperation operation, int status)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses!.ContainsKey(key))
            return;
        operation.Responses[key] = new OpenApiResponse
        {
            Description = ReasonPhrases(status),
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(nameof(ProblemDetails)) },
            },
        };
    }

    private static string ReasonPhrases(int status)
        => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);

    private static OpenApiParameter Header(string name, bool required, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = required,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = name == "Idempotency-Key" ? 200 : null },
    };

    private static OpenApiHeader ResponseHeader(bool required, string description) =>
        new() { Required = required, Description = description,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String } };

    /// <summary>"ListClientReceipts" reads "List client receipts".</summary>
    private static string Sentence(string name)
    {
        var words = Words().Replace(name, " $1").Trim().ToLowerInvariant();
        return words.Length == 0 ? name : char.ToUpperInvariant(words[0]) + words[1..] + ".";
    }

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex Words();

    /// <summary>One example per status, with the stable type a client switches on.</summary>
    private static JsonNode ProblemExample(int status)
    {
        var (code, title, extra) = status switch
        {
            400 => ("validation", "One or more fields are invalid.",
                new JsonObject { ["errors"] = new JsonObject { ["startsAt"] = new JsonArray("must be an ISO 8601 time with an offset") } }),
            401 => ("unauthorized", "Unauthorized", null),
            403 => ("forbidden", "Forbidden", null),
            404 => ("not-found", "Not found", null),
            409 => ("slot-taken", "The slot is taken", null),
            412 => ("precondition-failed", "The resource has changed", null),
            415 => ("unsupported-media-type", "Unsupported Media Type", null),
            422 => ("screening-blocks", "The screening rules this service out", null),
            428 => ("precondition-required", "If-Match is required", null),
            429 => ("rate-limited", "Too Many Requests", null),
            503 => ("service-unavailable", "The database is not available right now.", null),
            _ => (Problems.CodeForStatus(status), ReasonPhrases(status), (JsonObject?)null),
        };
        var example = new JsonObject { ["type"] = Problems.Type(code), ["title"] = title, ["status"] = status,
            ["code"] = code };
        foreach (var (key, value) in extra ?? [])
            example[key] = value?.DeepClone();
        return example;
    }
}

/// <summary>The problem body as the API writes it: the stable code, question codes, per-field errors.</summary>
internal sealed class ProblemSchemaFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (context.Type != typeof(ProblemDetails) || schema is not OpenApiSchema problem)
            return;
        problem.Properties ??= new Dictionary<string, IOpenApiSchema>();
        problem.Properties["code"] = new OpenApiSchema { Type = JsonSchemaType.String,
            Description = "Stable machine-readable kind; type is its URI." };
        problem.Properties["codes"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String },
            Description = "Question codes behind a screening refusal.",
        };
        problem.Properties["errors"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array,
                Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            Description = "Per field (as the client spelt it), what is wrong and the accepted form.",
        };
        problem.Properties["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String };
        problem.Required = new SortedSet<string>(StringComparer.Ordinal) { "code", "status", "title", "type" };
    }
}

/// <summary>An endpoint whose 200 is one of several shapes (/me: a client's record or a staff member's
/// identity).</summary>
public sealed class AlsoAnswers(params Type[] types)
{
    public IReadOnlyList<Type> Types { get; } = types;
}

/// <summary>
/// An example of every request body, built from its schema: the members a client must send (required ones, and
/// every non-null one), with values in the accepted spellings (times with an offset, yyyy-MM-dd dates, enum names).
/// </summary>
internal static class RequestExamples
{
    public static JsonNode? For(IOpenApiSchema schema, SchemaRepository schemas, int depth)
    {
        if (depth > 6)
            return null;
        if (schema is OpenApiSchemaReference { Reference.Id: { } id } && schemas.Schemas.TryGetValue(id,
            out var target))
            return For(target, schemas, depth + 1);
        if (schema.AllOf is [var only])
            return For(only, schemas, depth + 1);
        if (schema.AnyOf is { Count: > 0 } any)
            return any.Where(a => a.Type != JsonSchemaType.Null).Select(a => For(a, schemas,
                depth + 1)).FirstOrDefault();
        if (schema.Enum is { Count: > 0 } names)
            return names[0]?.DeepClone();
        var type = schema.Type ?? JsonSchemaType.Object;
        if (type.HasFlag(JsonSchemaType.Object) && schema.Properties is { Count: > 0 } properties)
        {
            // A body whose members are all optional shows them all: an empty example would tell a client nothing.
            var example = new JsonObject();
            var all = schema.Required is not { Count: > 0 };
            foreach (var (name, property) in properties)
                if (all || schema.Required!.Contains(name))
                    example[name] = For(property, schemas, depth + 1);
            return example;
        }
        if (type.HasFlag(JsonSchemaType.Object) && schema.AdditionalProperties is { } values)
            return new JsonObject { ["Q01"] = For(values, schemas, depth + 1) };
        if (type.HasFlag(JsonSchemaType.Array))
            return schema.Items is { } item ? new JsonArray(For(item, schemas, depth + 1)) : new JsonArray();
        if (type.HasFlag(JsonSchemaType.Boolean))
            return false;
        if (type.HasFlag(JsonSchemaType.Integer))
            return 1;
        if (type.HasFlag(JsonSchemaType.Number))
            return 1800.00m;
        return schema.Format switch
        {
            "uuid" => "01936f2a-6b7c-7d8e-9f01-23456789abcd",
            "date-time" => "2026-12-03T12:00:00+03:00",
            "date" => "2026-12-03",
            _ => "text",
        };
    }
}
