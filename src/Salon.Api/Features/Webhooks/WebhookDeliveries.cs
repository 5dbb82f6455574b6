using Mediator;
using Salon.Api.Infrastructure.Behaviors;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Webhooks;

public enum DeliveryStatus
{
    Pending,
    Delivered,
    Failed,
}

/// <summary>One event's delivery to one subscription: its state, how many attempts were made and how the last one
/// went.</summary>
public sealed record DeliveryResponse(Guid Id, Guid SubscriptionId, Guid EventId, string EventType,
    DateTimeOffset OccurredAt, DeliveryStatus Status,
    int Attempts, DateTimeOffset? LastAttemptAt, int? LastStatusCode, string? LastError, DateTimeOffset? NextAttemptAt, DateTimeOffset? DeliveredAt);

/// <summary>The delivery log of a subscription, newest first.</summary>
/// <param name="Status">pending, delivered or failed (snake_case like every enum in a query string)</param>
public sealed record ListDeliveries(Guid SubscriptionId, string? Status, int Page,
    int PageSize) : IQuery<Result<Page<DeliveryResponse>>>, IValidate
{
    private static readonly string[] Statuses = Enum.GetValues<DeliveryStatus>().Select(Enums.Name).ToArray();

    public void Validate(ValidationErrors errors)
    {
        Paging.Validate(errors, Page, PageSize);
        if (Status is not null && !Statuses.Contains(Status)) errors.Add("status",
            $"must be one of {string.Join(", ", Statuses)}");
    }

    internal sealed class Handler(DbSession db) : IQueryHandler<ListDeliveries, Result<Page<DeliveryResponse>>>
    {
        public async ValueTask<Result<Page<DeliveryResponse>>> Handle(ListDeliveries query, CancellationToken ct)
        {
            if (await db.ScalarAsync<int>("SELECT COUNT(*) FROM webhook_subscriptions WHERE id = @subscriptionId",
                new { query.SubscriptionId }, ct) == 0)
                return Refusal.NotFound("Webhook");
            var status = query.Status;
            var filter = status is null ? "" : " AND d.status = @status";
            var p = new { query.SubscriptionId, status, skip = Paging.Skip(query.Page, query.PageSize),
                take = query.PageSize };
            var total = await db.ScalarAsync<long>($"SELECT COUNT(*) FROM webhook_deliveries d WHERE d.subscription_id = @subscriptionId{filter}", p, ct);
            var rows = await db.QueryAsync<Row>($"""
                {Select}
                WHERE d.subscription_id = @subscriptionId{filter}
                ORDER BY d.event_position DESC {db.Dialect.Page}
                """, p, ct);
            return new Page<DeliveryResponse>(rows.Select(r => r.ToResponse()).ToList(), query.Page, query.PageSize,
                total);
        }
    }

    internal const string Select = """
        SELECT d.id, d.subscription_id, o.id AS event_id, o.type AS event_type, o.occurred_at, d.status, d.attempts, d.last_attempt_at,
               d.last_status, d.last_error, d.next_attempt_at, d.delivered_at
        FROM webhook_deliveries d JOIN outbox o ON o.position = d.event_position
        """;

    internal sealed record Row
    {
        public Guid Id { get; init; }
        public Guid SubscriptionId { get; init; }
        public Guid EventId { get; init; }
        public string EventType { get; init; } = "";
        public DateTimeOffset OccurredAt { get; init; }
        public string Status { get; init; } = "";
        public int Attempts { get; init; }
        public DateTimeOffset? LastAttemptAt { get; init; }
        public int? LastStatus { get; init; }
        public string? LastError { get; init; }
        public DateTimeOffset NextAttemptAt { get; init; }
        public DateTimeOffset? DeliveredAt { get; init; }

        public DeliveryResponse ToResponse()
        {
            var status = Enums.Parse<DeliveryStatus>(Status);
            return new(Id, SubscriptionId, EventId, EventType, OccurredAt, status, Attempts, LastAttemptAt, LastStatus,
                LastError,
                status == DeliveryStatus.Pending ? NextAttemptAt : null, DeliveredAt);
        }
    }
}

/// <summary>
/// Sends a delivery again, delivered or failed: it goes back in the queue now with a fresh 24-hour window and the same
/// webhook-id, so a receiver that stored it already can tell.
/// </summary>
public sealed record Redeliver(Guid SubscriptionId, Guid DeliveryId) : ICommand<Result<DeliveryResponse>>
{
    internal sealed class Handler(DbSession db,
        TimeProvider clock) : ICommandHandler<Redeliver, Result<DeliveryResponse>>
    {
        public async ValueTask<Result<DeliveryResponse>> Handle(Redeliver command, CancellationToken ct)
        {
            var now = clock.GetUtcNow();
            var updated = await db.ExecuteAsync("""
                UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = @now, give_up_at = @giveUpAt, lease_until = NULL, lease_owner = NULL
                WHERE id = @deliveryId AND subscription_id = @subscriptionId AND status <> 'pending'
                """, new { command.DeliveryId, command.SubscriptionId, now, giveUpAt = now + WebhookRetry.Window }, ct);
            var row = await db.QuerySingleOrDefaultAsync<ListDeliveries.Row>(
                $"{ListDeliveries.Select} WHERE d.id = @deliveryId AND d.subscription_id = @subscriptionId",
                new { command.DeliveryId, command.SubscriptionId }, ct);
            if (row is null) return Refusal.NotFound("Delivery");
            if (updated == 0)
                return new Refusal(RefusalKind.Conflict, "delivery-pending",
                    "The delivery is already waiting to be sent");
            return row.ToResponse();
        }
    }
}
