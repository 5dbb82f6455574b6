using Mediator;
using Microsoft.AspNetCore.Mvc;
using Salon.Api.Features.Events;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Events;
using Salon.Api.Infrastructure.Http;

namespace Salon.Api.Features.Webhooks;

public static class WebhooksEndpoints
{
    /// <summary>Webhooks and the live stream: settings, the dispatcher (unless `Webhooks:Dispatcher` is false) and its
    /// HTTP client.</summary>
    public static void AddWebhooks(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var options = builder.Configuration.GetSection("Webhooks").Get<WebhookOptions>() ?? new WebhookOptions();
        services.AddSingleton(options);
        services.AddSingleton(builder.Configuration.GetSection("Events").Get<EventStreamOptions>()
            ?? new EventStreamOptions());
        services.AddSingleton<WebhookMetrics>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddHttpClient(WebhookSender.ClientName, c => c.Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false, // followed by hand, to the same host only
                ConnectTimeout = TimeSpan.FromSeconds(Math.Min(5, options.TimeoutSeconds)),
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
        if (options.Dispatcher)
            services.AddHostedService<WebhookDispatcherService>();
    }

    public static void MapWebhooks(this IEndpointRouteBuilder app)
    {
        var webhooks = app.MapGroup("/api/v1/webhooks").WithTags("Webhooks").RequireAuthorization(Policies.Admin);

        webhooks.MapPost("/", async (CreateWebhook request, IMediator mediator, CancellationToken ct) =>
                (await mediator.Send(request, ct)).ToHttp(w => TypedResults.Created($"/api/v1/webhooks/{w.Id}", w)))
            .WithName("CreateWebhook").WithSummary("Subscribes a URL to events; the answer holds the signing secret, shown this once")
            .Produces<WebhookCreatedResponse>(201).ProducesErrors(400);

        webhooks.MapGet("/", async ([FromQuery] int? page, [FromQuery] int? pageSize, IMediator mediator,
            CancellationToken ct) =>
            {
                var paging = PageQuery.Read(page, pageSize);
                return TypedResults.Ok(paging.Of(await mediator.Send(new ListWebhooks(), ct)));
            })
            .WithName("ListWebhooks").Produces<Page<WebhookResponse>>().ProducesErrors(400);

        webhooks.MapGet("/{id:guid}", async (Guid id, IMediator mediator, HttpContext http, CancellationToken ct) =>
                (await mediator.Send(new GetWebhook(id), ct)).ToHttp(w => http.WithETag(w, w.Version)))
            .WithName("GetWebhook").Produces<WebhookResponse>().ProducesErrors(404);

        webhooks.MapPut("/{id:guid}", async (Guid id, WebhookChanges changes, IMediator mediator, HttpContext http,
            CancellationToken ct) =>
            {
                var expected = Versioning.ExpectedVersion(http.Request);
                if (expected.Refusal is { } refusal) return refusal.ToProblem();
                return (await mediator.Send(new UpdateWebhook(id, expected.Value, changes), ct)).ToHttp(w
                    => http.WithETag(w, w.Version));
            })
            .WithName("UpdateWebhook").WithSummary("Changes a subscription; active: true also resumes one paused after repeated failures")
            .Produces<WebhookResponse>().ProducesErrors(400, 404, 412, 428);

        webhooks.MapDelete("/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) =>
                (await mediator.Send(new DeleteWebhook(id), ct)).ToHttp(_ => TypedResults.NoContent()))
            .WithName("DeleteWebhook").Produces(204).ProducesErrors(404);

        webhooks.MapGet("/{id:guid}/deliveries", async (Guid id, [FromQuery] string? status, [FromQuery] int? page,
            [FromQuery] int? pageSize,
                    IMediator mediator, CancellationToken ct) =>
                (await mediator.Send(new ListDeliveries(id, status, page ?? 1, pageSize ?? 50), ct)).ToHttp(p
                    => TypedResults.Ok(p)))
            .WithName("ListWebhookDeliveries").WithSummary("The delivery log: status, attempts, last error, newest first")
            .Produces<Page<DeliveryResponse>>().ProducesErrors(400, 404);

        webhooks.MapPost("/{id:guid}/deliveries/{deliveryId:guid}/redeliver", async (Guid id, Guid deliveryId,
            IMediator mediator, CancellationToken ct) =>
                (await mediator.Send(new Redeliver(id, deliveryId), ct)).ToHttp(d => TypedResults.Ok(d)))
            .WithName("RedeliverWebhook").WithSummary("Sends a delivered or failed delivery again, with the same webhook-id")
            .Produces<DeliveryResponse>().ProducesErrors(404, 409);

        // Last-Event-ID is bound only so that the document declares it (a client that reconnects sends it);
        // EventStream reads and checks it itself.
        app.MapGet("/api/v1/events/stream", (HttpContext http, [FromHeader(Name = "Last-Event-ID")] string? lastEventId,
                    IServiceScopeFactory scopes, OutboxSignal signal, EventStreamOptions options,
                    CancellationToken ct) =>
                EventStream.RunAsync(http, scopes, signal, options, ct))
            .WithTags("Events").WithName("EventStream").RequireAuthorization(Policies.Desk)
            .WithSummary("Server-sent events: each change as it commits; reconnect with Last-Event-ID to get what was missed")
            .Produces(200, contentType: "text/event-stream").ProducesErrors(400);

        // Numbers only, no ids or bodies; for the admin (or a monitoring system holding an admin token).
        app.MapGet("/health/events", async (IServiceScopeFactory scopes, WebhookMetrics metrics, TimeProvider clock,
            CancellationToken ct) =>
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<DbSession>();
                return TypedResults.Ok(await metrics.ReadAsync(db, WebhookDispatcher.Cursor, clock.GetUtcNow(), ct));
            })
            .WithTags("Events").WithName("EventsHealth").RequireAuthorization(Policies.Admin).Produces<EventsHealth>();
    }
}
