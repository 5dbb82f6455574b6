using System.Diagnostics;
using Mediator;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Infrastructure.Behaviors;

/// <summary>Logs each message's name, outcome and duration; never its content, which may hold personal data.</summary>
public sealed class LoggingBehavior<TMessage, TResponse>(ILogger<LoggingBehavior<TMessage,
    TResponse>> logger) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next(message, cancellationToken);
            if (response is IOutcome { Refusal: { } refusal })
                logger.LogInformation("{Message} refused ({Code}) in {Elapsed:0.0} ms", typeof(TMessage).Name,
                    refusal.Code, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            else if (logger.IsEnabled(LogLevel.Debug)) // off by default: no arguments boxed on the hot path
                logger.LogDebug("{Message} handled in {Elapsed:0.0} ms", typeof(TMessage).Name,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return response;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller went away (a closed connection, a stopping host): nothing failed on our side.
            logger.LogInformation("{Message} abandoned by its caller after {Elapsed:0.0} ms", typeof(TMessage).Name,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
        catch (Exception ex) when (ex is not RequestValidationException and not IdempotencyKeyTaken)
        {
            logger.LogError(ex, "{Message} failed after {Elapsed:0.0} ms", typeof(TMessage).Name,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
    }
}
