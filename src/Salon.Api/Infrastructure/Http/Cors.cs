namespace Salon.Api.Infrastructure.Http;

/// <summary>
/// Browsers on other origins (the front-desk web client): allowed origins come from Cors:Origins, none by default.
/// The middleware runs before authentication, so a preflight is answered without a token.
/// </summary>
public static class Cors
{
    /// <summary>Response headers a script may read; the document declares the same ones.</summary>
    public static readonly string[] ExposedHeaders = ["ETag", "Location", "Retry-After", "Idempotent-Replayed",
        "Content-Disposition"];

    public static void AddSalonCors(this IServiceCollection services, IConfiguration config)
    {
        var origins = config.GetSection("Cors:Origins").Get<string[]>() ?? [];
        services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins(origins).AllowAnyHeader().AllowAnyMethod()
            .WithExposedHeaders(ExposedHeaders).SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
    }
}
