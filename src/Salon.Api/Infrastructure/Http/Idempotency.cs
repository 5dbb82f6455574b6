using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Salon.Api.Infrastructure.Data;
using Salon.Domain;

namespace Salon.Api.Infrastructure.Http;

/// <summary>A created resource that can be found again at a location built from its id.</summary>
public interface IHasId
{
    Guid Id { get; }
}

/// <summary>
/// The Idempotency-Key of the current request, if any. Set by <see cref="IdempotencyFilter"/>; the transaction
/// behaviour stores the response through it inside the command's own transaction.
/// </summary>
public sealed class IdempotencyContext(IOptions<JsonOptions> json)
{
    public string? Scope { get; private set; }
    public string? Key { get; private set; }
    public int SuccessStatus { get; private set; }
    public string? LocationPrefix { get; private set; }
    public bool Completed { get; private set; }
    public bool IsActive => Key is not null && !Completed;

    public void Activate(string scope, string key, int successStatus, string? locationPrefix)
    {
        (Scope, Key, SuccessStatus, LocationPrefix) = (scope, key, successStatus, locationPrefix);
    }

    public string? Location(object? value) => LocationPrefix is not null && value is IHasId created ? LocationPrefix + created.Id : null;

    public string Serialize(object? value) =>
        value is null ? "null" : JsonSerializer.Serialize(value, value.GetType(), json.Value.SerializerOptions);

    public async Task CompleteAsync(DbSession session, object? value, CancellationToken ct)
    {
        await session.ExecuteAsync("""
            UPDATE idempotency_keys SET status = 'done', response_status = @status, response_body = @body, location = @location
            WHERE scope = @scope AND idem_key = @key
            """, new { status = SuccessStatus, body = Serialize(value), location = Location(value), scope = Scope, key = Key }, ct);
        Completed = true;
    }
}

public abstract record IdempotencyStart
{
    public sealed record Proceed : IdempotencyStart;
    public sealed record Replay(int Status, string Body, string? Location) : IdempotencyStart;
    public sealed record Refused(Refusal Refusal) : IdempotencyStart;
}

/// <summary>
/// Key records live in the database, so a retry finds them after a restart and on any instance.
/// The in-flight mark is committed on its own first, so that a concurrent retry sees it at once instead of waiting.
/// </summary>
public sealed class IdempotencyStore(ISqlDialect dialect, ConnectionSettings settings, TimeProvider clock, Infrastructure.SalonOptions salon)
{
    /// <summary>An in-flight mark older than this belongs to a request that died; a retry may take it over.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(2);

    public static readonly Refusal InFlight = new(RefusalKind.Conflict, "idempotency-in-flight",
        "A request with this Idempotency-Key is still being processed", "Retry after it finishes; you will get its response.");

    public static readonly Refusal KeyReused = new(RefusalKind.BusinessRule, "idempotency-key-reused",
        "This Idempotency-Key was used for a different request", "Use a new key for a new request.");

    public async Task<IdempotencyStart> BeginAsync(string scope, string key, string requestHash, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var session = new DbSession(dialect, settings);
        await session.BeginAsync(ct);
        await session.ExecuteAsync("DELETE FROM idempotency_keys WHERE scope = @scope AND expires_at < @now", new { scope, now }, ct);
        var existing = await session.QuerySingleOrDefaultAsync<KeyRow>("""
            SELECT request_hash, status, response_status, response_body, location, created_at
            FROM idempotency_keys WHERE scope = @scope AND idem_key = @key
            """, new { scope, key }, ct);

        IdempotencyStart start;
        if (existing is null)
        {
            try
            {
                await session.ExecuteAsync("""
                    INSERT INTO idempotency_keys (scope, idem_key, request_hash, status, created_at, expires_at)
                    VALUES (@scope, @key, @requestHash, 'in_flight', @now, @expires)
                    """, new { scope, key, requestHash, now, expires = now.AddHours(salon.IdempotencyKeyHours) }, ct);
                start = new IdempotencyStart.Proceed();
            }
            catch (Exception ex) when (dialect.IsUniqueViolation(ex))
            {
                start = new IdempotencyStart.Refused(InFlight); // another request inserted it between our read and write
            }
        }
        else if (existing.RequestHash != requestHash)
            start = new IdempotencyStart.Refused(KeyReused);
        else if (existing.Status == "done")
            start = new IdempotencyStart.Replay(existing.ResponseStatus ?? 200, existing.ResponseBody ?? "null", existing.Location);
        else if (now - existing.CreatedAt > AbandonedAfter &&
                 await session.ExecuteAsync("UPDATE idempotency_keys SET created_at = @now WHERE scope = @scope AND idem_key = @key AND status = 'in_flight' AND created_at = @createdAt",
                     new { now, scope, key, createdAt = existing.CreatedAt }, ct) == 1)
            start = new IdempotencyStart.Proceed();
        else
            start = new IdempotencyStart.Refused(InFlight);

        if (start is IdempotencyStart.Refused { Refusal.Code: "idempotency-in-flight" } && existing is null)
            await session.RollbackAsync();
        else
            await session.CommitAsync(ct);
        return start;
    }

    /// <summary>A refused or failed request leaves nothing behind, so a retry with the same key runs again.</summary>
    public async Task ForgetAsync(string scope, string key)
    {
        await using var session = new DbSession(dialect, settings);
        await session.ExecuteAsync("DELETE FROM idempotency_keys WHERE scope = @scope AND idem_key = @key AND status = 'in_flight'",
            new { scope, key }, CancellationToken.None);
    }

    public static string Hash(string method, string path, ReadOnlySpan<byte> body)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes(method + " " + path + "\n"));
        sha.AppendData(body);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private sealed record KeyRow
    {
        public string RequestHash { get; init; } = "";
        public string Status { get; init; } = "";
        public int? ResponseStatus { get; init; }
        public string? ResponseBody { get; init; }
        public string? Location { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
    }
}

/// <summary>Makes a POST idempotent under an Idempotency-Key header: same key and body replays the first response.</summary>
public sealed class IdempotencyFilter(int successStatus, string? locationPrefix) : IEndpointFilter
{
    public const string Header = "Idempotency-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = http.Request.Headers[Header].ToString();
        if (key.Length == 0)
            return await next(context);
        if (key.Length > 100 || key.Any(char.IsControl))
            return Refusal.Invalid(Header, "must be 1 to 100 printable characters").ToProblem();

        var scope = http.RequestServices.GetRequiredService<CurrentUser>().Id?.ToString() ?? "anonymous";
        http.Request.Body.Position = 0;
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        var hash = IdempotencyStore.Hash(http.Request.Method, http.Request.Path, buffer.ToArray());

        var store = http.RequestServices.GetRequiredService<IdempotencyStore>();
        switch (await store.BeginAsync(scope, key, hash, http.RequestAborted))
        {
            case IdempotencyStart.Refused refused:
                return refused.Refusal.ToProblem();
            case IdempotencyStart.Replay replay:
                http.Response.Headers["Idempotent-Replayed"] = "true";
                if (replay.Location is not null) http.Response.Headers.Location = replay.Location;
                if (Versioning.InBody(replay.Body) is { } version) http.Response.Headers.ETag = Versioning.ETag(version);
                return Results.Content(replay.Body, "application/json", System.Text.Encoding.UTF8, replay.Status);
        }

        var idempotency = http.RequestServices.GetRequiredService<IdempotencyContext>();
        idempotency.Activate(scope, key, successStatus, locationPrefix);
        try
        {
            return await next(context);
        }
        finally
        {
            if (!idempotency.Completed)
                await store.ForgetAsync(scope, key);
        }
    }
}

public static class IdempotencyEndpoints
{
    /// <summary>Buffers the body of requests that carry an Idempotency-Key, so the filter can hash exactly what was sent.</summary>
    public static IApplicationBuilder UseIdempotencyBuffering(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            if (http.Request.Headers.ContainsKey(IdempotencyFilter.Header))
                http.Request.EnableBuffering();
            await next(http);
        });

    public static RouteHandlerBuilder Idempotent(this RouteHandlerBuilder builder, int successStatus, string? locationPrefix = null) =>
        builder.AddEndpointFilter(new IdempotencyFilter(successStatus, locationPrefix))
            .WithMetadata(new IdempotentMetadata());
}

public sealed class IdempotentMetadata;
