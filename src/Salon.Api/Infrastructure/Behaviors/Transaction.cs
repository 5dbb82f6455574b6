using Mediator;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Infrastructure.Behaviors;

/// <summary>One transaction per command: committed when the handler succeeds, rolled back on a refusal or an exception.</summary>
public sealed class TransactionBehavior<TMessage, TResponse>(DbSession session, IdempotencyContext idempotency) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IBaseCommand, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        try
        {
            var response = await next(message, cancellationToken);
            if (response is IOutcome { Refusal: { KeepChanges: false } })
            {
                await session.RollbackAsync();
            }
            else
            {
                // The stored response of an Idempotency-Key commits with the change itself, or not at all.
                if (idempotency.IsActive && response is IOutcome outcome)
                    await idempotency.CompleteAsync(session, outcome.BoxedValue, cancellationToken);
                await session.CommitAsync(cancellationToken);
            }
            return response;
        }
        catch
        {
            await session.RollbackAsync();
            throw;
        }
    }
}
