using System.Reflection;
using Mediator;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Infrastructure.Behaviors;

/// <summary>
/// A request that acts for one client. Who may act for which client is decided once, by
/// <see cref="ClientScopeBehavior{TMessage,TResponse}"/>: staff for anyone, a client (the app) only for themself.
/// </summary>
public interface IClientScoped
{
    /// <summary>The client the request acts for; null where the caller's own client is meant.</summary>
    Guid? ScopedClientId { get; }

    /// <summary>The refusal's title when a client asks for another client.</summary>
    string ForeignClientTitle => "A client acts only for themself";
}

/// <summary>Refuses (403, type forbidden) a client's token acting for another client, before the handler
/// runs.</summary>
public sealed class ClientScopeBehavior<TMessage, TResponse>(CurrentUser user) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IClientScoped, IMessage
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next,
        CancellationToken cancellationToken)
    {
        if (message.ScopedClientId is { } clientId && !user.MayActFor(clientId))
            return ValueTask.FromResult(Refuse(new Refusal(RefusalKind.Forbidden, "forbidden",
                message.ForeignClientTitle)));
        return next(message, cancellationToken);
    }

    /// <summary>A refusal as the request's <c>Result&lt;T&gt;</c>, through its implicit conversion.</summary>
    private static readonly Func<Refusal, TResponse> Refuse = typeof(TResponse).GetMethod("op_Implicit",
            BindingFlags.Public | BindingFlags.Static, [typeof(Refusal)]) is { } convert
        ? refusal => (TResponse)convert.Invoke(null, [refusal])!
        : _ => throw new InvalidOperationException($"{typeof(TMessage).Name} is client-scoped but cannot answer with a refusal.");
}
