using System.Security.Cryptography;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Salon.Api.Infrastructure.Data;
using Salon.Domain;

namespace Salon.Api.Infrastructure.Http;

/// <summary>
/// Each staff login and client account has a security stamp; tokens carry it and every request checks it, so a
/// deactivated subject loses access within <see cref="CacheFor"/> instead of at token expiry (12 hours).
/// </summary>
public sealed class SecurityStamps(ISqlDialect dialect, ConnectionSettings settings, IMemoryCache cache,
    IConfiguration config)
{
    public const string Claim = "stamp";

    public static readonly Refusal Revoked = new(RefusalKind.Unauthorized, "token-revoked",
        "This token is no longer valid", "The login was deactivated or its sessions were ended; log in again.");

    /// <summary>How long a looked-up stamp is trusted; the one instance that deactivates forgets it at once.</summary>
    public TimeSpan CacheFor { get; } = TimeSpan.FromSeconds(config.GetValue("Security:StampCacheSeconds", 5));

    private static string CacheKey(Guid subject) => "stamp:" + subject;

    public static string NewStamp() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>Gives a new subject its first stamp, inside the caller's transaction.</summary>
    public static async Task<string> CreateAsync(DbSession db, Guid subject, CancellationToken ct)
    {
        var stamp = NewStamp();
        await db.ExecuteAsync("INSERT INTO security_stamps (subject_id, stamp) VALUES (@subject, @stamp)",
            new { subject, stamp }, ct);
        return stamp;
    }

    public static Task<string?> ReadAsync(DbSession db, Guid subject, CancellationToken ct) =>
        db.ScalarAsync<string?>("SELECT stamp FROM security_stamps WHERE subject_id = @subject", new { subject }, ct);

    /// <summary>Ends every token of the subject: a new stamp that none of them carries.</summary>
    public async Task RotateAsync(DbSession db, Guid subject, CancellationToken ct)
    {
        await db.ExecuteAsync("UPDATE security_stamps SET stamp = @stamp WHERE subject_id = @subject",
            new { subject, stamp = NewStamp() }, ct);
        cache.Remove(CacheKey(subject));
    }

    public async Task<bool> IsCurrentAsync(Guid subject, string? stamp, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(stamp))
            return false;
        if (!cache.TryGetValue(CacheKey(subject), out string? current))
        {
            await using var db = new DbSession(dialect, settings);
            current = (await ReadAsync(db, subject, ct))?.Trim();
            cache.Set(CacheKey(subject), current, CacheFor);
        }
        return current is not null && CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(current), System.Text.Encoding.ASCII.GetBytes(stamp));
    }

}

public static class SecurityStampCheck
{
    /// <summary>After authentication: a valid signature is not enough, the subject's stamp must still match.</summary>
    public static IApplicationBuilder UseSecurityStamps(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            if (http.User.Identity?.IsAuthenticated == true)
            {
                var stamps = http.RequestServices.GetRequiredService<SecurityStamps>();
                var subject = Guid.TryParse(http.User.FindFirst(JwtRegisteredClaimNames.Sub)?.Value,
                    out var id) ? id : Guid.Empty;
                if (!await stamps.IsCurrentAsync(subject, http.User.FindFirst(SecurityStamps.Claim)?.Value,
                    http.RequestAborted))
                {
                    http.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
                    await SecurityStamps.Revoked.ToProblem().ExecuteAsync(http);
                    return;
                }
            }
            await next(http);
        });
}
