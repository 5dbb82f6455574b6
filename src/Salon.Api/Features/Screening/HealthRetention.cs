using Mediator;
using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Data;

namespace Salon.Api.Features.Screening;

/// <summary>
/// Destroys the health data of clients who withdrew health consent more than <c>Salon:HealthRetentionDays</c> ago
/// (152-FZ): the answers, the clearances and the day-of answers given before the withdrawal. The audit trail (who read
/// what, when) and the screening and day-check rows without content stay. Safe on several instances at once: the first
/// statement stamps and locks the screenings it destroys, so a second run waits, then finds nothing left to do.
/// </summary>
public sealed record DestroyLapsedHealthData : ICommand<int>
{
    // The screenings of a consent withdrawn before the cutoff, given before that withdrawal.
    private const string Lapsed = """
        SELECT s.id FROM screenings s JOIN client_consents k ON k.client_id = s.client_id
        WHERE k.kind = 'health_data' AND k.withdrawn_at IS NOT NULL AND k.withdrawn_at <= @cutoff AND s.submitted_at <= k.withdrawn_at
        """;

    private const string LapsedClearances = """
        SELECT c.id FROM clearances c JOIN client_consents k ON k.client_id = c.client_id
        WHERE k.kind = 'health_data' AND k.withdrawn_at IS NOT NULL AND k.withdrawn_at <= @cutoff AND c.recorded_at <= k.withdrawn_at
        """;

    internal sealed class Handler(DbSession db, SalonOptions salon, TimeProvider clock) : ICommandHandler<DestroyLapsedHealthData, int>
    {
        public async ValueTask<int> Handle(DestroyLapsedHealthData command, CancellationToken ct)
        {
            var now = clock.GetUtcNow();
            var args = new { now, cutoff = now.AddDays(-salon.HealthRetentionDays) };
            var destroyed = await db.ExecuteAsync($"UPDATE screenings SET destroyed_at = @now WHERE destroyed_at IS NULL AND id IN ({Lapsed})", args, ct);
            await db.ExecuteAsync($"DELETE FROM screening_answers WHERE screening_id IN ({Lapsed})", args, ct);
            await db.ExecuteAsync($"DELETE FROM clearance_kinds WHERE clearance_id IN ({LapsedClearances})", args, ct);
            await db.ExecuteAsync($"DELETE FROM clearance_conditions WHERE clearance_id IN ({LapsedClearances})", args, ct);
            await db.ExecuteAsync($"DELETE FROM clearances WHERE id IN ({LapsedClearances})", args, ct);
            await db.ExecuteAsync("""
                DELETE FROM day_check_answers WHERE day_check_id IN (
                    SELECT d.id FROM day_checks d JOIN bookings b ON b.id = d.booking_id JOIN client_consents k ON k.client_id = b.client_id
                    WHERE k.kind = 'health_data' AND k.withdrawn_at IS NOT NULL AND k.withdrawn_at <= @cutoff AND d.answered_at <= k.withdrawn_at)
                """, args, ct);
            return destroyed;
        }
    }
}

/// <summary>Runs <see cref="DestroyLapsedHealthData"/> hourly on the app's clock; every instance may run it.</summary>
public sealed class HealthRetentionJob(IServiceProvider services, TimeProvider clock, ILogger<HealthRetentionJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                var destroyed = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new DestroyLapsedHealthData(), stoppingToken);
                if (destroyed > 0) logger.LogInformation("Destroyed the health data of {Count} screenings after withdrawn consent", destroyed);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // An outage is retried on the next tick; the job must not stop the host.
                logger.LogWarning(ex, "Health data retention run failed");
            }
        }
    }
}

public static class HealthRetentionRegistration
{
    public static IServiceCollection AddHealthRetention(this IServiceCollection services) => services.AddHostedService<HealthRetentionJob>();
}
