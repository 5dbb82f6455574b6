namespace Salon.Domain;

/// <summary>The kinds of expected refusal; the HTTP edge maps each to one status code.</summary>
public enum RefusalKind
{
    Validation,
    NotFound,
    Conflict,
    PreconditionFailed,
    PreconditionRequired,
    BusinessRule,
    Forbidden,
    Unauthorized,
    TooManyRequests,
}

/// <summary>An expected "no" from a use case: a stable machine-readable code, a title and a human detail.</summary>
public sealed record Refusal(RefusalKind Kind, string Code, string Title, string? Detail = null)
{
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    /// <summary>The rule codes behind a refusal (e.g. the screening questions that block a service).</summary>
    public IReadOnlyList<string>? Codes { get; init; }

    /// <summary>
    /// The refusal is itself a recorded outcome and its writes must stay: a failed day-of health check refuses the
    /// check-in and cancels the visit in the same breath.
    /// </summary>
    public bool KeepChanges { get; init; }

    /// <summary>With <see cref="RefusalKind.TooManyRequests"/>: how long until a retry can succeed.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static Refusal NotFound(string what) => new(RefusalKind.NotFound, "not-found", "Not found",
        $"{what} was not found.");

    public static Refusal Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        new(RefusalKind.Validation, "validation", "One or more fields are invalid.") { Errors = errors };

    public static Refusal Invalid(string field, string error) => Invalid(new Dictionary<string,
        string[]> { [field] = [error] });

    public static Refusal StaleVersion() => new(RefusalKind.PreconditionFailed, "precondition-failed",
        "The resource has changed", "The If-Match version is not the current one; read the resource again and retry.");
}

/// <summary>Lets pipeline code see whether a result is a refusal without knowing its value type.</summary>
public interface IOutcome
{
    Refusal? Refusal { get; }
    object? BoxedValue { get; }
}

/// <summary>Either a value or a refusal: business outcomes are values, not exceptions.</summary>
public readonly struct Result<T> : IOutcome
{
    private Result(T? value, Refusal? refusal)
    {
        Value = value;
        Refusal = refusal;
    }

    public T? Value { get; }
    public Refusal? Refusal { get; }
    public bool Succeeded => Refusal is null;
    public object? BoxedValue => Value;

    public static implicit operator Result<T>(T value) => new(value, null);
    public static implicit operator Result<T>(Refusal refusal) => new(default, refusal);
}
