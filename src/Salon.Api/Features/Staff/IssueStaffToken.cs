using Mediator;
using Salon.Api.Infrastructure.Behaviors;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Staff;

/// <summary>Staff login: a login and password in, a bearer token out.</summary>
public sealed record IssueStaffToken(string Login, string Password) : IQuery<Result<IssuedToken>>, IValidate
{
    public void Validate(ValidationErrors errors) => errors
        .Required("login", Login, 100)
        .Required("password", Password, 200);

    internal sealed class Handler(DbSession db,
        TokenIssuer issuer) : IQueryHandler<IssueStaffToken, Result<IssuedToken>>
    {
        private const string FindUser = """
            SELECT id, login, password_hash, role, therapist_id, active
            FROM staff_users WHERE login = @login
            """;

        public async ValueTask<Result<IssuedToken>> Handle(IssueStaffToken query, CancellationToken ct)
        {
            var user = await db.QuerySingleOrDefaultAsync<StaffUserRow>(FindUser,
                new { login = NormalizeLogin(query.Login) }, ct);
            var valid = PasswordHasher.Verify(query.Password, user?.PasswordHash ?? PasswordHasher.DummyHash);
            if (user is null || !valid || !user.Active)
                return new Refusal(RefusalKind.Unauthorized, "invalid-credentials", "Login or password is wrong");
            return issuer.Issue(user.Id, user.Login, user.Role, user.TherapistId,
                stamp: await SecurityStamps.ReadAsync(db, user.Id, ct));
        }
    }

    public static string NormalizeLogin(string login) => login.Trim().ToLowerInvariant();

    private sealed record StaffUserRow
    {
        public Guid Id { get; init; }
        public string Login { get; init; } = "";
        public string PasswordHash { get; init; } = "";
        public string Role { get; init; } = "";
        public Guid? TherapistId { get; init; }
        public bool Active { get; init; }
    }
}
