using System.Security.Cryptography;
using Mediator;
using Salon.Api.Infrastructure.Http;
using Salon.Api.Infrastructure.Data;
using Salon.Domain;

namespace Salon.Api.Features.Webhooks;

/// <summary>A subscription as the admin sees it; the signing secret is shown once, when it is created.</summary>
public sealed record WebhookResponse(Guid Id, string Url, IReadOnlyList<string> EventTypes, string? Description,
    bool Active,
    DateTimeOffset? PausedAt, int FailuresInRow, long Version, DateTimeOffset CreatedAt);

/// <summary>The answer to creating a subscription: the subscription and its secret (`whsec_...`), which is never shown
/// again.</summary>
public sealed record WebhookCreatedResponse(Guid Id, string Url, IReadOnlyList<string> EventTypes, string? Description,
    bool Active,
    long Version, DateTimeOffset CreatedAt, string Secret);

/// <summary>The fields of a subscription, checked the same way on create and update.</summary>
internal static class WebhookRules
{
    public static void Check(ValidationErrors errors, string url, IReadOnlyList<string>? eventTypes,
        string? description)
    {
        errors.Required("url", url, 2000);
        // Only plain web URLs: no file:, ftp: or other schemes a server-side request could be pointed at.
        if (!string.IsNullOrWhiteSpace(url)
            && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp
                && uri.Scheme != Uri.UriSchemeHttps)
                || !string.IsNullOrEmpty(uri.UserInfo)))
            errors.Add("url", "must be an absolute http or https URL without credentials");
        if (eventTypes is null || eventTypes.Count == 0)
            errors.Add("eventTypes", $"name one or more of: {string.Join(", ", Salon.Domain.EventTypes.All)}");
        else if (eventTypes.FirstOrDefault(t => !Salon.Domain.EventTypes.All.Contains(t)) is { } unknown)
            errors.Add("eventTypes",
                $"'{unknown}' is not an event type; known: {string.Join(", ", Salon.Domain.EventTypes.All)}");
        errors.Optional("description", description, 200);
    }

    /// <summary>The URL as stored: its canonical form (lower-case scheme and host), which the database's check also
    /// reads.</summary>
    public static string Canonical(string url) => new Uri(url.Trim()).AbsoluteUri;

    public static string Join(IReadOnlyList<string> types) => string.Join(",",
        types.Distinct().Order(StringComparer.Ordinal));

    public static IReadOnlyList<string> Split(string types) => types.Split(',', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>32 random bytes, base64, with the Standard Webhooks prefix.</summary>
    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}

public sealed record CreateWebhook(string Url, IReadOnlyList<string> EventTypes, string? Description = null)
    : ICommand<Result<WebhookCreatedResponse>>, IValidate
{
    public void Validate(ValidationErrors errors) => WebhookRules.Check(errors, Url, EventTypes, Description);

    internal sealed class Handler(DbSession db,
        TimeProvider clock) : ICommandHandler<CreateWebhook, Result<WebhookCreatedResponse>>
    {
        public async ValueTask<Result<WebhookCreatedResponse>> Handle(CreateWebhook command, CancellationToken ct)
        {
            var id = Guid.CreateVersion7();
            var secret = WebhookRules.NewSecret();
            var now = clock.GetUtcNow();
            await db.ExecuteAsync("""
                INSERT INTO webhook_subscriptions (id, url, event_types, description, secret, active, paused_at, failures_in_row, version, created_at)
                VALUES (@id, @url, @types, @description, @secret, @active, NULL, 0, 1, @now)
                """, new { id, url = WebhookRules.Canonical(command.Url), types = WebhookRules.Join(command.EventTypes), command.Description, secret, active = true, now }, ct);
            var w = (await WebhookReader.ReadAsync(db, id, ct))!;
            return new WebhookCreatedResponse(w.Id, w.Url, w.EventTypes, w.Description, w.Active, w.Version,
                w.CreatedAt, secret);
        }
    }
}

public sealed record ListWebhooks : IQuery<IReadOnlyList<WebhookResponse>>
{
    internal sealed class Handler(DbSession db) : IQueryHandler<ListWebhooks, IReadOnlyList<WebhookResponse>>
    {
        public async ValueTask<IReadOnlyList<WebhookResponse>> Handle(ListWebhooks query, CancellationToken ct) =>
            (await db.QueryAsync<WebhookReader.Row>($"{WebhookReader.Select} ORDER BY created_at, id", null,
                ct)).Select(r => r.ToResponse()).ToList();
    }
}

public sealed record GetWebhook(Guid Id) : IQuery<Result<WebhookResponse>>
{
    internal sealed class Handler(DbSession db) : IQueryHandler<GetWebhook, Result<WebhookResponse>>
    {
        public async ValueTask<Result<WebhookResponse>> Handle(GetWebhook query, CancellationToken ct) =>
            await WebhookReader.ReadAsync(db, query.Id, ct) is { } w ? w : Refusal.NotFound("Webhook");
    }
}

/// <summary>The new state of a subscription. Setting `active` to true also resumes one the dispatcher paused.</summary>
public sealed record WebhookChanges(string Url, IReadOnlyList<string> EventTypes, bool Active,
    string? Description = null);

public sealed record UpdateWebhook(Guid Id, long ExpectedVersion,
    WebhookChanges Changes) : ICommand<Result<WebhookResponse>>, IValidate
{
    public void Validate(ValidationErrors errors) => WebhookRules.Check(errors, Changes.Url, Changes.EventTypes,
        Changes.Description);

    internal sealed class Handler(DbSession db) : ICommandHandler<UpdateWebhook, Result<WebhookResponse>>
    {
        public async ValueTask<Result<WebhookResponse>> Handle(UpdateWebhook command, CancellationToken ct)
        {
            var c = command.Changes;
            var refused = await VersionedUpdate.RunAsync(db, """
                UPDATE webhook_subscriptions SET url = @url, event_types = @types, description = @description, active = @active,
                    paused_at = CASE WHEN @active = @yes THEN NULL ELSE paused_at END,
                    failures_in_row = CASE WHEN @active = @yes THEN 0 ELSE failures_in_row END, version = version + 1
                WHERE id = @id AND version = @expectedVersion
                """, new { command.Id, url = WebhookRules.Canonical(c.Url), types = WebhookRules.Join(c.EventTypes), c.Description, c.Active, yes = true },
                command.ExpectedVersion, "webhook_subscriptions", command.Id, "Webhook",
                new Refusal(RefusalKind.Conflict, "conflict", "Conflict"), ct);
            return refused is { } r ? r : (await WebhookReader.ReadAsync(db, command.Id, ct))!;
        }
    }
}

public sealed record DeleteWebhook(Guid Id) : ICommand<Result<bool>>
{
    internal sealed class Handler(DbSession db) : ICommandHandler<DeleteWebhook, Result<bool>>
    {
        public async ValueTask<Result<bool>> Handle(DeleteWebhook command, CancellationToken ct)
        {
            await db.ExecuteAsync("DELETE FROM webhook_deliveries WHERE subscription_id = @id", new { command.Id }, ct);
            return await db.ExecuteAsync("DELETE FROM webhook_subscriptions WHERE id = @id", new { command.Id }, ct) > 0
                ? true
                : Refusal.NotFound("Webhook");
        }
    }
}

internal static class WebhookReader
{
    public const string Select = """
        SELECT id, url, event_types, description, active, paused_at, failures_in_row, version, created_at FROM webhook_subscriptions
        """;

    public static async Task<WebhookResponse?> ReadAsync(DbSession db, Guid id, CancellationToken ct) =>
        (await db.QuerySingleOrDefaultAsync<Row>($"{Select} WHERE id = @id", new { id }, ct))?.ToResponse();

    public sealed record Row
    {
        public Guid Id { get; init; }
        public string Url { get; init; } = "";
        public string EventTypes { get; init; } = "";
        public string? Description { get; init; }
        public bool Active { get; init; }
        public DateTimeOffset? PausedAt { get; init; }
        public int FailuresInRow { get; init; }
        public long Version { get; init; }
        public DateTimeOffset CreatedAt { get; init; }

        public WebhookResponse ToResponse() =>
            new(Id, Url, WebhookRules.Split(EventTypes), Description, Active, PausedAt, FailuresInRow, Version,
                CreatedAt);
    }
}
