using Mediator;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Infrastructure.Behaviors;

/// <summary>One transaction per command: committed when the handler succeeds, rolled back on a refusal or an
/// exception.</summary>
public sealed class TransactionBehavior<TMessage, TResponse>(DbSession session, IdempotencyContext idempotency,
    IdempotencyStore keys)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IBaseCommand, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next,
        CancellationToken cancellationToken)
    {
        await session.BeginAsync(cancellationToken);
        // The Idempotency-Key is claimed in this transaction, with the handler's first statement.
        if (idempotency.IsActive) idempotency.Claim(session);
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
                    idempotency.Complete(session, outcome.BoxedValue);
                await session.CommitAsync(cancellationToken);
            }
            return response;
        }
        catch (Exception ex)
        {
            await session.RollbackAsync();
            if (idempotency is { Scope: { } scope, Key: { } key, RequestHash: { } hash }
                && session.Dialect.IsUniqueViolation(ex)
                && await keys.AnswerAsync(scope, key, hash, cancellationToken) is { } answer)
                throw new IdempotencyKeyTaken(answer);
            throw;
        }
    }
}
