using Mediator;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Clients;

/// <summary>Records a consent as its own row with time, channel and who recorded it.</summary>
public sealed record RecordConsent(Guid ClientId, ConsentKind Kind, ConsentChannel Channel) : ICommand<Result<ClientResponse>>
{
    internal sealed class Handler(DbSession db, TimeProvider clock, CurrentUser user) : ICommandHandler<RecordConsent, Result<ClientResponse>>
    {
        public async ValueTask<Result<ClientResponse>> Handle(RecordConsent command, CancellationToken ct)
        {
            if (!await ClientLock.TakeAsync(db, command.ClientId, ct))
                return Refusal.NotFound("Client");
            await InsertAsync(db, command.ClientId, command.Kind, command.Channel, clock.GetUtcNow(), user.Id, ct);
            return (await ClientReader.ReadAsync(db, command.ClientId, ct))!;
        }
    }

    internal static Task<int> InsertAsync(DbSession db, Guid clientId, ConsentKind kind, ConsentChannel channel, DateTimeOffset now, Guid? recordedBy, CancellationToken ct) =>
        db.ExecuteAsync("""
            INSERT INTO client_consents (id, client_id, kind, channel, given_at, withdrawn_at, recorded_by)
            VALUES (@id, @clientId, @kind, @channel, @now, NULL, @recordedBy)
            """, new { id = Guid.CreateVersion7(), clientId, kind = Enums.Name(kind), channel = Enums.Name(channel), now, recordedBy }, ct);
}

/// <summary>Withdrawal keeps the consent row and stamps when it ended, so the history stays provable.</summary>
public sealed record WithdrawConsent(Guid ClientId, Guid ConsentId) : ICommand<Result<ClientResponse>>
{
    internal sealed class Handler(DbSession db, TimeProvider clock) : ICommandHandler<WithdrawConsent, Result<ClientResponse>>
    {
        public async ValueTask<Result<ClientResponse>> Handle(WithdrawConsent command, CancellationToken ct)
        {
            // A booking checking the consent and this withdrawal run one after the other.
            await ClientLock.TakeAsync(db, command.ClientId, ct);
            var updated = await db.ExecuteAsync("""
                UPDATE client_consents SET withdrawn_at = @now
                WHERE id = @consentId AND client_id = @clientId AND withdrawn_at IS NULL
                """, new { now = clock.GetUtcNow(), command.ConsentId, command.ClientId }, ct);
            if (updated == 0)
            {
                var exists = await db.ScalarAsync<int>("SELECT COUNT(*) FROM client_consents WHERE id = @consentId AND client_id = @clientId",
                    new { command.ConsentId, command.ClientId }, ct);
                return exists == 0
                    ? Refusal.NotFound("Consent")
                    : new Refusal(RefusalKind.Conflict, "consent-already-withdrawn", "This consent is already withdrawn");
            }
            return (await ClientReader.ReadAsync(db, command.ClientId, ct))!;
        }
    }
}
