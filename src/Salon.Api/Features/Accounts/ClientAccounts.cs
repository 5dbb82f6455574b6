using Mediator;
using Salon.Api.Features.Clients;
using Salon.Api.Infrastructure.Behaviors;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Accounts;

/// <summary>
/// A client signs up in the app: a client record with its personal-data consent, and a login by phone and password.
/// A phone the salon already knows is not taken over from the app: it needs the one-time code the front desk issued
/// for that client (<see cref="IssueAppInvite"/>), or anyone could claim someone else's history. Every refused
/// phone/code pair gets the same answer, so sign-up does not tell whether the salon knows a phone.
/// </summary>
/// <param name="BirthDate">Asked at sign-up: health consent and the questionnaire need it (a minor needs a guardian's
/// consent).</param>
/// <param name="Code">The front desk's one-time activation code, for a client the salon already knows.</param>
public sealed record SignUpClient(string FirstName, string LastName, string Phone, string Password,
    ConsentGiven PersonalDataConsent, string? Email = null, DateOnly? BirthDate = null, string? Code = null)
    : ICommand<Result<IssuedToken>>, IValidate, IClientDetails
{
    public string? MiddleName => null;
    public string? Notes => null;

    public void Validate(ValidationErrors errors)
    {
        ClientDetails.Validate(this, errors);
        errors.Required("password", Password, 200);
        if (Password is { Length: > 0 and < 8 }) errors.Add("password", "must be at least 8 characters");
        if (Code is not null && (Code.Trim().Length != AppInviteCode.Digits || !Code.Trim().All(char.IsAsciiDigit)))
            errors.Add("code", $"must be the {AppInviteCode.Digits} digits the front desk gave");
    }

    private static Refusal Refused() => new(RefusalKind.Conflict, "sign-up-refused",
        "This phone cannot be signed up with this request",
        "If the salon already knows you, ask the front desk for an activation code and sign up with it; if you have an account, log in.");

    internal sealed class Handler(DbSession db, TimeProvider clock,
        TokenIssuer issuer) : ICommandHandler<SignUpClient, Result<IssuedToken>>
    {
        public async ValueTask<Result<IssuedToken>> Handle(SignUpClient command, CancellationToken ct)
        {
            var now = clock.GetUtcNow();
            PhoneNumber.TryNormalize(command.Phone, out var phone);
            var id = command.Code is null ? await NewClientAsync(command, now, ct) : await InvitedClientAsync(phone,
                command.Code, now, ct);
            if (id is null)
                return Refused();
            await RecordConsent.InsertAsync(db, id.Value, ConsentKind.PersonalData, command.PersonalDataConsent.Channel,
                now, null, ct);
            var accountId = Guid.CreateVersion7();
            try
            {
                await db.ExecuteAsync("""
                    INSERT INTO client_accounts (id, client_id, phone, password_hash, created_at) VALUES (@accountId, @id, @phone, @hash, @now)
                    """, new { accountId, id, phone, hash = PasswordHasher.Hash(command.Password), now }, ct);
            }
            catch (Exception ex) when (db.Dialect.IsUniqueViolation(ex))
            {
                return Refused();
            }
            var stamp = await SecurityStamps.CreateAsync(db, accountId, ct);
            return issuer.Issue(accountId, phone, Roles.Client, clientId: id, stamp: stamp);
        }

        private async Task<Guid?> NewClientAsync(SignUpClient command, DateTimeOffset now, CancellationToken ct)
        {
            var id = Guid.CreateVersion7();
            try
            {
                await db.ExecuteAsync("""
                    INSERT INTO clients (id, first_name, last_name, middle_name, phone, email, birth_date, notes, search_name, version, created_at, updated_at)
                    VALUES (@id, @firstName, @lastName, @middleName, @phone, @email, @birthDate, @notes, @searchName, 1, @now, @now)
                    """, ClientDetails.Row(command, id, now), ct);
                return id;
            }
            catch (Exception ex) when (db.Dialect.IsUniqueViolation(ex))
            {
                return null;
            }
        }

        /// <summary>The desk's record stays as the desk keeps it; the app only adds the login and the client's
        /// consent.</summary>
        private async Task<Guid?> InvitedClientAsync(string phone, string code, DateTimeOffset now,
            CancellationToken ct)
        {
            var id = await db.ScalarAsync<Guid?>("SELECT id FROM clients WHERE phone = @phone", new { phone }, ct);
            return id is { } known && await AppInviteCode.RedeemAsync(db, known, code, now, ct) ? known : null;
        }
    }
}

public sealed record IssueClientToken(string Phone, string Password) : IQuery<Result<IssuedToken>>, IValidate
{
    public void Validate(ValidationErrors errors) => errors.Required("phone", Phone, 32).Required("password", Password,
        200);

    internal sealed class Handler(DbSession db,
        TokenIssuer issuer) : IQueryHandler<IssueClientToken, Result<IssuedToken>>
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
            user.ClientId is { } id && await ClientReader.ReadAsync(db, id,
                ct) is { } client ? client : Refusal.NotFound("Client");
    }
}
