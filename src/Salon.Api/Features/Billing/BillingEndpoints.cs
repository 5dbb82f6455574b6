using Salon.Api.Features.Shared;
using Salon.Api.Features.Ledger;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Salon.Api.Features.Packages;
using Salon.Api.Infrastructure.Http;

namespace Salon.Api.Features.Billing;

public sealed record PaymentRequest(decimal Amount, PayMethod Method);
public sealed record RefundRequest(decimal Amount);

public static class BillingEndpoints
{
    public static void MapBilling(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/bookings/{id:guid}/payments", async (Guid id, PaymentRequest request, IMediator mediator,
            CancellationToken ct) =>
                (await mediator.Send(new PayVisit(id, request.Amount, request.Method), ct)).ToHttp(p
                    => TypedResults.Created($"/api/v1/payments/{p.Id}", p)))
            .WithName("PayVisit").WithTags("Billing").RequireAuthorization(Policies.Desk).Idempotent(201,
                "/api/v1/payments/")
            .Produces<PaymentResponse>(201).ProducesErrors(400, 404, 409, 422);

        app.MapPost("/api/v1/payments/{id:guid}/refunds", async (Guid id, RefundRequest request, IMediator mediator,
            CancellationToken ct) =>
                (await mediator.Send(new RefundPayment(id, request.Amount), ct)).ToHttp(p
                    => TypedResults.Created($"/api/v1/payments/{p.Id}", p)))
            .WithName("RefundPayment").WithTags("Billing").RequireAuthorization(Policies.Desk).Idempotent(201,
                "/api/v1/payments/")
            .Produces<PaymentResponse>(201).ProducesErrors(400, 404, 409, 422);

        app.MapGet("/api/v1/payments/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) =>
                (await mediator.Send(new GetPayment(id), ct)).ToHttp(p => TypedResults.Ok(p)))
            .WithName("GetPayment").WithTags("Billing").RequireAuthorization(Policies.DeskOrClient).Produces<PaymentResponse>().ProducesErrors(404);

        app.MapGet("/api/v1/bookings/{id:guid}/payments", async (Guid id, [FromQuery] int? page,
            [FromQuery] int? pageSize, IMediator mediator, CancellationToken ct) =>
            {
                var paging = PageQuery.Read(page, pageSize);
                return (await mediator.Send(new ListPayments(id, null), ct)).ToHttp(p => TypedResults.Ok(paging.Of(p)));
            })
            .WithName("ListBookingPayments").WithTags("Billing").RequireAuthorization(Policies.DeskOrClient)
            .Produces<Page<PaymentResponse>>().ProducesErrors(400, 404);

        app.MapGet("/api/v1/clients/{clientId:guid}/payments", async (Guid clientId, [FromQuery] int? page,
            [FromQuery] int? pageSize, IMediator mediator, CancellationToken ct) =>
            {
                var paging = PageQuery.Read(page, pageSize);
                return (await mediator.Send(new ListPayments(null, clientId), ct)).ToHttp(p
                    => TypedResults.Ok(paging.Of(p)));
            })
            .WithName("ListClientPayments").WithTags("Billing").RequireAuthorization(Policies.DeskOrClient)
            .Produces<Page<PaymentResponse>>().ProducesErrors(400);

        app.MapGet("/api/v1/packages/{id:guid}/ledger", async (Guid id, IMediator mediator, CancellationToken ct) =>
                (await mediator.Send(new GetPackageLedger(id), ct)).ToHttp(l => TypedResults.Ok(l)))
            .WithName("GetPackageLedger").WithTags("Billing").RequireAuthorization(Policies.DeskOrClient)
            .Produces<PackageLedger>().ProducesErrors(404);

        app.MapGet("/api/v1/receipts/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) =>
                (await mediator.Send(new GetReceipt(id), ct)).ToHttp(r => TypedResults.Ok(r)))
            .WithName("GetReceipt").WithTags("Billing").RequireAuthorization(Policies.DeskOrClient).Produces<ReceiptResponse>().ProducesErrors(404);

        app.MapGet("/api/v1/clients/{clientId:guid}/receipts", async (Guid clientId, [FromQuery] int? page,
            [FromQuery] int? pageSize, IMediator mediator, CancellationToken ct) =>
            {
                var paging = PageQuery.Read(page, pageSize);
                return (await mediator.Send(new ListClientReceipts(clientId), ct)).ToHttp(r
                    => TypedResults.Ok(paging.Of(r)));
            })
            .WithName("ListClientReceipts").WithTags("Billing").RequireAuthorization(Policies.DeskOrClient)
            .Produces<Page<ReceiptResponse>>().ProducesErrors(400, 404);

        app.MapGet("/api/v1/clients/{clientId:guid}/balance", async (Guid clientId, IMediator mediator,
            CancellationToken ct) =>
                (await mediator.Send(new GetClientBalance(clientId), ct)).ToHttp(b => TypedResults.Ok(b)))
            .WithName("GetClientBalance").WithTags("Billing").RequireAuthorization(Policies.DeskOrClient).Produces<BalanceResponse>().ProducesErrors(404);

        app.MapGet("/api/v1/reports/cash", async ([FromQuery] DateOnly date, IMediator mediator,
            CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetCashReport(date), ct)))
            .WithName("GetCashReport").WithTags("Billing").RequireAuthorization(Policies.Desk).Produces<CashReport>().ProducesErrors(400);

        app.MapGet("/api/v1/settings/vat", async ([FromQuery] int? page, [FromQuery] int? pageSize, IMediator mediator,
            CancellationToken ct) =>
            {
                var paging = PageQuery.Read(page, pageSize);
                return TypedResults.Ok(paging.Of(await mediator.Send(new ListVatModes(), ct)));
            })
            .WithName("ListVatModes").WithTags("Billing").RequireAuthorization(Policies.Desk)
            .Produces<Page<VatModeResponse>>().ProducesErrors(400);

        app.MapPost("/api/v1/settings/vat", async (SetVatMode request, IMediator mediator, CancellationToken ct) =>
                (await mediator.Send(request, ct)).ToHttp(v => TypedResults.Ok(v)))
            .WithName("SetVatMode").WithTags("Billing").RequireAuthorization(Policies.Admin).Produces<IReadOnlyList<VatModeResponse>>().ProducesErrors(400, 409, 422);
    }
}
