using Salon.Api.Infrastructure.Behaviors;
using Mediator;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Accounts;

public sealed record AccountResponse(Guid ClientId, bool Active);

/// <summary>
/// Switches off a client's app login (the front desk for a lost phone, or the client themself): no more log-ins,
/// and tokens already issued stop working within seconds. The client record and its history stay.
/// </summary>
public sealed record DeactivateClientAccount(Guid ClientId) : ICommand<Result<AccountResponse>>, IClientScoped
{
    Guid? IClientScoped.ScopedClientId => ClientId;

    internal sealed class Handler(DbSession db,
        SecurityStamps stamps) : ICommandHandler<DeactivateClientAccount, Result<AccountResponse>>
    {
        public async ValueTask<Result<AccountResponse>> Handle(DeactivateClientAccount command, CancellationToken ct)
        {
            var accountId = await db.ScalarAsync<Guid?>("SELECT id FROM client_accounts WHERE client_id = @clientId",
                new { command.ClientId }, ct);
            if (accountId is null)
                return Refusal.NotFound("Client account");
            await db.ExecuteAsync("UPDATE client_accounts SET active = @active WHERE id = @accountId",
                new { active = false, accountId }, ct);
            await stamps.RotateAsync(db, accountId.Value, ct);
            return new AccountResponse(command.ClientId, false);
        }
    }
}
