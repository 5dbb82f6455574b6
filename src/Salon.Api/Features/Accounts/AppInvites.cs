using Salon.Api.Infrastructure.Behaviors;
using System.Security.Cryptography;
using Mediator;
using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Accounts;

/// <summary>The code is shown once, to be read out or texted to the client; only its hash is kept.</summary>
public sealed record AppInviteResponse(Guid ClientId, string Code, DateTimeOffset ExpiresAt);

/// <summary>
/// The front desk lets a client it registered open an app account with that phone: a short-lived, single-use code.
/// A new code supersedes the previous one; a client gets at most Salon:AppInvitesPerHour codes in any hour.
/// </summary>
public sealed record IssueAppInvite(Guid ClientId) : ICommand<Result<AppInviteResponse>>, IClientScoped
{
    Guid? IClientScoped.ScopedClientId => ClientId;

    internal sealed class Handler(DbSession db, TimeProvider clock, CurrentUser user, SalonOptions salon)
        : ICommandHandler<IssueAppInvite, Result<AppInviteResponse>>
    {
        public async ValueTask<Result<AppInviteResponse>> Handle(IssueAppInvite command, CancellationToken ct)
        {
            // Serialises invites for one client, so the hourly count cannot be raced past.
            if (!await ClientLock.TakeAsync(db, command.ClientId, ct))
                return Refusal.NotFound("Client");
            if (await db.ScalarAsync<int>("SELECT COUNT(*) FROM client_accounts WHERE client_id = @clientId",
                new { command.ClientId }, ct) > 0)
                return new Refusal(RefusalKind.Conflict, "app-account-exists", "The client already has an app account",
                    "The client logs in with their phone and password.");
            var now = clock.GetUtcNow();
            var since = now.AddHours(-1);
            var recent = (await db.QueryAsync<DateTimeOffset>(
                "SELECT created_at FROM app_invites WHERE client_id = @clientId AND created_at > @since ORDER BY created_at",
                new { command.ClientId, since }, ct)).ToList();
            if (recent.Count >= salon.AppInvitesPerHour)
                return new Refusal(RefusalKind.TooManyRequests, "too-many-invites",
                    "Too many activation codes for this client",
                    $"At most {salon.AppInvitesPerHour} codes an hour.") { RetryAfter = recent[^salon.AppInvitesPerHour].AddHours(1) - now };

            await db.ExecuteAsync("""
                UPDATE app_invites SET superseded_at = @now WHERE client_id = @clientId AND used_at IS NULL AND superseded_at IS NULL
                """, new { now, command.ClientId }, ct);
            var code = AppInviteCode.New();
            var expiresAt = now.AddMinutes(salon.AppInviteMinutes);
            await db.ExecuteAsync("""
                INSERT INTO app_invites (id, client_id, code_hash, created_at, created_by, expires_at, used_at, superseded_at)
                VALUES (@id, @clientId, @hash, @now, @by, @expiresAt, NULL, NULL)
                """, new { id = Guid.CreateVersion7(), command.ClientId, hash = AppInviteCode.Hash(command.ClientId, code), now, by = user.Id, expiresAt }, ct);
            return new AppInviteResponse(command.ClientId, code, expiresAt);
        }
    }
}

internal static class AppInviteCode
{
    public const int Digits = 8;

    /// <summary>Eight digits: easy to read out at the desk; guessing is bounded by the sign-up rate limit and the
    /// expiry.</summary>
    public static string New() => RandomNumberGenerator.GetInt32(0, 100_000_000).ToString("D8",
        System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Salted with the client id, so equal codes of two clients differ in the table.</summary>
    public static string Hash(Guid clientId, string code) =>
        Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{clientId:N}:{code.Trim()}")));

    /// <summary>
    /// Takes the code: exactly one caller can stamp an unused, unsuperseded, unexpired invite, so two sign-ups racing
    /// with one code give one account.
    /// </summary>
    public static async Task<bool> RedeemAsync(DbSession db, Guid clientId, string code, DateTimeOffset now,
        CancellationToken ct) =>
        await db.ExecuteAsync("""
            UPDATE app_invites SET used_at = @now
            WHERE client_id = @clientId AND code_hash = @hash AND used_at IS NULL AND superseded_at IS NULL AND expires_at > @now
            """, new { now, clientId, hash = Hash(clientId, code) }, ct) == 1;
}
