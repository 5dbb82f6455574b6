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
/// behaviour claims the key and stores the response through it inside the command's own transaction, so a key is
/// taken exactly when the change commits and a failed or refused request leaves nothing behind.
/// </summary>
public sealed class IdempotencyContext(IOptions<JsonOptions> json, IdempotencyStore store)
{
    public string? Scope { get; private set; }
    public string? Key { get; private set; }
    public string? RequestHash { get; private set; }
    public int SuccessStatus { get; private set; }
    public string? LocationPrefix { get; private set; }
    public bool Completed { get; private set; }
    public bool IsActive => Key is not null && !Completed;

    public void Activate(string scope, string key, string requestHash, int successStatus, string? locationPrefix)
    {
        (Scope, Key, RequestHash, SuccessStatus, LocationPrefix) = (scope, key, requestHash, successStatus,
            locationPrefix);
    }

    public string? Location(object? value) => LocationPrefix is not null
        && value is IHasId created ? LocationPrefix + created.Id : null;

    public string Serialize(object? value) =>
        value is null ? "null" : JsonSerializer.Serialize(value, value.GetType(), json.Value.SerializerOptions);

    /// <summary>
    /// Claims the key as the transaction's first write; it travels with the handler's first statement. A key in use
    /// makes that statement fail on the primary key (after waiting for a concurrent owner to finish, on PostgreSQL).
    /// This key goes first if it expired or its in-flight mark was left by a request that died; other expired keys are
    /// the sweeper's (<see cref="IdempotencyKeySweeper"/>). Both statements find the key by its primary key whatever
    /// plan the server caches: dropping the caller's expired keys here too became, in PostgreSQL's cached generic plan,
    /// a scan of every key the caller holds (a desk's day of bookings), and concurrent claims waited on each other's
    /// deletions of the same old keys.
    /// </summary>
    public void Claim(DbSession db) => db.Defer(ClaimSql, store.ClaimArguments(Scope!, Key!, RequestHash!));

    internal const string ClaimSql = """
        DELETE FROM idempotency_keys WHERE scope = @idemScope AND idem_key = @idemKey
            AND (expires_at < @idemNow OR (status = 'in_flight' AND created_at < @idemAbandoned));
        INSERT INTO idempotency_keys (scope, idem_key, request_hash, status, created_at, expires_at)
        VALUES (@idemScope, @idemKey, @idemHash, 'in_flight', @idemNow, @idemExpires)
        """;

    /// <summary>The stored response commits with the change itself, in the round trip before the commit.</summary>
    public void Complete(DbSession session, object? value)
    {
        var (sql, args) = CompleteNow(value);
        session.Defer(sql, args);
    }

    /// <summary>
    /// The statement storing <paramref name="value"/> as the key's response, for a handler that sends it with its own
    /// last writes (one round trip fewer); the pipeline then stores nothing more. Called again, the last call's
    /// statement is the one to send (a handler that retried its writes after a savepoint).
    /// </summary>
    public (string Sql, object Args) CompleteNow(object? value)
    {
        Completed = true;
        return ("""
            UPDATE idempotency_keys SET status = 'done', response_status = @idemStatus, response_body = @idemBody,
                location = @idemLocation
            WHERE scope = @idemScope AND idem_key = @idemKey
            """, new { idemStatus = SuccessStatus, idemBody = Serialize(value), idemLocation = Location(value), idemScope = Scope,
                idemKey = Key });
    }
}

public abstract record IdempotencyStart
{
    public sealed record Replay(int Status, string Body, string? Location) : IdempotencyStart;
    public sealed record Refused(Refusal Refusal) : IdempotencyStart;
}

/// <summary>The request's key was taken by another request: what the filter answers instead of running it.</summary>
public sealed class IdempotencyKeyTaken(IdempotencyStart answer) : Exception("The Idempotency-Key is taken.")
{
    public IdempotencyStart Answer { get; } = answer;
}

/// <summary>Key records live in the database, so a retry finds them after a restart and on any instance.</summary>
public sealed class IdempotencyStore(ISqlDialect dialect, ConnectionSettings settings, TimeProvider clock,
    Infrastructure.SalonOptions salon)
{
    /// <summary>
    /// An in-flight mark older than this belongs to a request that died: a live request is cancelled at the request
    /// timeout (its transaction rolls back), so after the timeout and a margin a retry may safely take the key over.
    /// (Marks are written inside the request's own transaction now; committed ones come from earlier versions.)
    /// </summary>
    public TimeSpan AbandonedAfter => TimeSpan.FromSeconds(salon.RequestTimeoutSeconds + 5);

    public static readonly Refusal InFlight = new(RefusalKind.Conflict, "idempotency-in-flight",
        "A request with this Idempotency-Key is still being processed", "Retry after it finishes; you will get its response.");

    public static readonly Refusal KeyReused = new(RefusalKind.BusinessRule, "idempotency-key-reused",
        "This Idempotency-Key was used for a different request", "Use a new key for a new request.");

    internal object ClaimArguments(string scope, string key, string requestHash)
    {
        var now = clock.GetUtcNow();
        return new
        {
            idemScope = scope, idemKey = key, idemHash = requestHash, idemNow = now, idemAbandoned = now - AbandonedAfter,
            idemExpires = now.AddHours(salon.IdempotencyKeyHours),
        };
    }

    /// <summary>What a request whose key turned out to be taken answers; null when no record holds the key.</summary>
    public async Task<IdempotencyStart?> AnswerAsync(string scope, string key, string requestHash, CancellationToken ct)
    {
        await using var session = new DbSession(dialect, settings);
        var existing = await session.QuerySingleOrDefaultAsync<KeyRow>("""
            SELECT request_hash, status, response_status, response_body, location, created_at
            FROM idempotency_keys WHERE scope = @scope AND idem_key = @key
            """, new { scope, key }, ct);
        if (existing is null) return null;
        if (existing.RequestHash != requestHash) return new IdempotencyStart.Refused(KeyReused);
        if (existing.Status == "done")
            return new IdempotencyStart.Replay(existing.ResponseStatus ?? 200, existing.ResponseBody ?? "null",
                existing.Location);
        return new IdempotencyStart.Refused(InFlight);
    }

    /// <summary>The request's fingerprint; a JSON body counts by its meaning, so whitespace and key order do not
    /// matter.</summary>
    public static string Hash(string method, string path, byte[] body)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes(method + " " + path + "\n"));
        sha.AppendData(CanonicalJson(body) ?? body);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>Compact JSON with object members sorted by name (ordinal); null when the body is not JSON.</summary>
    public static byte[]? CanonicalJson(byte[] body)
    {
        System.Text.Json.Nodes.JsonNode? node;
        try
        {
            node = System.Text.Json.Nodes.JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
            Write(writer, node);
        return buffer.ToArray();

        static void Write(Utf8JsonWriter writer, System.Text.Json.Nodes.JsonNode? node)
        {
            switch (node)
            {
                case System.Text.Json.Nodes.JsonObject obj:
                    writer.WriteStartObject();
                    foreach (var (name, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                    {
                        writer.WritePropertyName(name);
                        Write(writer, value);
                    }
                    writer.WriteEndObject();
                    break;
                case System.Text.Json.Nodes.JsonArray array:
                    writer.WriteStartArray();
                    foreach (var item in array) Write(writer, item);
                    writer.WriteEndArray();
                    break;
                case null:
                    writer.WriteNullValue();
                    break;
                default:
                    node.WriteTo(writer);
                    break;
            }
        }
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

/// <summary>Makes a POST idempotent under an Idempotency-Key header: same key and body replays the first
/// response.</summary>
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

        var idempotency = http.RequestServices.GetRequiredService<IdempotencyContext>();
        idempotency.Activate(scope, key, hash, successStatus, locationPrefix);
        try
        {
            return await next(context);
        }
        catch (IdempotencyKeyTaken taken)
        {
            switch (taken.Answer)
            {
                case IdempotencyStart.Replay replay:
                    http.Response.Headers["Idempotent-Replayed"] = "true";
                    if (replay.Location is not null) http.Response.Headers.Location = replay.Location;
                    if (Versioning.InBody(replay.Body) is { } version) http.Response.Headers.ETag = Versioning.ETag(version);
                    return Results.Content(replay.Body, "application/json", System.Text.Encoding.UTF8, replay.Status);
                case IdempotencyStart.Refused refused:
                    return refused.Refusal.ToProblem();
                default:
                    throw;
            }
        }
    }
}

public static class IdempotencyEndpoints
{
    /// <summary>Buffers the body of requests that carry an Idempotency-Key, so the filter can hash exactly what was
    /// sent.</summary>
    public static IApplicationBuilder UseIdempotencyBuffering(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            if (http.Request.Headers.ContainsKey(IdempotencyFilter.Header))
                http.Request.EnableBuffering();
            await next(http);
        });

    public static RouteHandlerBuilder Idempotent(this RouteHandlerBuilder builder, int successStatus,
        string? locationPrefix = null) =>
        builder.AddEndpointFilter(new IdempotencyFilter(successStatus, locationPrefix))
            .WithMetadata(new IdempotentMetadata());
}

public sealed class IdempotentMetadata;

/// <summary>
/// Removes expired Idempotency-Keys every few minutes, off the requests' path (a claim removes only its own key). A
/// key past its expiry is already ignored by a claim, so the sweep only keeps the table to about a day of keys.
/// </summary>
public sealed class IdempotencyKeySweeper(ISqlDialect dialect, ConnectionSettings settings, TimeProvider clock,
    Microsoft.Extensions.Logging.ILogger<IdempotencyKeySweeper> logger) : Microsoft.Extensions.Hosting.BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromMinutes(5);

    public async Task<int> SweepAsync(CancellationToken ct)
    {
        await using var db = new DbSession(dialect, settings);
        await db.BeginAsync(ct); // a write like any other: on SQLite it queues on the writers' lock
        var removed = await db.ExecuteAsync("DELETE FROM idempotency_keys WHERE expires_at < @now",
            new { now = clock.GetUtcNow() }, ct);
        await db.CommitAsync(ct);
        return removed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, clock);
        do
        {
            try { await SweepAsync(stoppingToken); }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Sweeping expired idempotency keys failed; trying again in {Minutes} min",
                    Every.TotalMinutes);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
