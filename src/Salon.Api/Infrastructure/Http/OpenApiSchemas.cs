using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Salon.Api.Infrastructure.Http;

/// <summary>
/// Lists the members a body always carries. Reading: a constructor parameter without a default is required by the
/// serializer (RespectRequiredConstructorParameters), as is a C# required member. Writing: every member is written,
/// so those same members plus computed read-only ones are always present.
/// </summary>
internal sealed class RequiredMembersFilter(IApiDescriptionGroupCollectionProvider api) : ISchemaFilter
{
    private HashSet<Type>? _read;

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema { Properties.Count: > 0 } concrete || context.Type.IsPrimitive
            || context.Type.IsEnum)
            return;
        // A type the API only writes (a response read by Dapper into init properties) carries every member.
        var writtenOnly = !ReadTypes().Contains(context.Type);
        var ctor = context.Type.GetConstructors().MaxBy(c => c.GetParameters().Length);
        var parameters = ctor?.GetParameters() ?? [];
        foreach (var property in context.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
                ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            if (!concrete.Properties.ContainsKey(name))
                continue;
            var parameter = parameters.FirstOrDefault(p => string.Equals(p.Name, property.Name,
                StringComparison.OrdinalIgnoreCase));
            var required = writtenOnly || property.IsDefined(typeof(RequiredMemberAttribute))
                || parameter is { HasDefaultValue: false }
                || (parameter is null && property.SetMethod is null);
            if (required)
                (concrete.Required ??= new SortedSet<string>(StringComparer.Ordinal)).Add(name);
        }
    }

    /// <summary>Every type a request body holds, nested members included.</summary>
    private HashSet<Type> ReadTypes()
    {
        if (_read is not null)
            return _read;
        var read = new HashSet<Type>();
        var pending = new Stack<Type>(api.ApiDescriptionGroups.Items.SelectMany(g => g.Items)
            .SelectMany(d => d.ParameterDescriptions).Where(p => p.Source == BindingSource.Body).Select(p => p.Type));
        while (pending.TryPop(out var type))
        {
            if (type.IsPrimitive || type == typeof(string) || !read.Add(type))
                continue;
            foreach (var argument in type.IsArray ? [type.GetElementType()!] : type.GetGenericArguments())
                pending.Push(argument);
            if (type.Namespace?.StartsWith("Salon", StringComparison.Ordinal) == true)
                foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                    pending.Push(property.PropertyType);
        }
        return _read = read;
    }
}

/// <summary>
/// A nullable member that refers to another schema is "null or that schema". The generator writes it as
/// type null AND the schema, which nothing can satisfy; this states the union (anyOf) instead.
/// </summary>
internal sealed class NullableReferencesFilter : IDocumentFilter
{
    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        foreach (var schema in document.Components?.Schemas?.Values ?? [])
            if (schema is OpenApiSchema { Properties: { } properties })
                foreach (var (name, property) in properties.ToList())
                    if (property is OpenApiSchema { Type: JsonSchemaType.Null, AllOf: [var target] } nullable)
                        properties[name] = new OpenApiSchema
                        {
                            Description = nullable.Description,
                            AnyOf = [new OpenApiSchema { Type = JsonSchemaType.Null }, target],
                        };
    }
}
