using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Primitives;
using Salon.Domain;

namespace Salon.Api.Infrastructure.Http;

/// <summary>
/// Query strings follow the JSON's spellings: enums are their snake_case names, dates exactly yyyy-MM-dd, times carry
/// an offset. The framework's binder is lenient (any case, integers, culture dates, local times), so the endpoint's
/// declared query parameters are checked here first and every refusal names the parameter and the accepted form.
/// </summary>
public static partial class StrictQuery
{
    public static void UseStrictQuery(this WebApplication app) => app.Use(async (context, next) =>
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<MethodInfo>() is { } handler && Check(context.Request,
            handler) is { } refusal)
        {
            await refusal.ToProblem().ExecuteAsync(context);
            return;
        }
        await next(context);
    });

    private static Refusal? Check(HttpRequest request, MethodInfo handler)
    {
        var declared = Declared.GetOrAdd(handler, QueryParameters);
        if (declared.Length == 0 || request.Query.Count == 0)
            return null;
        ValidationErrors? errors = null;
        Dictionary<string, StringValues>? rewritten = null;
        foreach (var (name, type) in declared)
        {
            if (!request.Query.TryGetValue(name, out var values))
                continue;
            foreach (var value in values)
            {
                if (type == typeof(DateOnly) && !IsDate(value))
                    (errors ??= new()).Add(name, "must be a date written yyyy-MM-dd");
                else if (type == typeof(DateTimeOffset) && !IsInstant(value))
                    (errors ??= new()).Add(name,
                        "must be an ISO 8601 time with an offset, e.g. 2026-12-03T12:00:00%2B03:00 or ...Z");
                else if (type.IsEnum)
                {
                    var names = EnumNames(type);
                    if (value is null || !names.TryGetValue(value, out var member))
                        (errors ??= new()).Add(name, $"must be one of: {string.Join(", ", names.Keys)}");
                    else
                        (rewritten ??= new(StringComparer.OrdinalIgnoreCase))[name] = member;
                }
            }
        }
        if (errors is { Any: true })
            return new Refusal(RefusalKind.Validation, "malformed-request",
                "The request could not be read.") { Errors = errors.ToDictionary() };
        if (rewritten is null)
            return null;
        // The binder parses C# member names; hand it the member the documented name stands for.
        var query = request.Query.ToDictionary(q => q.Key, q => rewritten.TryGetValue(q.Key, out var v) ? v : q.Value);
        request.QueryString = QueryString.Create(query);
        return null;
    }

    /// <summary>The handler's query parameters, by the name the query uses and the type underneath any
    /// nullable.</summary>
    private static (string Name, Type Type)[] QueryParameters(MethodInfo handler) =>
        handler.GetParameters()
            .Where(p => p.Name is not null && p.IsDefined(typeof(FromQueryAttribute)))
            .Select(p => (p.GetCustomAttribute<FromQueryAttribute>()?.Name ?? p.Name!,
                Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType))
            .ToArray();

    // Read once per endpoint: reading the attributes by reflection was an eighth of a cached search's CPU.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<MethodInfo, (string Name, Type Type)[]>
        Declared = new();

    public static bool IsDate(string? value) =>
        value is { Length: 10 } && DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture,
            DateTimeStyles.None, out _);

    public static bool IsInstant(string? value) =>
        value is not null && Instant().IsMatch(value) && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture,
            DateTimeStyles.None, out _);

    /// <summary>Documented name (as the JSON writes it) to C# member name.</summary>
    public static IReadOnlyDictionary<string, string> EnumNames(Type type) => Names.GetOrAdd(type, t =>
        t.GetFields(BindingFlags.Public | BindingFlags.Static).ToDictionary(
            f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
                ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(f.Name),
            f => f.Name, StringComparer.Ordinal));

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, IReadOnlyDictionary<string, string>> Names = new();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex Instant();
}
