using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Salon.Domain;

namespace Salon.Api.Infrastructure.Http;

/// <summary>
/// Login and sign-up are what a password guesser hammers. Three fixed windows per minute: per client address (the
/// proxy's X-Forwarded-For when the proxy is known), per login or phone (so one attacker cannot lock out a whole
/// office behind one address, and many addresses cannot guess one password), and one ceiling for all attempts.
/// </summary>
public static class RateLimits
{
    public const string Login = "login";

    public static void AddSalonRateLimits(this IServiceCollection services, IConfiguration config)
    {
        var perAddress = config.GetValue("RateLimits:LoginPerMinute", 10);
        services.AddSingleton(new LoginAttempts(
            config.GetValue("RateLimits:LoginPerAccountPerMinute",
                5), config.GetValue("RateLimits:LoginGlobalPerMinute", 300)));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(Login, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "local",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perAddress, Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0 }));
            o.OnRejected = (context, _) => new ValueTask(RejectAsync(context.HttpContext, context.Lease));
        });

        // Only the proxies named here may say who the client is; anyone else's X-Forwarded-For is ignored.
        var proxies = config.GetSection("ReverseProxy:KnownProxies").Get<string[]>() ?? [];
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
            foreach (var proxy in proxies)
                o.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                    ? address : throw new InvalidOperationException($"ReverseProxy:KnownProxies: '{proxy}' is not an IP address."));
        });
    }

    public static IApplicationBuilder UseSalonForwardedHeaders(this IApplicationBuilder app)
        => app.UseForwardedHeaders();

    private static async Task RejectAsync(HttpContext http, RateLimitLease lease)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = 429, Title = "Too many attempts; wait before trying again." },
        });
    }

    /// <summary>After the per-address limit: the per-login and global limits, which need the login from the
    /// body.</summary>
    public static IApplicationBuilder UseLoginAttemptLimits(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            var limited = http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == Login;
            if (!limited || !HttpMethods.IsPost(http.Request.Method))
            {
                await next(http);
                return;
            }
            var account = await AccountAsync(http.Request);
            var attempts = http.RequestServices.GetRequiredService<LoginAttempts>();
            using var global = attempts.Global.AttemptAcquire();
            if (!global.IsAcquired)
            {
                await RejectAsync(http, global);
                return;
            }
            if (account is not null)
            {
                using var lease = attempts.PerAccount.AttemptAcquire(account);
                if (!lease.IsAcquired)
                {
                    await RejectAsync(http, lease);
                    return;
                }
            }
            await next(http);
        });

    /// <summary>The login or phone the body names, normalized as the handlers do; null when there is none to
    /// read.</summary>
    private static async Task<string?> AccountAsync(HttpRequest request)
    {
        if (request.ContentLength is > 64 * 1024 || !(request.ContentType?.Contains("json",
            StringComparison.OrdinalIgnoreCase) ?? false))
            return null;
        request.EnableBuffering();
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body,
                cancellationToken: request.HttpContext.RequestAborted);
            if (document.RootElement.ValueKind != JsonValueKind.Object) return null;
            if (document.RootElement.TryGetProperty("login", out var login) && login.ValueKind == JsonValueKind.String)
                return "login:" + login.GetString()!.Trim().ToLowerInvariant();
            if (document.RootElement.TryGetProperty("phone", out var phone) && phone.ValueKind == JsonValueKind.String)
                return "phone:" + (PhoneNumber.TryNormalize(phone.GetString()!,
                    out var normalized) ? normalized : phone.GetString());
            return null;
        }
        catch (JsonException)
        {
            return null; // the endpoint answers 400 for it
        }
        finally
        {
            request.Body.Position = 0;
        }
    }
}

/// <summary>The per-login and global windows, one set per process.</summary>
public sealed class LoginAttempts(int perAccount, int global)
{
    public RateLimiter Global { get; } = new FixedWindowRateLimiter(
        new FixedWindowRateLimiterOptions { PermitLimit = global, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });

    public PartitionedRateLimiter<string> PerAccount { get; } = PartitionedRateLimiter.Create<string, string>(account =>
        RateLimitPartition.GetFixedWindowLimiter(account,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perAccount, Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0 }));
}
