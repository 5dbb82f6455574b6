using System.Security.Cryptography;
using System.Text.Json;
using Mediator;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Catalog;

public sealed record PublicService(Guid Id, string Name, ServiceKind Kind, int DurationMinutes, decimal Price,
    string Currency);

/// <summary>A therapist as the public sees them: a first name and an initial, and what they do.</summary>
public sealed record PublicTherapist(Guid Id, string Name, IReadOnlyList<string> Skills);

public sealed record CatalogResponse(IReadOnlyList<PublicService> Services, IReadOnlyList<PublicTherapist> Therapists);

/// <summary>
/// The menu the booking app shows before anyone logs in: active services with a price in force now, and the active
/// therapists' public names and skills. Nothing here is personal beyond a first name.
/// </summary>
public sealed record GetPublicCatalog : IQuery<CatalogResponse>
{
    internal sealed class Handler(DbSession db, TimeProvider clock) : IQueryHandler<GetPublicCatalog, CatalogResponse>
    {
        private const string Services = """
            SELECT s.id, s.name, s.kind, s.duration_minutes, p.amount_kopecks AS price_kopecks
            FROM services s
            JOIN service_prices p ON p.service_id = s.id AND p.effective_from = (
                SELECT MAX(p2.effective_from) FROM service_prices p2 WHERE p2.service_id = s.id AND p2.effective_from <= @at)
            WHERE s.active = @active
            ORDER BY s.name, s.id
            """;

        private const string Therapists = """
            SELECT t.id, t.first_name, t.last_name, k.skill
            FROM therapists t LEFT JOIN therapist_skills k ON k.therapist_id = t.id
            WHERE t.active = @active
            ORDER BY t.first_name, t.last_name, t.id, k.skill
            """;

        public async ValueTask<CatalogResponse> Handle(GetPublicCatalog query, CancellationToken ct)
        {
            var services = await db.QueryAsync<ServiceRow>(Services, new { at = clock.GetUtcNow(), active = true }, ct);
            var therapists = await db.QueryAsync<TherapistRow>(Therapists, new { active = true }, ct);
            return new CatalogResponse(
                services.Select(s => new PublicService(s.Id, s.Name, Enums.Parse<ServiceKind>(s.Kind),
                    s.DurationMinutes,
                    new Kopecks(s.PriceKopecks).ToRubles(), "RUB")).ToList(),
                therapists.GroupBy(t => t.Id).Select(g => new PublicTherapist(g.Key, PublicName(g.First()),
                    g.Where(t => t.Skill is not null).Select(t => t.Skill!).ToList())).ToList());
        }

        private static string PublicName(TherapistRow t)
            => t.LastName.Length == 0 ? t.FirstName : $"{t.FirstName} {t.LastName[0]}.";

        private sealed record ServiceRow
        {
            public Guid Id { get; init; }
            public string Name { get; init; } = "";
            public string Kind { get; init; } = "";
            public int DurationMinutes { get; init; }
            public long PriceKopecks { get; init; }
        }

        private sealed record TherapistRow
        {
            public Guid Id { get; init; }
            public string FirstName { get; init; } = "";
            public string LastName { get; init; } = "";
            public string? Skill { get; init; }
        }
    }
}

public static class PublicCatalogEndpoints
{
    /// <summary>Anonymous and cached: the ETag is the body's hash, so an unchanged menu is a 304 with no
    /// body.</summary>
    public static void MapPublicCatalog(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/catalog", async (IMediator mediator, HttpContext http, IOptions<JsonOptions> json,
            CancellationToken ct) =>
            {
                var catalog = await mediator.Send(new GetPublicCatalog(), ct);
                var body = JsonSerializer.SerializeToUtf8Bytes(catalog, json.Value.SerializerOptions);
                var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(body))[..32]}\"";
                http.Response.Headers.ETag = etag;
                http.Response.Headers.CacheControl = "public, max-age=60";
                if (http.Request.Headers.IfNoneMatch.Any(v => v == etag))
                    return Results.StatusCode(StatusCodes.Status304NotModified);
                return Results.Bytes(body, "application/json");
            })
            .WithName("GetPublicCatalog").WithTags("Catalog").AllowAnonymous()
            .Produces<CatalogResponse>().Produces(StatusCodes.Status304NotModified);
}
