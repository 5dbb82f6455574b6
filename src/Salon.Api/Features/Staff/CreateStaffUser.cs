using Mediator;
using Salon.Api.Infrastructure.Behaviors;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Staff;

public enum StaffRole
{
    Admin,
    Frontdesk,
    Therapist,
}

public sealed record StaffUserResponse(Guid Id, string Login, StaffRole Role, Guid? TherapistId);

/// <summary>An admin creates a staff login; a therapist login is tied to its therapist record.</summary>
public sealed record CreateStaffUser(string Login, string Password, StaffRole Role, Guid? TherapistId = null)
    : ICommand<Result<StaffUserResponse>>, IValidate
{
    public const int MinPasswordLength = 12;

    public void Validate(ValidationErrors errors)
    {
        errors.Required("login", Login, 100).Required("password", Password, 200);
        if (Login is { Length: > 0 } && (Login.Trim().Length < 3 || Login.Any(char.IsWhiteSpace)))
            errors.Add("login", "must be at least 3 characters without spaces");
        if (Password is { Length: > 0 and < MinPasswordLength })
            errors.Add("password", $"must be at least {MinPasswordLength} characters");
        if ((Role == StaffRole.Therapist) != TherapistId.HasValue)
            errors.Add("therapistId", "is required for the therapist role and only for it");
    }

    internal sealed class Handler(DbSession db,
        TimeProvider clock) : ICommandHandler<CreateStaffUser, Result<StaffUserResponse>>
    {
        private const string Insert = """
            INSERT INTO staff_users (id, login, password_hash, role, therapist_id, active, created_at)
            VALUES (@id, @login, @hash, @role, @therapistId, @active, @now)
            """;

        public async ValueTask<Result<StaffUserResponse>> Handle(CreateStaffUser command, CancellationToken ct)
        {
            if (command.TherapistId is { } therapistId &&
                await db.ScalarAsync<int>("SELECT COUNT(*) FROM therapists WHERE id = @therapistId",
                    new { therapistId }, ct) == 0)
                return Refusal.NotFound("Therapist");

            var id = Guid.CreateVersion7();
            var login = IssueStaffToken.NormalizeLogin(command.Login);
            try
            {
                await db.ExecuteAsync(Insert, new
                {
                    id, login, hash = PasswordHasher.Hash(command.Password), role = RoleName(command.Role),
                    therapistId = command.TherapistId, active = true, now = clock.GetUtcNow(),
                }, ct);
                await SecurityStamps.CreateAsync(db, id, ct);
            }
            catch (Exception ex) when (db.Dialect.IsUniqueViolation(ex))
            {
                return new Refusal(RefusalKind.Conflict, "login-taken", "This login is taken");
            }
            return new StaffUserResponse(id, login, command.Role, command.TherapistId);
        }
    }

    public static string RoleName(StaffRole role) => role switch
    {
        StaffRole.Admin => Roles.Admin,
        StaffRole.Frontdesk => Roles.FrontDesk,
        _ => Roles.Therapist,
    };
}
