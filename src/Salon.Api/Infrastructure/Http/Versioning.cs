using System.Globalization;
using Salon.Domain;

namespace Salon.Api.Infrastructure.Http;

/// <summary>Optimistic concurrency over HTTP: the row version travels as a strong ETag and comes back in
/// If-Match.</summary>
public static class Versioning
{
    public static string ETag(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>Reads If-Match; an update without it is refused with 428 so that no client overwrites
    /// blindly.</summary>
    public static Result<long> ExpectedVersion(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0 || header == "*")
            return new Refusal(RefusalKind.PreconditionRequired, "precondition-required", "If-Match is required",
                "Send the ETag you read in an If-Match header.");
        if (header.StartsWith("W/", StringComparison.Ordinal)) header = header[2..];
        if (header.Length >= 2 && header[0] == '"' && header[^1] == '"' &&
            long.TryParse(header.AsSpan(1, header.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture,
                out var version))
            return version;
        return Refusal.StaleVersion();
    }

    /// <summary>The version a stored JSON answer carries, so that a replayed answer has its ETag too.</summary>
    public static long? InBody(string? json)
    {
        try
        {
            return json is not null
                && System.Text.Json.Nodes.JsonNode.Parse(json) is System.Text.Json.Nodes.JsonObject o
                && o["version"] is System.Text.Json.Nodes.JsonValue v
                    && v.TryGetValue<long>(out var version) ? version : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    public static IResult WithETag<T>(this HttpContext http, T body, long version)
    {
        http.Response.Headers.ETag = ETag(version);
        return TypedResults.Ok(body);
    }
}

/// <summary>
/// Every versioned resource an endpoint returns carries its ETag, whichever endpoint returned it (created, moved,
/// cancelled...), so a client always holds the version it needs for its next If-Match.
/// </summary>
public sealed class VersionETagFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        if (result is IValueHttpResult { Value: { } value } and IStatusCodeHttpResult { StatusCode: null or (>= 200 and < 300) }
            && value.GetType().GetProperty("Version")?.GetValue(value) is long version)
            context.HttpContext.Response.Headers.ETag = Versioning.ETag(version);
        return result;
    }
}
