using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Salon.Api.Features.Webhooks;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests.Events;

/// <summary>What the event tests share: a receiver subscribed to events, and the dispatcher run by hand until it is
/// idle.</summary>
public abstract class EventTests(SalonApp app) : ProviderTests(app)
{
    protected WebhookDispatcher Dispatcher => App.Services.GetRequiredService<WebhookDispatcher>();

    /// <summary>A second dispatcher on the same database, as another API instance would run it.</summary>
    protected WebhookDispatcher AnotherDispatcher()
        => ActivatorUtilities.CreateInstance<WebhookDispatcher>(App.Services);

    /// <summary>Runs dispatcher rounds until a round finds nothing to do.</summary>
    protected static async Task DispatchAsync(WebhookDispatcher dispatcher, CancellationToken ct = default)
    {
        for (var round = 0; round < 100 && await dispatcher.RunOnceAsync(ct) > 0; round++) { }
    }

    protected Task DispatchAsync() => DispatchAsync(Dispatcher);

    /// <summary>Waits until every committed event has its position (PostgreSQL numbers them just after commit; the
    /// others as they write them).</summary>
    protected async Task AllNumberedAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await App.ScalarAsync<long>("SELECT COUNT(*) FROM outbox WHERE position < 0") > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "events stayed unnumbered for 10 s");
            await Task.Delay(20);
        }
    }

    /// <summary>
    /// Starts a receiver and subscribes it; earlier tests' subscriptions on this database are switched off and their
    /// events queued first, so the receiver sees only what this test does from now on.
    /// </summary>
    protected async Task<(WebhookReceiver Receiver, Guid Subscription)> SubscribeAsync(string? path = null,
        params string[] types)
    {
        await App.ScalarAsync<int>("UPDATE webhook_subscriptions SET active = @no", new { no = false });
        await DispatchAsync();
        var receiver = await WebhookReceiver.StartAsync();
        receiver.Clock = App.Clock.GetUtcNow;
        var created = await (await App.Admin().PostJson("/api/v1/webhooks", new
        {
            url = receiver.BaseUrl + (path ?? "/hook"),
            eventTypes = types.Length > 0 ? types : Salon.Domain.EventTypes.All.ToArray(),
        })).Expect(HttpStatusCode.Created);
        receiver.Secret = (string)created["secret"]!;
        return (receiver, Guid.Parse((string)created["id"]!));
    }

    protected async Task<JsonNode> DeliveriesAsync(Guid subscription, string query = "") =>
        await (await App.Admin().GetAsync($"/api/v1/webhooks/{subscription}/deliveries{query}")).Expect(HttpStatusCode.OK);

    protected static JsonNode Body(ReceivedWebhook webhook) => JsonNode.Parse(webhook.Body)!;

    protected static string Type(ReceivedWebhook webhook) => (string)Body(webhook)["type"]!;
}
