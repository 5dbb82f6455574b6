using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Salon.Api.Infrastructure.Events;

/// <summary>
/// A background consumer of the outbox: runs rounds until one finds nothing, then sleeps until this process commits
/// events or the poll interval passes (other instances' commits are only seen by polling).
/// </summary>
public abstract class OutboxWorker(OutboxSignal signal, TimeSpan poll, ILogger logger, string name) : BackgroundService
{
    /// <summary>One round; the number of items handled, 0 when there was nothing to do.</summary>
    protected abstract Task<int> RunOnceAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = signal.Next;
            try
            {
                while (await RunOnceAsync(stoppingToken) > 0) { }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "The {Worker} round failed; trying again in {Seconds} s", name,
                    poll.TotalSeconds);
            }
            try { await signal.WaitAsync(next, poll, stoppingToken); }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
        }
    }
}
