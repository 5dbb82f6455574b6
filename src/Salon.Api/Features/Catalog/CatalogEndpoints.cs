using Mediator;
using Microsoft.AspNetCore.Mvc;
using Salon.Api.Infrastructure.Http;

namespace Salon.Api.Features.Catalog;

public sealed record ServiceUpdate(string Name, ServiceKind Kind, ScreeningKind ScreeningKind, int DurationMinutes,
    int BufferMinutes,
    string RequiredSkill, bool Active, string? DeviceType = null);

public sealed record PriceRequest(decimal Price, DateTimeOffset? EffectiveFrom = null);

public sealed record MaintenanceRequest(DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Reason = null);

public static class CatalogEndpoints
{
    public static void MapCatalog(this IEndpointRouteBuilder app)
    {
        var services = app.MapGroup("/api/v1/services").WithTags("Catalog");

        services.MapGet("/", async ([FromQuery] bool? includeInactive, [FromQuery] int? page, [FromQuery] int? pageSize,
            IMediator mediator,
                CancellationToken ct) => TypedResults.Ok(await mediator.Send(new ListServices(includeInactive ?? false,
                    page ?? 1, pageSize ?? 20), ct)))
            .WithName("ListServices").RequireAuthorization(Policies.Staff).Produces<Page<ServiceResponse>>().ProducesErrors(400);

        services.MapGet("/{id:guid}", async (Guid id, IMediator mediator, HttpContext http, CancellationToken ct) =>
                (await mediator.Send(new GetService(id), ct)).ToHttp(s => http.WithETag(s, s.Version)))
            .WithName("GetService").RequireAuthorization(Policies.Staff).Produces<ServiceResponse>().ProducesErrors(404);

        services.MapPost("/", async (CreateService request, IMediator mediator, HttpContext http,
            CancellationToken ct) =>
                (await mediator.Send(request, ct)).ToHttp(s =>
                {
                    http.Response.Headers.ETag = Versioning.ETag(s.Version);
                    return TypedResults.Created($"/api/v1/services/{s.Id}", s);
                }))
            .WithName("CreateService").RequireAuthorization(Policies.Admin).Produces<ServiceResponse>(201).ProducesErrors(400, 409);

        services.MapPut("/{id:guid}", async (Guid id, ServiceUpdate request, IMediator mediator, HttpContext http,
            CancellationToken ct) =>
            {
                var expected = Versioning.ExpectedVersion(http.Request);
                if (expected.Refusal is { } refusal) return refusal.ToProblem();
                var definition = new ServiceDefinition(request.Name, request.Kind, request.ScreeningKind,
                    request.DurationMinutes,
                    request.BufferMinutes, request.RequiredSkill, request.DeviceType);
                return (await mediator.Send(new UpdateService(id, expected.Value, definition, request.Active),
                    ct)).ToHttp(s => http.WithETag(s, s.Version));
            })
            .WithName("UpdateService").RequireAuthorization(Policies.Admin).Produces<ServiceResponse>().ProducesErrors(400, 404, 409, 412, 428);

        services.MapGet("/{id:guid}/prices", async (Guid id, [FromQuery] int? page, [FromQuery] int? pageSize,
            IMediator mediator, CancellationToken ct) =>
            {
                var paging = PageQuery.Read(page, pageSize);
                return (await mediator.Send(new ListPrices(id), ct)).ToHttp(p => TypedResults.Ok(paging.Of(p)));
            })
            .WithName("ListPrices").RequireAuthorization(Policies.Staff).Produces<Page<PriceResponse>>()
            .ProducesErrors(400, 404);

        services.MapGet("/{id:guid}/price", async (Guid id, [FromQuery] DateTimeOffset? at, IMediator mediator,
            CancellationToken ct) =>
                (await mediator.Send(new GetPriceAt(id, at), ct)).ToHttp(p => TypedResults.Ok(p)))
            .WithName("GetPriceAt").RequireAuthorization(Policies.Staff).Produces<PriceResponse>().ProducesErrors(400,
                404);

        services.MapPost("/{id:guid}/prices", async (Guid id, PriceRequest request, IMediator mediator,
            CancellationToken ct) =>
                (await mediator.Send(new SetPrice(id, request.Price, request.EffectiveFrom), ct)).ToHttp(p
                    => TypedResults.Created($"/api/v1/services/{id}/prices", p)))
            .WithName("SetPrice").RequireAuthorization(Policies.Admin).Produces<PriceResponse>(201).ProducesErrors(400,
                404, 409, 422);

        var devices = app.MapGroup("/api/v1/devices").WithTags("Catalog");

        devices.MapGet("/", async ([FromQuery] string? deviceType, [FromQuery] int? page, [FromQuery] int? pageSize,
            IMediator mediator, CancellationToken ct) =>
            {
                var paging = PageQuery.Read(page, pageSize);
                return TypedResults.Ok(paging.Of(await mediator.Send(new ListDevices(deviceType), ct)));
            })
            .WithName("ListDevices").RequireAuthorization(Policies.Staff).Produces<Page<DeviceResponse>>()
            .ProducesErrors(400);

        devices.MapGet("/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) =>
                (await mediator.Send(new GetDevice(id), ct)).ToHttp(d => TypedResults.Ok(d)))
            .WithName("GetDevice").RequireAuthorization(Policies.Staff).Produces<DeviceResponse>().ProducesErrors(404);

        devices.MapPost("/", async (CreateDevice request, IMediator mediator, CancellationToken ct) =>
                (await mediator.Send(request, ct)).ToHttp(d => TypedResults.Created($"/api/v1/devices/{d.Id}", d)))
            .WithName("CreateDevice").RequireAuthorization(Policies.Admin).Produces<DeviceResponse>(201).ProducesErrors(400, 409);

        devices.MapPost("/{id:guid}/maintenance", async (Guid id, MaintenanceRequest request, IMediator mediator,
            CancellationToken ct) =>
                (await mediator.Send(new AddMaintenance(id, request.StartsAt, request.EndsAt, request.Reason),
                    ct)).ToHttp(d => TypedResults.Ok(d)))
            .WithName("AddMaintenance").RequireAuthorization(Policies.Admin).Produces<DeviceResponse>().ProducesErrors(400, 404);

        devices.MapDelete("/{id:guid}/maintenance/{windowId:guid}", async (Guid id, Guid windowId, IMediator mediator,
            CancellationToken ct) =>
                (await mediator.Send(new RemoveMaintenance(id, windowId), ct)).ToHttp(d => TypedResults.Ok(d)))
            .WithName("RemoveMaintenance").RequireAuthorization(Policies.Admin).Produces<DeviceResponse>().ProducesErrors(404);
    }
}
