using Salon.Api.Infrastructure.Events;
using Salon.Domain;

namespace Salon.Api.Features.Screening;

/// <summary>
/// A client's screening no longer holds, so their visits are `screening due`. Published with the client's id only:
/// nothing of what was answered or why leaves the salon (health data).
/// </summary>
internal static class ScreeningEvents
{
    public sealed record Data(Guid ClientId);

    public static OutboxEvent Due(Guid clientId, DateTimeOffset at) => new(EventTypes.ScreeningDue, clientId, at,
        new Data(clientId));
}
