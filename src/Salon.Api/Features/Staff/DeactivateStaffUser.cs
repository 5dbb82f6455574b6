using Mediator;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Staff;

/// <summary>
/// An admin switches a staff login off: it can no longer log in, and its tokens stop working within seconds
/// (its security stamp changes). The row stays, because bookings and payments name who made them.
/// </summary>
public sealed record DeactivateStaffUser(Guid Id) : ICommand<Result<StaffUserResponse>>
{
    internal sealed class Handler(DbSession db, CurrentUser user, SecurityStamps stamps)
        : ICommandHandler<DeactivateStaffUser, Result<StaffUserResponse>>
    {
        private const string Find = "SELECT id, login, role, therapist_id FROM staff_users WHERE id = @id";

        public async ValueTask<Result<StaffUserResponse>> Handle(DeactivateStaffUser command, CancellationToken ct)
        {
            if (command.Id == user.Id)
                return new Refusal(RefusalKind.BusinessRule, "cannot-deactivate-self",
                    "An admin cannot deactivate their own login",
                    "Ask another admin, so that the salon is never left without one.");
            var row = await db.QuerySingleOrDefaultAsync<Row>(Find, new { command.Id }, ct);
            if (row is null)
                return Refusal.NotFound("Staff user");
            await db.ExecuteAsync("UPDATE staff_users SET active = @active WHERE id = @id", new { active = false,
                command.Id }, ct);
            await stamps.RotateAsync(db, command.Id, ct);
            return new StaffUserResponse(row.Id, row.Login, Enum.Parse<StaffRole>(row.Role, ignoreCase: true),
                row.TherapistId);
        }
    }

    private sealed record Row
    {
        public Guid Id { get; init; }
        public string Login { get; init; } = "";
        public string Role { get; init; } = "";
        public Guid? TherapistId { get; init; }
    }
}
