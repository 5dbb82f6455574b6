using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Salon.Api.Infrastructure.Data;
using Salon.Domain;

namespace Salon.Api.Infrastructure.Http;

/// <summary>RFC 9457 problem details: one stable type URI per kind of failure, mapped in this one place.</summary>
public static class Problems
{
    public const string TypeBase = "https://salon.example/problems/";

    public static string Type(string code) => TypeBase + code;

    public static int Status(RefusalKind kind) => kind switch
    {
        RefusalKind.Validation => StatusCodes.Status400BadRequest,
        RefusalKind.Unauthorized => StatusCodes.Status401Unauthorized,
        RefusalKind.Forbidden => StatusCodes.Status403Forbidden,
        RefusalKind.NotFound => StatusCodes.Status404NotFound,
        RefusalKind.Conflict => StatusCodes.Status409Conflict,
        RefusalKind.PreconditionFailed => StatusCodes.Status412PreconditionFailed,
        RefusalKind.BusinessRule => StatusCodes.Status422UnprocessableEntity,
        RefusalKind.PreconditionRequired => StatusCodes.Status428PreconditionRequired,
        RefusalKind.TooManyRequests => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>Codes for failures raised by the framework rather than by a handler.</summary>
    public static string CodeForStatus(int status) => status switch
    {
        400 => "malformed-request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not-found",
        405 => "method-not-allowed",
        406 => "not-acceptable",
        409 => "conflict",
        413 => "payload-too-large",
        415 => "unsupported-media-type",
        429 => "rate-limited",
        503 => "service-unavailable",
        504 => "timeout",
        _ => status >= 500 ? "internal" : "http-" + status,
    };

    public static ProblemDetails ToProblemDetails(this Refusal refusal)
    {
        var problem = new ProblemDetails
        {
            Type = Type(refusal.Code),
            Title = refusal.Title,
            Status = Status(refusal.Kind),
            Detail = refusal.Detail,
        };
        problem.Extensions["code"] = refusal.Code;
        if (refusal.Errors is not null)
            problem.Extensions["errors"] = refusal.Errors;
        if (refusal.Codes is not null)
            problem.Extensions["codes"] = refusal.Codes;
        return problem;
    }

    public static IResult ToProblem(this Refusal refusal) => TypedResults.Problem(refusal.ToProblemDetails());

    public static IResult ToHttp<T>(this Result<T> result, Func<T, IResult> onSuccess) =>
        result.Refusal is { } refusal ? refusal.ToProblem() : onSuccess(result.Value!);

    /// <summary>Gives framework-made problems (401, 404 of an unknown route, ...) a stable type as well.</summary>
    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        if (problem.Type is null || !problem.Type.StartsWith(TypeBase, StringComparison.Ordinal))
        {
            var code = CodeForStatus(status);
            problem.Type = Type(code);
            problem.Extensions["code"] = code;
        }
    }
}

/// <summary>Maps exceptions to problems: bad input becomes 400 with details, anything else a bare 500.</summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ISqlDialect dialect,
    ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    /// <summary>How long a client should wait before retrying when the database is out of reach.</summary>
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception,
        CancellationToken cancellationToken)
    {
        ProblemDetails problem;
        switch (exception)
        {
            case RequestValidationException validation:
                problem = Refusal.Invalid(validation.Errors).ToProblemDetails();
                break;
            case BadHttpRequestException bad:
                problem = new ProblemDetails
                {
                    Status = bad.StatusCode,
                    Title = bad.StatusCode == 400 ? "The request could not be read." : "The request was refused.",
                    // The JSON reader's message names the offending path and position, which is what a client needs.
                    Detail = bad.InnerException is System.Text.Json.JsonException json ? json.Message : bad.Message,
                };
                // The member the reader stopped at, named as the client spelt it ("$.startsAt" is "startsAt").
                if (bad.InnerException is System.Text.Json.JsonException { Path: { Length: > 2 } path } reading)
                {
                    var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
                    problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [reading.Message] };
                }
                break;
            case var outage when dialect.IsUnavailable(outage):
                // Pool exhausted, too many connections, a timeout, the server gone: the request was fine, the moment
                // was not.
                logger.LogWarning("Database unavailable for {Method} {Path}: {Error}", httpContext.Request.Method,
                    httpContext.Request.Path, exception.GetBaseException().Message);
                httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                problem = new ProblemDetails
                {
                    Status = 503, Title = "The database is not available right now.", Detail = "Retry after a few seconds.",
                };
                break;
            default:
                logger.LogError(exception, "Unhandled exception for {Method} {Path}", httpContext.Request.Method,
                    httpContext.Request.Path);
                problem = new ProblemDetails { Status = 500, Title = "An unexpected error occurred." };
                break;
        }

        httpContext.Response.StatusCode = problem.Status ?? 500;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }
}

public static class ProblemMetadata
{
    /// <summary>Declares the problem responses an endpoint can give, plus 401/403 where a token is needed.</summary>
    public static RouteHandlerBuilder ProducesErrors(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses.Concat([401, 403]).Distinct().Order())
            builder.ProducesProblem(status);
        return builder;
    }
}

/// <summary>
/// Writes every problem as application/problem+json, whatever the request's Accept header says (RFC 9110 lets an
/// error ignore it): the default writer gave an empty body to a client that asked for, say, text/calendar only.
/// </summary>
public sealed class ProblemJsonWriter(Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= http.Response.StatusCode;
        problem.Title ??= Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(problem.Status.Value);
        problem.Extensions.TryAdd("traceId", System.Diagnostics.Activity.Current?.Id ?? http.TraceIdentifier);
        Problems.Customize(context);
        return new ValueTask(http.Response.WriteAsJsonAsync(problem, problem.GetType(), json.Value.SerializerOptions,
            "application/problem+json", http.RequestAborted));
    }
}

// The shape of a request as HTTP receives it: the pipeline's ValidationBehavior asks it, and its exception is mapped
// above to a 400. It lives in Http, below the pipeline, so that Behaviors -> Http is the one direction between the two
// (and in this file, which every command already reads, rather than one more).

/// <summary>A request that can check its own shape (required fields, ranges, lengths) before any I/O.</summary>
public interface IValidate
{
    void Validate(ValidationErrors errors);
}

public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public ValidationErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
            _errors[field] = list = [];
        list.Add(message);
        return this;
    }

    public ValidationErrors Required(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value)) Add(field, "is required");
        else if (value.Length > maxLength) Add(field, $"must be at most {maxLength} characters");
        return this;
    }

    public ValidationErrors Optional(string field, string? value, int maxLength)
    {
        if (value is not null && value.Length > maxLength) Add(field, $"must be at most {maxLength} characters");
        return this;
    }

    /// <summary>A date within the years a salon can mean (see <see cref="DateBounds"/>).</summary>
    public ValidationErrors Date(string field, DateOnly? value)
    {
        if (value is { } d && !DateBounds.Within(d))
            Add(field,
                $"must be between {DateBounds.Earliest:yyyy-MM-dd} and {DateBounds.Latest:yyyy-MM-dd}");
        return this;
    }

    public ValidationErrors Range(string field, long value, long min, long max)
    {
        if (value < min || value > max) Add(field, $"must be between {min} and {max}");
        return this;
    }

    public ValidationErrors Rubles(string field, decimal value, bool allowZero = false)
    {
        if (!Kopecks.TryFromRubles(value, out var k)) Add(field, "must have at most two decimals");
        else if (k.Value < (allowZero ? 0 : 1) || k > Kopecks.Max) Add(field,
            $"must be between {(allowZero ? "0" : "0.01")} and {Kopecks.Max.ToRubles():0}");
        return this;
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e
        => e.Value.ToArray());
}

/// <summary>Thrown by the pipeline when a request's shape is wrong; mapped once to a 400 problem.</summary>
public sealed class RequestValidationException(IReadOnlyDictionary<string,
    string[]> errors) : Exception("The request is invalid.")
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}
