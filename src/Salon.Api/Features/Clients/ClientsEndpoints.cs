using Mediator;
using Microsoft.AspNetCore.Mvc;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Clients;

/// <param name="GuardianName">A guardian's consent (desk only): the guardian's name, relation and identity
/// document.</param>
public sealed record ConsentRequest(ConsentKind Kind, ConsentChannel Channel, string? GuardianName = null,
    string? GuardianRelation = null,
    string? GuardianDocument = null);

public static class ClientsEndpoints
{
    public static void MapClients(this IEndpointRouteBuilder app)
    {
        var clients = app.MapGroup("/api/v1/clients").WithTags("Clients").RequireAuthorization(Policies.Desk);

        clients.MapPost("/", async (RegisterClient request, IMediator mediator, HttpContext http,
            CancellationToken ct) =>
                (await mediator.Send(request, ct)).ToHttp(c =>
                {
                    http.Response.Headers.ETag = Versioning.ETag(c.Version);
                    return TypedResults.Created($"/api/v1/clients/{c.Id}", c);
                }))
            .WithName("RegisterClient").Produces<ClientResponse>(201).ProducesErrors(400, 409);

        clients.MapGet("/{id:guid}", async (Guid id, IMediator mediator, HttpContext http, CancellationToken ct) =>
                (await mediator.Send(new GetClient(id), ct)).ToHttp(c => http.WithETag(c, c.Version)))
            .WithName("GetClient").Produces<ClientResponse>().ProducesErrors(404);

        clients.MapPut("/{id:guid}", async (Guid id, ClientChanges changes, IMediator mediator, HttpContext http,
            CancellationToken ct) =>
            {
                var expected = Versioning.ExpectedVersion(http.Request);
                if (expected.Refusal is { } refusal) return refusal.ToProblem();
                return (await mediator.Send(new UpdateClient(id, expected.Value, changes), ct)).ToHttp(c
                    => http.WithETag(c, c.Version));
            })
            .WithName("UpdateClient").Produces<ClientResponse>().ProducesErrors(400, 404, 409, 412, 428);

        clients.MapGet("/", async ([FromQuery] string? query, [FromQuery] int? page, [FromQuery] int? pageSize,
            IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new SearchClients(query, page ?? 1, pageSize ?? 20), ct)))
            .WithName("SearchClients").Produces<Page<ClientSummary>>().ProducesErrors(400);

        clients.MapPost("/{id:guid}/consents", async (Guid id, ConsentRequest request, IMediator mediator,
            HttpContext http, CancellationToken ct) =>
                (await mediator.Send(new RecordConsent(id, request.Kind, request.Channel, ConsentRecorder.Desk,
                    request.GuardianName,
                    request.GuardianRelation, request.GuardianDocument), ct)).ToHttp(c => http.WithETag(c, c.Version)))
            .WithName("RecordConsent").Produces<ClientResponse>().ProducesErrors(400, 404, 422);

        clients.MapPost("/{id:guid}/consents/{consentId:guid}/withdraw", async (Guid id, Guid consentId,
            IMediator mediator, HttpContext http, CancellationToken ct) =>
                (await mediator.Send(new WithdrawConsent(id, consentId), ct)).ToHttp(c => http.WithETag(c, c.Version)))
            .WithName("WithdrawConsent").Produces<ClientResponse>().ProducesErrors(404, 409);
    }
}
