using Mediator;
using Salon.Api.Infrastructure.Http;

namespace Salon.Api.Infrastructure.Behaviors;

public sealed class ValidationBehavior<TMessage, TResponse> : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IValidate, IMessage
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        message.Validate(errors);
        if (errors.Any)
            throw new RequestValidationException(errors.ToDictionary());
        return next(message, cancellationToken);
    }
}
