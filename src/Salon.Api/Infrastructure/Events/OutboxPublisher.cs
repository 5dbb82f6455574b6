using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Salon.Api.Infrastructure.Data;

namespace Salon.Api.Infrastructure.Events;

/// <summary>
/// Where events are numbered after commit (PostgreSQL), numbers them as soon as a transaction of this process writes
/// some, and at least every second for other instances' events; each instance runs one, and they take turns on the
/// head row with the consumers. Readers are woken once events are numbered. Consumers also number what is pending at
/// the start of each round (<see cref="Outbox.ReadAfterAsync"/>), so nothing waits for this loop.
/// </summary>
public sealed class OutboxPublisher(ISqlDialect dialect, ConnectionSettings settings, OutboxSignal signal,
    ILogger<OutboxPublisher> logger) : BackgroundService
{
    private const int Batch = 1000;
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (dialect.PendingEvents is null) return;
        // Its own pool, named for pg_stat_activity; its statements are not counted with the requests' (RoundTrips).
        var own = new ConnectionSettings(settings.ConnectionString.TrimEnd(';') + ";Application Name=salon-outbox");
        while (!stoppingToken.IsCancellationRequested)
        {
            var written = signal.Written;
            try
            {
                await using var db = new DbSession(dialect, own);
                await db.BeginAsync(stoppingToken);
                var numbered = await Outbox.PublishAsync(db, Batch, stoppingToken);
                await db.CommitAsync(stoppingToken);
                if (numbered > 0) signal.Notify();
                if (numbered == Batch) continue;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Numbering events failed; trying again in {Seconds} s", Poll.TotalSeconds);
            }
            try { await signal.WaitAsync(written, Poll, stoppingToken); }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
        }
    }
}
