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

        if (!salon.StartupChecks)
            return;
        if (database.Provider == DatabaseProvider.Sqlite)
            logger.LogInformation("Data folder: {Folder}", database.DataFolder);
        var db = scope.ServiceProvider.GetRequiredService<DbSession>();
        long admins;
        try
        {
            admins = await db.ScalarAsync<long>(ActiveAdmins, new { role = "admin", active = true }, cancellationToken);
        }
        catch (Exception ex) when (db.Dialect.IsUnavailable(ex))
        {
            // Serve anyway: requests answer 503 until the database is back, and /health/ready says so.
            logger.LogWarning("The database does not answer yet: {Error}", ex.GetBaseException().Message);
            return;
        }
        if (admins == 0)
            logger.LogWarning("No active admin exists, so nobody can manage staff. Create one: " +
                "SALON_STAFF_PASSWORD='...' dotnet run --project src/Salon.Api -- create-staff --login NAME --role admin");
    }

    private const string ActiveAdmins = "SELECT COUNT(*) FROM staff_users WHERE role = @role AND active = @active";

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
