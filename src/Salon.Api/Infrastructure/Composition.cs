using System.Text.Json;
using System.Text.Json.Serialization;
using Mediator;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Salon.Api.Infrastructure.Behaviors;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;

namespace Salon.Api.Infrastructure;

public static class Composition
{
    public static void AddSalon(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;

        var database = config.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        database.DataFolder = Path.GetFullPath(database.DataFolder, builder.Environment.ContentRootPath);
        var salon = config.GetSection("Salon").Get<SalonOptions>() ?? new SalonOptions();
        salon.Check(); // fail at start-up, not on the first request, when a setting is wrong
        var jwt = config.GetSection("Jwt").Get<JwtOptions>() ?? new JwtOptions();
        var jwtKey = JwtOptions.ResolveKey(jwt.Key, database.DataFolder);

        TypeHandlers.Register();
        services.AddSingleton(database);
        services.AddSingleton(salon);
        services.AddSingleton(jwt);
        services.TryAddSingletonTimeProvider();
        services.AddSingleton(ISqlDialect.For(database.Provider));
        services.AddSingleton(new ConnectionSettings(database.ResolveConnectionString()));
        services.AddScoped<DbSession>();
        services.AddSingleton<Migrator>();
        services.AddHostedService<StartupTasks>();
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentUser>();
        services.AddScoped<IdempotencyContext>();
        services.AddSingleton<IdempotencyStore>();
        services.AddSingleton(sp => new TokenIssuer(jwtKey, jwt, sp.GetRequiredService<TimeProvider>()));

        services.AddMediator(options =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.PipelineBehaviors = [typeof(LoggingBehavior<,>), typeof(ValidationBehavior<,>), typeof(TransactionBehavior<,>)];
        });

        services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = Problems.Customize);
        services.AddExceptionHandler<ProblemExceptionHandler>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = JwtOptions.Issuer,
                ValidAudience = JwtOptions.Audience,
                IssuerSigningKey = JwtOptions.SigningKey(jwtKey),
                RoleClaimType = "role",
                NameClaimType = "name",
                ClockSkew = TimeSpan.FromSeconds(30),
            };
        });
        // Token lifetimes are checked against the app's clock, the same one the issuer stamps them with.
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<TimeProvider>((o, clock) =>
            o.TokenValidationParameters.LifetimeValidator = (notBefore, expires, _, parameters) =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                return (notBefore is null || notBefore.Value <= now + parameters.ClockSkew) && expires is { } end && now - parameters.ClockSkew < end;
            });
        services.AddAuthorization(Policies.Add);
        services.AddSalonRateLimits(config);
        services.AddSalonCors(config);

        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        services.AddEndpointsApiExplorer();
        services.AddSalonOpenApi();
    }

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (services.All(d => d.ServiceType != typeof(TimeProvider)))
            services.AddSingleton(TimeProvider.System);
    }

    public static void ConfigureJson(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.Converters.Add(new InstantConverter());
        options.Converters.Add(new DateConverter());
        // Missing required members and nulls in non-nullable ones are refused by the reader: 400, not a half-filled command.
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.NumberHandling = JsonNumberHandling.Strict;
        // A misspelt or invented member ("price", "status" on a booking) is refused, not silently dropped.
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
    }

    public static void UseSalon(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseDesk(); // static files, before authorization: the page itself needs no token
        app.UseCors();
        app.UseIdempotencyBuffering();
        app.UseStatusCodePages();
        app.UseSalonOpenApi();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseStrictQuery();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
    }
}

/// <summary>Ready means the database answers a query.</summary>
public sealed class DatabaseHealthCheck(ISqlDialect dialect, ConnectionSettings settings) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = dialect.CreateConnection(settings.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM schema_migrations";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", ex);
        }
    }
}
