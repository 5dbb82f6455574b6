using Microsoft.Extensions.DependencyInjection;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests;

public abstract class MigrationsTests(SalonApp app) : ProviderTests(app)
{
    [Fact]
    public async Task Every_migration_is_recorded_once_and_a_second_run_applies_nothing()
    {
        var dialect = App.Services.GetRequiredService<ISqlDialect>();
        var scripts = Migrator.Scripts(dialect);

        var applied = await App.Services.GetRequiredService<Migrator>().MigrateAsync(TestContext.Current.CancellationToken);

        Assert.Equal(0, applied);
        Assert.Equal(scripts.Count, await App.ScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations"));
        Assert.Equal(scripts.Max(s => s.Version),
            await App.ScalarAsync<int>("SELECT MAX(version) FROM schema_migrations"));
    }

    [Fact]
    public async Task Instances_starting_together_migrate_once()
    {
        var migrator = App.Services.GetRequiredService<Migrator>();
        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_
            => migrator.MigrateAsync(TestContext.Current.CancellationToken)));
        Assert.All(runs, applied => Assert.Equal(0, applied));
        Assert.Equal(Migrator.Scripts(App.Services.GetRequiredService<ISqlDialect>()).Count,
            await App.ScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations"));
    }

    [Fact]
    public void Every_provider_has_the_same_migration_numbers_and_names()
    {
        var names = new ISqlDialect[] { new SqliteDialect(), new PostgresDialect(), new SqlServerDialect() }
            .Select(d => string.Join(",", Migrator.Scripts(d).Select(s => $"{s.Version}:{s.Name}")))
            .Distinct()
            .ToList();
        Assert.Single(names);
    }
}

public sealed class MigrationsOnSqlite(SqliteApp app) : MigrationsTests(app), IClassFixture<SqliteApp>;
public sealed class MigrationsOnPostgres(PostgresApp app) : MigrationsTests(app), IClassFixture<PostgresApp>;
public sealed class MigrationsOnSqlServer(SqlServerApp app) : MigrationsTests(app), IClassFixture<SqlServerApp>;
