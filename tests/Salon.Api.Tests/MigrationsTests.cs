using System.Security.Cryptography;
using System.Text;
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

    /// <summary>
    /// The screening seed is one shared file now; the rows it gives must be the rows the three per-provider copies
    /// gave. The digest was taken from databases migrated with those copies (SQLite and PostgreSQL gave the same).
    /// </summary>
    [Fact]
    public async Task The_screening_seed_gives_the_rows_the_three_copies_gave()
    {
        var questions = await App.QueryAsync<SeededQuestion>(
            "SELECT code, text_ru, text_en, asked_on_day, sort_order FROM screening_questions ORDER BY sort_order");
        var rules = await App.QueryAsync<SeededRule>(
            "SELECT question_code, kind, effect FROM screening_rules ORDER BY question_code, kind");
        var text = string.Concat(questions.Select(q
                => $"{q.Code}|{q.TextRu}|{q.TextEn}|{(q.AskedOnDay ? 1 : 0)}|{q.SortOrder}\n"))
            + string.Concat(rules.OrderBy(r => r.QuestionCode, StringComparer.Ordinal)
                .ThenBy(r => r.Kind, StringComparer.Ordinal).Select(r => $"{r.QuestionCode}|{r.Kind}|{r.Effect}\n"));

        Assert.Equal((24, 144), (questions.Count, rules.Count));
        Assert.Equal(SeedDigest, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))));
    }

    private const string SeedDigest = "0FE7F864627B4B989F55DEF0980B2F6E0B3B60A88CCFF9444C07D5FB847B2B3C";

    private sealed record SeededQuestion
    {
        public string Code { get; init; } = "";
        public string TextRu { get; init; } = "";
        public string TextEn { get; init; } = "";
        public bool AskedOnDay { get; init; }
        public long SortOrder { get; init; }
    }

    private sealed record SeededRule
    {
        public string QuestionCode { get; init; } = "";
        public string Kind { get; init; } = "";
        public string Effect { get; init; } = "";
    }
}

public sealed class MigrationsOnSqlite(SqliteApp app) : MigrationsTests(app), IClassFixture<SqliteApp>;
public sealed class MigrationsOnPostgres(PostgresApp app) : MigrationsTests(app), IClassFixture<PostgresApp>;
public sealed class MigrationsOnSqlServer(SqlServerApp app) : MigrationsTests(app), IClassFixture<SqlServerApp>;
