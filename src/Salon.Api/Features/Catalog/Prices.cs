using Mediator;
using Salon.Api.Infrastructure.Behaviors;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Catalog;

public sealed record PriceResponse(decimal Price, string Currency, DateTimeOffset EffectiveFrom);

/// <summary>Schedules a new price from a date on; history is never rewritten, so a booking can keep the price of its
/// day.</summary>
public sealed record SetPrice(Guid ServiceId, decimal Price,
    DateTimeOffset? EffectiveFrom) : ICommand<Result<PriceResponse>>, IValidate
{
    public void Validate(ValidationErrors errors) => errors.Rubles("price", Price);

    internal sealed class Handler(DbSession db, TimeProvider clock,
        CurrentUser user) : ICommandHandler<SetPrice, Result<PriceResponse>>
    {
        public async ValueTask<Result<PriceResponse>> Handle(SetPrice command, CancellationToken ct)
        {
            var now = clock.GetUtcNow();
            var from = (command.EffectiveFrom ?? now).ToUniversalTime();
            if (from < now - TimeSpan.FromMinutes(1))
                return new Refusal(RefusalKind.BusinessRule, "price-in-past", "A price cannot start in the past",
                    "Prices already in force are history; schedule the new price from now or a future date.");
            if (!await ServiceCatalog.ExistsAsync(db, command.ServiceId, ct))
                return Refusal.NotFound("Service");

            Kopecks.TryFromRubles(command.Price, out var price);
            try
            {
                await ServiceCatalog.InsertPriceAsync(db, command.ServiceId, price, from, now, user.Id, ct);
            }
            catch (Exception ex) when (db.Dialect.IsUniqueViolation(ex))
            {
                return new Refusal(RefusalKind.Conflict, "price-exists", "A price already starts at this instant");
            }
            return new PriceResponse(price.ToRubles(), "RUB", from);
        }
    }
}

public sealed record ListPrices(Guid ServiceId) : IQuery<Result<IReadOnlyList<PriceResponse>>>
{
    internal sealed class Handler(DbSession db) : IQueryHandler<ListPrices, Result<IReadOnlyList<PriceResponse>>>
    {
        public async ValueTask<Result<IReadOnlyList<PriceResponse>>> Handle(ListPrices query, CancellationToken ct)
        {
            if (!await ServiceCatalog.ExistsAsync(db, query.ServiceId, ct))
                return Refusal.NotFound("Service");
            var rows = await db.QueryAsync<PriceRow>(
                "SELECT amount_kopecks, effective_from FROM service_prices WHERE service_id = @serviceId ORDER BY effective_from",
                new { query.ServiceId }, ct);
            return rows.Select(r => r.ToResponse()).ToList();
        }
    }
}

/// <summary>The price in force at an instant: one indexed query on (service_id, effective_from).</summary>
public sealed record GetPriceAt(Guid ServiceId, DateTimeOffset? At) : IQuery<Result<PriceResponse>>
{
    internal sealed class Handler(DbSession db, TimeProvider clock) : IQueryHandler<GetPriceAt, Result<PriceResponse>>
    {
        public async ValueTask<Result<PriceResponse>> Handle(GetPriceAt query, CancellationToken ct)
        {
            var row = await db.QuerySingleOrDefaultAsync<PriceRow>($"""
                SELECT amount_kopecks, effective_from FROM service_prices
                WHERE service_id = @serviceId AND effective_from <= @at
                ORDER BY effective_from DESC {db.Dialect.Page}
                """, new { query.ServiceId, at = query.At ?? clock.GetUtcNow(), skip = 0, take = 1 }, ct);
            if (row is not null) return row.ToResponse();
            return await ServiceCatalog.ExistsAsync(db, query.ServiceId, ct)
                ? new Refusal(RefusalKind.NotFound, "no-price", "No price in force",
                    "The service has no price at that instant.")
                : Refusal.NotFound("Service");
        }
    }
}

internal sealed record PriceRow
{
    public long AmountKopecks { get; init; }
    public DateTimeOffset EffectiveFrom { get; init; }
    public PriceResponse ToResponse() => new(new Kopecks(AmountKopecks).ToRubles(), "RUB", EffectiveFrom);
}
