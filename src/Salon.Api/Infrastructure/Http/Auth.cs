using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Salon.Api.Infrastructure.Http;

public static class Roles
{
    public const string Admin = "admin";
    public const string FrontDesk = "frontdesk";
    public const string Therapist = "therapist";
    public const string Client = "client";

    public static readonly string[] Staff = [Admin, FrontDesk, Therapist];
    public static bool IsStaff(string role) => Staff.Contains(role);
}

/// <summary>Named authorization policies: every endpoint names one, and the fallback demands a signed-in
/// user.</summary>
public static class Policies
{
    public const string Admin = "admin";
    public const string Desk = "desk";     // admin and front desk
    public const string Staff = "staff";   // admin, front desk and therapists
    public const string DeskOrClient = "desk-or-client"; // the front desk for anyone, a client for themself
    public const string ClientOnly = "client";
    public const string AdminOrClient = "admin-or-client"; // raw health data: the admin, or a client for themself
    public const string Any = "any"; // every role; the handler narrows clients and therapists to their own

    public static void Add(Microsoft.AspNetCore.Authorization.AuthorizationOptions options)
    {
        options.AddPolicy(Admin, p => p.RequireRole(Roles.Admin));
        options.AddPolicy(Desk, p => p.RequireRole(Roles.Admin, Roles.FrontDesk));
        options.AddPolicy(Staff, p => p.RequireRole(Roles.Staff));
        options.AddPolicy(DeskOrClient, p => p.RequireRole(Roles.Admin, Roles.FrontDesk, Roles.Client));
        options.AddPolicy(ClientOnly, p => p.RequireRole(Roles.Client));
        options.AddPolicy(AdminOrClient, p => p.RequireRole(Roles.Admin, Roles.Client));
        options.AddPolicy(Any, p => p.RequireRole(Roles.Admin, Roles.FrontDesk, Roles.Therapist, Roles.Client));
        options.FallbackPolicy = new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
    }
}

public sealed class JwtOptions
{
    public const string Issuer = "salon";
    public const string Audience = "salon-api";

    /// <summary>HMAC key, at least 32 bytes. When empty one is generated and kept in the data folder.</summary>
    public string? Key { get; set; }

    public TimeSpan StaffTokenLifetime { get; set; } = TimeSpan.FromHours(12);

    public static SymmetricSecurityKey SigningKey(string key) => new(Encoding.UTF8.GetBytes(key));

    /// <summary>Reads the configured key, or a generated one persisted beside the SQLite file so restarts keep tokens
    /// valid.</summary>
    public static string ResolveKey(string? configured, string dataFolder)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (Encoding.UTF8.GetByteCount(configured) < 32)
                throw new InvalidOperationException("Jwt:Key must be at least 32 bytes.");
            return configured;
        }

        Directory.CreateDirectory(dataFolder);
        var path = Path.Combine(dataFolder, "jwt.key");
        if (File.Exists(path))
            return File.ReadAllText(path).Trim();
        var generated = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        File.WriteAllText(path, generated);
        return generated;
    }
}

public sealed record IssuedToken(string AccessToken, DateTimeOffset ExpiresAt, string Role);

public sealed class TokenIssuer(string key, JwtOptions options, TimeProvider clock)
{
    public const string TherapistIdClaim = "therapist_id";
    public const string ClientIdClaim = "client_id";

    public IssuedToken Issue(Guid subject, string login, string role, Guid? therapistId = null, Guid? clientId = null,
        string? stamp = null)
    {
        var now = clock.GetUtcNow();
        var expires = now + options.StaffTokenLifetime;
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = subject.ToString(),
            [JwtRegisteredClaimNames.Name] = login,
            ["role"] = role,
        };
        if (therapistId is { } t) claims[TherapistIdClaim] = t.ToString();
        if (clientId is { } c) claims[ClientIdClaim] = c.ToString();
        if (stamp is not null) claims[SecurityStamps.Claim] = stamp.Trim();

        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = JwtOptions.Issuer,
            Audience = JwtOptions.Audience,
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(JwtOptions.SigningKey(key), SecurityAlgorithms.HmacSha256),
        });
        return new IssuedToken(token, expires, role);
    }
}

/// <summary>Who is calling, read from the validated token.</summary>
public sealed class CurrentUser(IHttpContextAccessor accessor)
{
    private ClaimsPrincipal? Principal => accessor.HttpContext?.User;

    public Guid? Id => Guid.TryParse(Principal?.FindFirstValue(JwtRegisteredClaimNames.Sub), out var id) ? id : null;
    public string? Role => Principal?.FindFirstValue("role");
    public Guid? TherapistId => Guid.TryParse(Principal?.FindFirstValue(TokenIssuer.TherapistIdClaim),
        out var id) ? id : null;
    public Guid? ClientId => Guid.TryParse(Principal?.FindFirstValue(TokenIssuer.ClientIdClaim),
        out var id) ? id : null;

    /// <summary>Who may act for which client, in one place: staff for anyone, a client only for themself.</summary>
    public bool MayActFor(Guid clientId) => Role != Roles.Client || ClientId == clientId;

    /// <summary>The client a request is about: a client's own; for staff, the one asked for (or none).</summary>
    public Guid? ClientScope(Guid? requested) => Role == Roles.Client ? ClientId : requested;
}

/// <summary>PBKDF2-HMAC-SHA512 at the OWASP-recommended work factor; the format carries its parameters so they can rise
/// later.</summary>
public static class PasswordHasher
{
    private const int Iterations = 210_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations, HashAlgorithmName.SHA512, HashBytes);
        return $"pbkdf2-sha512${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    public static bool Verify(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != "pbkdf2-sha512" || !int.TryParse(parts[1], out var iterations))
            return false;
        var salt = Convert.FromBase64String(parts[2]);
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA512, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Spends the same time as a real check when the login is unknown, so timing does not reveal which logins
    /// exist.</summary>
    public static readonly string DummyHash = Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)));
}
