using Salon.Api.Infrastructure.Events;
using Salon.Domain;

namespace Salon.Api.Features.Packages;

/// <summary>A course package sold, frozen, refunded or expired, as published: ids and the dates that changed.</summary>
internal static class PackageEvents
{
    public sealed record Data(Guid PackageId, Guid ClientId, DateOnly? From = null, DateOnly? To = null,
        long? RefundKopecks = null);

    public static OutboxEvent Sold(Guid packageId, Guid clientId, DateTimeOffset at) =>
        new(EventTypes.PackageSold, packageId, at, new Data(packageId, clientId));

    public static OutboxEvent Frozen(Guid packageId, Guid clientId, DateOnly from, DateOnly to, DateTimeOffset at) =>
        new(EventTypes.PackageFrozen, packageId, at, new Data(packageId, clientId, from, to));

    public static OutboxEvent Refunded(Guid packageId, Guid clientId, Kopecks amount, DateTimeOffset at) =>
        new(EventTypes.PackageRefunded, packageId, at, new Data(packageId, clientId, RefundKopecks: amount.Value));

    public static OutboxEvent Expired(Guid packageId, Guid clientId, DateTimeOffset at) =>
        new(EventTypes.PackageExpired, packageId, at, new Data(packageId, clientId));
}
