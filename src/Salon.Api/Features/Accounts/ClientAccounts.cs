using Mediator;
using Salon.Api.Features.Clients;
using Salon.Api.Infrastructure.Behaviors;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Accounts;

/// <summary>
/// A client signs up in the app: a client record with its personal-data consent, and a login by phone and password.
/// A phone the salon already knows is not taken over from the app: without a code sent to that phone, anyone could
/// claim someone else's history, so the front desk links such accounts.
/// </summary>
/// <param name="BirthDate">Asked at sign-up: health consent and the questionnaire need it (a minor needs a guardian's
/// consent).</param>
public sealed record SignUpClient(string FirstName, string LastName, string Phone, string Password,
    ConsentGiven PersonalDataConsent, string? Email = null,
    DateOnly? BirthDate = null)
    : ICommand<Result<IssuedToken>>, IValidate, IClientDetails
{
    public string? MiddleName => null;
    public string? Notes => null;

    public void Validate(ValidationErrors errors)
    {
        ClientDetails.Validate(this, errors);
        errors.Required("password", Password, 200);
        if (Password is { Length: > 0 and < 8 }) errors.Add("password", "must be at least 8 characters");
    }

    internal sealed class Handler(DbSession db, TimeProvider clock, TokenIssuer issuer) : ICommandHandler<SignUpClient, Result<IssuedToken>>
    {
        public async ValueTask<Result<IssuedToken>> Handle(SignUpClient command, CancellationToken ct)
        {
            var id = Guid.CreateVersion7();
            var now = clock.GetUtcNow();
            PhoneNumber.TryNormalize(command.Phone, out var phone);
            try
            {
                await db.ExecuteAsync("""
                    INSERT INTO clients (id, first_name, last_name, middle_name, phone, email, birth_date, notes, search_name, version, created_at, updated_at)
                    VALUES (@id, @firstName, @lastName, @middleName, @phone, @email, @birthDate, @notes, @searchName, 1, @now, @now)
                    """, ClientDetails.Row(command, id, now), ct);
            }
            catch (Exception ex) when (db.Dialect.IsUniqueViolation(ex))
            {
                return new Refusal(RefusalKind.Conflict, "phone-registered", "This phone is already registered",
                    "Log in, or ask the salon's front desk to link your account.");
            }
            await RecordConsent.InsertAsync(db, id, ConsentKind.PersonalData, command.PersonalDataConsent.Channel, now, null, ct);
            var accountId = Guid.CreateVersion7();
            await db.ExecuteAsync("""
                INSERT INTO client_accounts (id, client_id, phone, password_hash, created_at) VALUES (@accountId, @id, @phone, @hash, @now)
                """, new { accountId, id, phone, hash = PasswordHasher.Hash(command.Password), now }, ct);
            var stamp = await SecurityStamps.CreateAsync(db, accountId, ct);
            return issuer.Issue(accountId, phone, Roles.Client, clientId: id, stamp: stamp);
        }
    }
}

public sealed record IssueClientToken(string Phone, string Password) : IQuery<Result<IssuedToken>>, IValidate
{
    public void Validate(ValidationErrors errors) => errors.Required("phone", Phone, 32).Required("password", Password, 200);

    internal sealed class Handler(DbSession db, TokenIssuer issuer) : IQueryHandler<IssueClientToken, Result<IssuedToken>>
    {
        public async ValueTask<Result<IssuedToken>> Handle(IssueClientToken query, CancellationToken ct)
        {
            PhoneNumber.TryNormalize(query.Phone, out var phone);
            var account = await db.QuerySingleOrDefaultAsync<AccountRow>(
                "SELECT id, client_id, phone, password_hash, active FROM client_accounts WHERE phone = @phone", new { phone }, ct);
            var valid = PasswordHasher.Verify(query.Password, account?.PasswordHash ?? PasswordHasher.DummyHash);
            if (account is null || !valid || !account.Active)
                return new Refusal(RefusalKind.Unauthorized, "invalid-credentials", "Phone or password is wrong");
            return issuer.Issue(account.Id, account.Phone, Roles.Client, clientId: account.ClientId,
                stamp: await SecurityStamps.ReadAsync(db, account.Id, ct));
        }
    }

    private sealed record AccountRow
    {
        public Guid Id { get; init; }
        public Guid ClientId { get; init; }
        public string Phone { get; init; } = "";
        public string PasswordHash { get; init; } = "";
        public bool Active { get; init; }
    }
}

/// <summary>The signed-in client's own record.</summary>
public sealed record GetMe : IQuery<Result<ClientResponse>>
{
    internal sealed class Handler(DbSession db, CurrentUser user) : IQueryHandler<GetMe, Result<ClientResponse>>
    {
        public async ValueTask<Result<ClientResponse>> Handle(GetMe query, CancellationToken ct) =>
            user.ClientId is { } id && await ClientReader.ReadAsync(db, id, ct) is { } client ? client : Refusal.NotFound("Client");
    }
}
