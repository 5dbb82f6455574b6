using Mediator;
using Salon.Api.Features.Demo;
using Salon.Api.Features.Staff;
using Salon.Api.Infrastructure.Data;

namespace Salon.Api.Infrastructure;

/// <summary>Runs before the server accepts requests: migrations, the first admin from configuration, the demo salon.</summary>
public sealed class StartupTasks(IServiceProvider services, DatabaseOptions database, SalonOptions salon, ILogger<StartupTasks> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (database.MigrateOnStartup)
            await services.GetRequiredService<Migrator>().MigrateAsync(cancellationToken);

        await using var scope = services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();

        if (!string.IsNullOrWhiteSpace(salon.AdminLogin) && !string.IsNullOrEmpty(salon.AdminPassword))
        {
            var created = await mediator.Send(new CreateStaffUser(salon.AdminLogin, salon.AdminPassword, StaffRole.Admin, null), cancellationToken);
            if (created.Succeeded)
                logger.LogInformation("Created the first admin '{Login}' from configuration", created.Value!.Login);
        }

        if (salon.Demo)
            await DemoSalon.LoadAsync(scope.ServiceProvider, salon, logger, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
