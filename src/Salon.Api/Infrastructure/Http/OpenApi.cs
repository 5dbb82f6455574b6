using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Salon.Api.Infrastructure.Http;

public static class OpenApi
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/salon.v1.json";

    public static void AddSalonOpenApi(this IServiceCollection services)
    {
        services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = "Salon API",
                Version = "v1",
                Description = "Booking and billing for lymphatic drainage salons. Errors are RFC 9457 problem details with a stable type.",
            });
            o.AddSecurityDefinition("bearer", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A token from POST /api/v1/auth/token.",
            });
            o.OperationFilter<BearerRequirementFilter>();
            o.CustomOperationIds(e
                => e.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName);
            o.SupportNonNullableReferenceTypes();
            o.UseAllOfToExtendReferenceSchemas();
            o.SchemaFilter<RequiredMembersFilter>();
            o.SchemaFilter<ProblemSchemaFilter>();
            o.OperationFilter<ContractOperationFilter>();
            o.DocumentFilter<NullableReferencesFilter>();
        });
        // Schemas follow the serializer the endpoints use (snake_case enum names, camelCase members), not MVC's
        // defaults.
        services.Replace(ServiceDescriptor.Transient<ISerializerDataContractResolver>(sp =>
            new JsonSerializerDataContractResolver(sp.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions)));
    }

    public static void UseSalonOpenApi(this WebApplication app)
    {
        app.UseSwagger(o =>
        {
            o.RouteTemplate = "/openapi/salon.{documentName}.json";
            // 3.1 schemas are JSON Schema: nullable members are type unions a validator and a generator both read.
            o.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
        });
        // The UI is a developer's tool: off in Production unless OpenApi:SwaggerUi says otherwise.
        if (!app.Configuration.GetValue("OpenApi:SwaggerUi", !app.Environment.IsProduction()))
            return;
        app.UseSwaggerUI(o =>
        {
            o.SwaggerEndpoint(DocumentPath, "Salon API v1");
            o.RoutePrefix = "swagger";
        });
    }

    /// <summary>Marks every operation that needs a token, so the document says exactly which calls are
    /// anonymous.</summary>
    private sealed class BearerRequirementFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<IAllowAnonymous>().Any())
                return;
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer",
                context.Document)] = [] }];
        }
    }
}
