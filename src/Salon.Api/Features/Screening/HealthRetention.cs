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
    // Each statement names what lapsed: a health consent withdrawn before the cutoff, and records made before that
    // withdrawal.
    private const string StampScreenings = """
        UPDATE screenings SET destroyed_at = @now WHERE destroyed_at IS NULL AND id IN (
            SELECT s.id FROM screenings s JOIN client_consents k ON k.client_id = s.client_id
            WHERE k.kind = 'health_data' AND k.withdrawn_at IS NOT NULL AND k.withdrawn_at <= @cutoff
                AND s.submitted_at <= k.withdrawn_at)
        """;

    // What the stamp marks goes: the answers and the clearances issued against destroyed screenings (and, for a client
    // with a destroyed screening, clearances recorded before clearances named their screening).
    private const string DeleteAnswers = """
        DELETE FROM screening_answers WHERE screening_id IN (SELECT id FROM screenings WHERE destroyed_at IS NOT NULL)
        """;

    private const string DeleteClearanceKinds = """
        DELETE FROM clearance_kinds WHERE clearance_id IN (SELECT c.id FROM clearances c JOIN screenings s
            ON s.id = c.screening_id OR (c.screening_id IS NULL AND s.client_id = c.client_id) WHERE s.destroyed_at IS NOT NULL)
        """;

    private const string DeleteClearanceConditions = """
        DELETE FROM clearance_conditions WHERE clearance_id IN (SELECT c.id FROM clearances c JOIN screenings s
            ON s.id = c.screening_id OR (c.screening_id IS NULL AND s.client_id = c.client_id) WHERE s.destroyed_at IS NOT NULL)
        """;

    private const string DeleteClearances = """
        DELETE FROM clearances WHERE id IN (SELECT c.id FROM clearances c JOIN screenings s
            ON s.id = c.screening_id OR (c.screening_id IS NULL AND s.client_id = c.client_id) WHERE s.destroyed_at IS NOT NULL)
        """;

    private const string DeleteDayOfAnswers = """
        DELETE FROM day_check_answers WHERE day_check_id IN (
            SELECT d.id FROM day_checks d JOIN bookings b ON b.id = d.booking_id JOIN client_consents k ON k.client_id = b.client_id
            WHERE k.kind = 'health_data' AND k.withdrawn_at IS NOT NULL AND k.withdrawn_at <= @cutoff
                AND d.answered_at <= k.withdrawn_at)
        """;

    internal sealed class Handler(DbSession db, SalonOptions salon,
        TimeProvider clock) : ICommandHandler<DestroyLapsedHealthData, int>
    {
        public async ValueTask<int> Handle(DestroyLapsedHealthData command, CancellationToken ct)
        {
            var now = clock.GetUtcNow();
            var args = new { now, cutoff = now.AddDays(-salon.HealthRetentionDays) };
            // The first statement stamps (and so locks) the lapsed screenings: a second instance waits here, then finds
            // none.
            var destroyed = await db.ExecuteAsync(StampScreenings, args, ct);
            await db.ExecuteAsync(DeleteAnswers, args, ct);
            await db.ExecuteAsync(DeleteClearanceKinds, args, ct);
            await db.ExecuteAsync(DeleteClearanceConditions, args, ct);
            await db.ExecuteAsync(DeleteClearances, args, ct);
            await db.ExecuteAsync(DeleteDayOfAnswers, args, ct);
            return destroyed;
        }
    }
}

/// <summary>Runs <see cref="DestroyLapsedHealthData"/> hourly on the app's clock; every instance may run it.</summary>
public sealed class HealthRetentionJob(IServiceProvider services, TimeProvider clock,
    ILogger<HealthRetentionJob> logger) : BackgroundService
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
    public static IServiceCollection AddHealthRetention(this IServiceCollection services)
        => services.AddHostedService<HealthRetentionJob>();
}
