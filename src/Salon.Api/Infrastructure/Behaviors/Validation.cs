using Mediator;
using Salon.Domain;

namespace Salon.Api.Infrastructure.Behaviors;

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

    /// <summary>A date within the years a salon can mean (see <see cref="Http.DateBounds"/>).</summary>
    public ValidationErrors Date(string field, DateOnly? value)
    {
        if (value is { } d && !Http.DateBounds.Within(d))
            Add(field,
                $"must be between {Http.DateBounds.Earliest:yyyy-MM-dd} and {Http.DateBounds.Latest:yyyy-MM-dd}");
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

public sealed class ValidationBehavior<TMessage, TResponse> : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IValidate, IMessage
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        message.Validate(errors);
        if (errors.Any)
            throw new RequestValidationException(errors.ToDictionary());
        return next(message, cancellationToken);
    }
}
