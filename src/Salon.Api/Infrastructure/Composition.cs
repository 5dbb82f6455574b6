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
        // Next to the application, not the working directory: started from another folder it finds the same data.
        database.DataFolder = Path.GetFullPath(database.DataFolder, AppContext.BaseDirectory);
        var salon = config.GetSection("Salon").Get<SalonOptions>() ?? new SalonOptions();
        salon.Check(); // fail at start-up, not on the first request, when a setting is wrong
        var jwt = config.GetSection("Jwt").Get<JwtOptions>() ?? new JwtOptions();
        var jwtKey = JwtOptions.ResolveKey(jwt.Key, database.DataFolder);

        // dotnet run's launch profile sets no URL, so ASPNETCORE_URLS and --urls are honoured; without them, port 5080.
        if (new[] { "urls", "http_ports", "https_ports" }.All(k => string.IsNullOrEmpty(config[k])) &&
            !config.GetSection("Kestrel:Endpoints").Exists())
            builder.WebHost.UseUrls("http://localhost:5080");

        TypeHandlers.Register();
        services.AddSingleton(database);
        services.AddSingleton(salon);
        services.AddSingleton(jwt);
        services.TryAddSingletonTimeProvider();
        services.AddSingleton(ISqlDialect.For(database.Provider));
        services.AddSingleton(new ConnectionSettings(database.ResolveConnectionString()));
        services.AddScoped<DbSession>();
        services.AddSingleton<CommitTokens>();
        services.AddSingleton<Events.OutboxSignal>();
        services.AddSingleton<Migrator>();
        services.AddHostedService<StartupTasks>();
        services.AddHostedService<Events.OutboxPublisher>(); // after the migrations: hosted services start in order
        services.AddSingleton<Http.IdempotencyKeySweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<Http.IdempotencyKeySweeper>());
        foreach (var task in typeof(StartupTasks).Assembly.GetTypes()
                     .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IStartupTask).IsAssignableFrom(t)))
            services.AddScoped(typeof(IStartupTask), task);
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentUser>();
        services.AddScoped<IdempotencyContext>();
        services.AddSingleton<IdempotencyStore>();
        services.AddMemoryCache();
        // Bounds how long a request may hold its transaction, which is what lets a retry take over a dead key.
        services.AddRequestTimeouts(o => o.DefaultPolicy = new Microsoft.AspNetCore.Http.Timeouts.RequestTimeoutPolicy
        {
            Timeout = TimeSpan.FromSeconds(salon.RequestTimeoutSeconds),
            TimeoutStatusCode = StatusCodes.Status504GatewayTimeout,
        });
        services.AddSingleton<SecurityStamps>();
        services.AddSingleton(sp => new TokenIssuer(jwtKey, jwt, sp.GetRequiredService<TimeProvider>()));

        services.AddMediator(options =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.PipelineBehaviors = [typeof(LoggingBehavior<,>), typeof(ValidationBehavior<,>),
                typeof(TransactionBehavior<,>),
                typeof(ClientScopeBehavior<,>)];
        });

        services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>(); // before the default writer, which honours Accept
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
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<TimeProvider>((o,
            clock) =>
            o.TokenValidationParameters.LifetimeValidator = (notBefore, expires, _, parameters) =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                return (notBefore is null || notBefore.Value <= now + parameters.ClockSkew) && expires is { } end
                    && now - parameters.ClockSkew < end;
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
        options.Converters.Add(new ControlCharacters.JsonGuard());
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.Converters.Add(new InstantConverter());
        options.Converters.Add(new DateConverter());
        // Missing required members and nulls in non-nullable ones are refused by the reader: 400, not a half-filled
        // command.
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.NumberHandling = JsonNumberHandling.Strict;
        // A misspelt or invented member ("price", "status" on a booking) is refused, not silently dropped.
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
    }

    public static void UseSalon(this WebApplication app)
    {
        app.UseSalonForwardedHeaders();
        app.UseExceptionHandler();
        app.UseDesk(); // static files, before authorization: the page itself needs no token
        app.UseCors();
        app.UseControlCharacterGuard();
        app.UseIdempotencyBuffering();
        app.UseStatusCodePages();
        app.UseSalonOpenApi();
        app.UseAuthentication();
        app.UseSecurityStamps();
        app.UseRateLimiter();
        app.UseLoginAttemptLimits();
        app.UseAuthorization();
        app.UseStrictQuery();
        app.UseRequestTimeouts();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c
            => c.Tags.Contains("ready") }).AllowAnonymous();
    }
}

/// <summary>Ready means the database answers a query.</summary>
public sealed class DatabaseHealthCheck(ISqlDialect dialect, ConnectionSettings settings) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context,
        CancellationToken cancellationToken = default)
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
