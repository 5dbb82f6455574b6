using Mediator;
using Salon.Api.Infrastructure;

namespace Salon.Api.Features.Staff;

/// <summary>The first admin from configuration (Salon:AdminLogin, Salon:AdminPassword), created at start-up.</summary>
internal sealed class FirstAdmin(SalonOptions salon, IMediator mediator) : IStartupTask
{
    public int Order => 10;

    public async Task RunAsync(IServiceProvider scope, ILogger logger, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(salon.AdminLogin) || string.IsNullOrEmpty(salon.AdminPassword)) return;
        var created = await mediator.Send(new CreateStaffUser(salon.AdminLogin, salon.AdminPassword, StaffRole.Admin,
            null), ct);
        if (created.Succeeded)
            logger.LogInformation("Created the first admin '{Login}' from configuration", created.Value!.Login);
    }
}
