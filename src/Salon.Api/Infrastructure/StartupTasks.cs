using Salon.Api.Infrastructure.Data;

namespace Salon.Api.Infrastructure;

/// <summary>
/// Start-up work a feature brings (the first admin, the demo salon): the features declare it, Infrastructure finds the
/// implementations in the assembly and runs them in <see cref="Order"/> after the migrations, knowing none by name.
/// </summary>
public interface IStartupTask
{
    int Order { get; }

    Task RunAsync(IServiceProvider scope, ILogger logger, CancellationToken ct);
}

/// <summary>Runs before the server accepts requests: migrations, then the features' start-up tasks.</summary>
public sealed class StartupTasks(IServiceProvider services, DatabaseOptions database, SalonOptions salon,
    ILogger<StartupTasks> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (database.MigrateOnStartup)
            await services.GetRequiredService<Migrator>().MigrateAsync(cancellationToken);

        await using var scope = services.CreateAsyncScope();
        foreach (var task in scope.ServiceProvider.GetServices<IStartupTask>().OrderBy(t => t.Order))
            await task.RunAsync(scope.ServiceProvider, logger, cancellationToken);

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
