using Salon.Api.Infrastructure.Data;
using Salon.Domain;

namespace Salon.Api.Features.Shared;

/// <summary>A list under a parent that does not exist is 404, not an empty list that hides a wrong id.</summary>
public static class Parents
{
    public static async Task<Refusal?> ClientAsync(DbSession db, Guid clientId, CancellationToken ct) =>
        await db.ScalarAsync<long>("SELECT COUNT(*) FROM clients WHERE id = @clientId", new { clientId }, ct) == 0
            ? Refusal.NotFound("Client")
            : null;
}
