using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;

namespace Salon.Api.Tests.Infrastructure;

/// <summary>
/// A keyed request claims its key with statements PostgreSQL plans once and then reuses (Npgsql prepares them):
/// the reused generic plan knows neither the caller nor the time, and a claim must still not read every key the caller
/// holds. A desk books all day under one scope; a scan grew each booking by 2 ms after a few thousand keys.
/// </summary>
public sealed class IdempotencyClaimPlanTests(PostgresApp app) : IClassFixture<PostgresApp>
{
    [Fact]
    public async Task A_claim_finds_keys_by_index_whatever_plan_the_server_reuses()
    {
        app.SkipIfUnavailable();
        var dialect = app.Services.GetRequiredService<ISqlDialect>();
        await using var connection = dialect.CreateConnection(
            app.Services.GetRequiredService<ConnectionSettings>().ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        const string scope = "plan-test-desk";
        await connection.ExecuteAsync("""
            INSERT INTO idempotency_keys (scope, idem_key, request_hash, status, response_status, response_body,
                created_at, expires_at)
            SELECT @scope, 'key-' || g, repeat('a', 64), 'done', 201, repeat('x', 1500), now(), now() + interval '1 day'
            FROM generate_series(1, 5000) g;
            ANALYZE idempotency_keys;
            SET plan_cache_mode = force_generic_plan;
            """, new { scope });

        var statements = IdempotencyContext.ClaimSql.Split(';', StringSplitOptions.TrimEntries)
            .Where(s => s.StartsWith("DELETE", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(statements);
        var values = new Dictionary<string, string>
        {
            ["idemScope"] = $"'{scope}'", ["idemKey"] = "'key-new'", ["idemNow"] = "now()",
            ["idemAbandoned"] = "now() - interval '1 minute'",
        };
        for (var i = 0; i < statements.Count; i++)
        {
            var names = Regex.Matches(statements[i], @"@(\w+)").Select(m => m.Groups[1].Value).Distinct().ToList();
            var prepared = Regex.Replace(statements[i], @"@(\w+)", m => "$" + (names.IndexOf(m.Groups[1].Value) + 1));
            await connection.ExecuteAsync($"PREPARE claim{i} AS {prepared}");
            var plan = string.Join("\n", await connection.QueryAsync<string>(
                $"EXPLAIN EXECUTE claim{i}({string.Join(", ", names.Select(n => values[n]))})"));
            Assert.True(!plan.Contains("Seq Scan", StringComparison.Ordinal),
                $"the claim's statement {i + 1} reads every key of the caller:\n{statements[i]}\n{plan}");
        }
        await connection.ExecuteAsync(
            "DEALLOCATE ALL; RESET plan_cache_mode; DELETE FROM idempotency_keys WHERE scope = @scope", new { scope });
    }

    [Fact]
    public async Task The_sweeper_removes_expired_keys_and_keeps_the_others()
    {
        app.SkipIfUnavailable();
        const string scope = "sweep-test-desk";
        await app.ScalarAsync<int>("""
            INSERT INTO idempotency_keys (scope, idem_key, request_hash, status, created_at, expires_at)
            SELECT @scope, 'key-' || g, repeat('a', 64), 'done', @now - interval '2 days',
                CASE WHEN g <= 30 THEN @now - interval '1 day' ELSE @now + interval '1 day' END
            FROM generate_series(1, 50) g
            """, new { scope, now = app.Clock.GetUtcNow() });
        await app.Services.GetRequiredService<IdempotencyKeySweeper>().SweepAsync(CancellationToken.None);
        var now = app.Clock.GetUtcNow();
        var left = await app.ScalarAsync<long>(
            "SELECT COUNT(*) FROM idempotency_keys WHERE scope = @scope AND expires_at > @now", new { scope, now });
        var expired = await app.ScalarAsync<long>(
            "SELECT COUNT(*) FROM idempotency_keys WHERE scope = @scope AND expires_at < @now", new { scope, now });
        Assert.Equal((20L, 0L), (left, expired));
    }
}
