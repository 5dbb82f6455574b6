using Salon.Api.Features.Shared;
using Salon.Api.Features.Ledger;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Salon.Api.Infrastructure.Http;

namespace Salon.Api.Features.Packages;

public sealed record FreezeRequest(DateOnly From, DateOnly To);
public sealed record PackageRefundRequest(PayMethod? Method = null, string? Reason = null);
public sealed record ExpiryRun(int Expired);

public static class PackagesEndpoints
{
    public static void MapPackages(this IEndpointRouteBuilder app)
    {
        var templates = app.MapGroup("/api/v1/package-templates").WithTags("Packages");
        templates.MapGet("/", async ([FromQuery] int? page, [FromQuery] int? pageSize, IMediator mediator,
            CancellationToken ct) =>
            {
                var paging = PageQuery.Read(page, pageSize);
                return TypedResults.Ok(paging.Of(await mediator.Send(new ListTemplates(), ct)));
            })
            .WithName("ListPackageTemplates").RequireAuthorization(Policies.Any).Produces<Page<TemplateResponse>>()
            .ProducesErrors(400);
        templates.MapPost("/", async (CreateTemplate request, IMediator mediator, CancellationToken ct) =>
                (await mediator.Send(request, ct)).ToHttp(t => TypedResults.Created($"/api/v1/package-templates/{t.Id}",
                    t)))
            .WithName("CreatePackageTemplate").RequireAuthorization(Policies.Admin).Produces<TemplateResponse>(201).ProducesErrors(400, 404, 409);

        var packages = app.MapGroup("/api/v1/packages").WithTags("Packages");
        packages.MapPost("/", async (SellPackage request, IMediator mediator, CancellationToken ct) =>
                (await mediator.Send(request, ct)).ToHttp(p => TypedResults.Created($"/api/v1/packages/{p.Id}", p)))
            .WithName("SellPackage").RequireAuthorization(Policies.Desk).Idempotent(201, "/api/v1/packages/")
            .Produces<PackageResponse>(201).ProducesErrors(400, 404, 409, 422);
        packages.MapGet("/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) =>
                (await mediator.Send(new GetPackage(id), ct)).ToHttp(p => TypedResults.Ok(p)))
            .WithName("GetPackage").RequireAuthorization(Policies.DeskOrClient).Produces<PackageResponse>().ProducesErrors(404);
        packages.MapPost("/{id:guid}/freeze", async (Guid id, FreezeRequest request, IMediator mediator,
            CancellationToken ct) =>
                (await mediator.Send(new FreezePackage(id, request.From, request.To), ct)).ToHttp(p
                    => TypedResults.Ok(p)))
            .WithName("FreezePackage").RequireAuthorization(Policies.Desk).Produces<PackageResponse>().ProducesErrors(400, 404, 409, 412, 422);
        packages.MapPost("/{id:guid}/refund", async (Guid id, PackageRefundRequest request, IMediator mediator,
            CancellationToken ct) =>
                (await mediator.Send(new RefundPackage(id, request.Method, request.Reason), ct)).ToHttp(p
                    => TypedResults.Created($"/api/v1/payments/{p.Id}", p)))
            .WithName("RefundPackage").RequireAuthorization(Policies.Desk).Idempotent(201, "/api/v1/payments/")
            .Produces<PaymentResponse>(201).ProducesErrors(400, 404, 409, 412, 422);
        packages.MapPost("/expire", async (IMediator mediator, CancellationToken ct)
            => TypedResults.Ok(new ExpiryRun(await mediator.Send(new ExpirePackages(), ct))))
            .WithName("ExpirePackages").RequireAuthorization(Policies.Admin).ProducesErrors();

        app.MapGet("/api/v1/clients/{clientId:guid}/packages", async (Guid clientId, [FromQuery] int? page,
            [FromQuery] int? pageSize, IMediator mediator, CancellationToken ct) =>
            {
                var paging = PageQuery.Read(page, pageSize);
                return (await mediator.Send(new ListClientPackages(clientId), ct)).ToHttp(p
                    => TypedResults.Ok(paging.Of(p)));
            })
            .WithName("ListClientPackages").WithTags("Packages").RequireAuthorization(Policies.DeskOrClient)
            .Produces<Page<PackageResponse>>().ProducesErrors(400, 404);
    }
}
