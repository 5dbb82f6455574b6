using Mediator;
using Salon.Api.Infrastructure.Behaviors;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Clients;

/// <summary>
/// Records a consent as its own row with time, channel and who recorded it; health consent with its text version and
/// purpose, a guardian's with the guardian named (<see cref="ConsentRules"/> decides what is accepted from whom).
/// </summary>
public sealed record RecordConsent(Guid ClientId, ConsentKind Kind, ConsentChannel Channel,
    ConsentRecorder Recorder = ConsentRecorder.Desk,
    string? GuardianName = null, string? GuardianRelation = null,
        string? GuardianDocument = null) : ICommand<Result<ClientResponse>>, IValidate, IClientScoped
{
    Guid? IClientScoped.ScopedClientId => ClientId;

    public void Validate(ValidationErrors errors) =>
        errors.Optional("guardianName", GuardianName, 200).Optional("guardianRelation", GuardianRelation,
            50).Optional("guardianDocument", GuardianDocument, 200);

    internal sealed class Handler(DbSession db, TimeProvider clock,
        CurrentUser user) : ICommandHandler<RecordConsent, Result<ClientResponse>>
    {
        public async ValueTask<Result<ClientResponse>> Handle(RecordConsent command, CancellationToken ct)
        {
            if (!await ClientLock.TakeAsync(db, command.ClientId, ct))
                return Refusal.NotFound("Client");
            var birth = await db.ScalarAsync<string?>("SELECT birth_date FROM clients WHERE id = @clientId",
                new { command.ClientId }, ct);
            if (ConsentRules.Check(Enums.Name(command.Kind), Enums.Name(command.Channel), command.Recorder,
                birth is not null,
                    command.GuardianName, command.GuardianRelation, command.GuardianDocument) is { } refused)
                return refused;
            var health = command.Kind == ConsentKind.HealthData;
            await db.ExecuteAsync("""
                INSERT INTO client_consents (id, client_id, kind, channel, given_at, withdrawn_at, recorded_by,
                    text_version, purpose,
                    guardian_name, guardian_relation, guardian_document)
                VALUES (@id, @clientId, @kind, @channel, @now, NULL, @recordedBy, @textVersion, @purpose,
                    @guardianName, @guardianRelation, @guardianDocument)
                """, new
            {
                id = Guid.CreateVersion7(), command.ClientId, command.Kind,
                    command.Channel,
                now = clock.GetUtcNow(), recordedBy = user.Id,
                    textVersion = health ? ConsentRules.HealthTextVersion : null,
                purpose = health ? ConsentRules.HealthPurpose : null, guardianName = command.GuardianName?.Trim(),
                guardianRelation = command.GuardianRelation?.Trim(),
                    guardianDocument = command.GuardianDocument?.Trim(),
            }, ct);
            return (await ClientReader.ReadAsync(db, command.ClientId, ct))!;
        }
    }

    internal static Task<int> InsertAsync(DbSession db, Guid clientId, ConsentKind kind, ConsentChannel channel,
        DateTimeOffset now, Guid? recordedBy, CancellationToken ct) =>
        db.ExecuteAsync("""
            INSERT INTO client_consents (id, client_id, kind, channel, given_at, withdrawn_at, recorded_by)
            VALUES (@id, @clientId, @kind, @channel, @now, NULL, @recordedBy)
            """, new { id = Guid.CreateVersion7(), clientId, kind, channel, now, recordedBy }, ct);
}

/// <summary>Withdrawal keeps the consent row and stamps when it ended, so the history stays provable.</summary>
public sealed record WithdrawConsent(Guid ClientId, Guid ConsentId) : ICommand<Result<ClientResponse>>, IClientScoped
{
    Guid? IClientScoped.ScopedClientId => ClientId;

    internal sealed class Handler(DbSession db,
        TimeProvider clock) : ICommandHandler<WithdrawConsent, Result<ClientResponse>>
    {
        public async ValueTask<Result<ClientResponse>> Handle(WithdrawConsent command, CancellationToken ct)
        {
            // A booking checking the consent and this withdrawal run one after the other.
            await ClientLock.TakeAsync(db, command.ClientId, ct);
            var now = clock.GetUtcNow();
            var updated = await db.ExecuteAsync("""
                UPDATE client_consents SET withdrawn_at = @now
                WHERE id = @consentId AND client_id = @clientId AND withdrawn_at IS NULL
                """, new { now, command.ConsentId, command.ClientId }, ct);
            // Withdrawing health consent stops processing at once: the screening is void, so consent given again needs
            // a
            // new one; the retention job destroys the answers after Salon:HealthRetentionDays.
            if (updated > 0)
                await db.ExecuteAsync("""
                    UPDATE screenings SET voided_at = @now, void_reason = 'consent_withdrawn'
                    WHERE client_id = @clientId AND voided_at IS NULL
                      AND EXISTS (SELECT 1 FROM client_consents k WHERE k.id = @consentId AND k.kind = 'health_data')
                    """, new { now, command.ClientId, command.ConsentId }, ct);
            if (updated == 0)
            {
                var exists = await db.ScalarAsync<int>("SELECT COUNT(*) FROM client_consents WHERE id = @consentId AND client_id = @clientId",
                    new { command.ConsentId, command.ClientId }, ct);
                return exists == 0
                    ? Refusal.NotFound("Consent")
                    : new Refusal(RefusalKind.Conflict, "consent-already-withdrawn",
                        "This consent is already withdrawn");
            }
            return (await ClientReader.ReadAsync(db, command.ClientId, ct))!;
        }
    }
}
