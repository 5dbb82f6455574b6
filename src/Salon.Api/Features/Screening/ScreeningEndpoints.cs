using Mediator;
using Microsoft.AspNetCore.Mvc;
using Salon.Api.Infrastructure.Http;

namespace Salon.Api.Features.Screening;

public sealed record ScreeningRequest(IReadOnlyDictionary<string, bool> Answers);
public sealed record RuleChange(string Effect);
/// <param name="Conditions">The question codes the clearance lifts, as the doctor's paper names them (e.g. Q15 for
/// diabetes).</param>
public sealed record ClearanceRequest(DateOnly IssuedOn, string Doctor, string Clinic, IReadOnlyList<string> Kinds,
    IReadOnlyList<string> Conditions,
    DateOnly? ValidUntil = null, string? Restrictions = null, bool Pregnancy = false);

public static class ScreeningEndpoints
{
    public static void MapScreening(this IEndpointRouteBuilder app)
    {
        var screening = app.MapGroup("/api/v1/screening").WithTags("Screening");

        screening.MapGet("/questions", async ([FromQuery] int? page, [FromQuery] int? pageSize, IMediator mediator,
            CancellationToken ct) =>
            {
                var paging = PageQuery.Read(page, pageSize);
                return TypedResults.Ok(paging.Of(await mediator.Send(new GetQuestionnaire(), ct)));
            })
            .WithName("GetQuestionnaire").RequireAuthorization(Policies.Any).Produces<Page<QuestionResponse>>()
            .ProducesErrors(400);

        screening.MapPut("/rules/{code}/{kind}", async (string code, string kind, RuleChange change, IMediator mediator,
            CancellationToken ct) =>
                (await mediator.Send(new TightenRule(code, kind, change.Effect), ct)).ToHttp(q => TypedResults.Ok(q)))
            .WithName("TightenRule").RequireAuthorization(Policies.Admin).Produces<QuestionResponse>().ProducesErrors(400, 404, 412, 422);

        screening.MapGet("/audit", async ([FromQuery] Guid? clientId, [FromQuery] int? page, [FromQuery] int? pageSize,
            IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListHealthAudit(clientId, page ?? 1, pageSize ?? 50), ct)))
            .WithName("ListHealthAudit").RequireAuthorization(Policies.Admin).Produces<Page<HealthAuditEntry>>().ProducesErrors(400);

        var clients = app.MapGroup("/api/v1/clients/{clientId:guid}").WithTags("Screening");

        clients.MapPost("/screenings", async (Guid clientId, ScreeningRequest request, IMediator mediator,
            CancellationToken ct) =>
                (await mediator.Send(new SubmitScreening(clientId, request.Answers), ct)).ToHttp(o
                    => TypedResults.Created($"/api/v1/clients/{clientId}/screening-outcome", o)))
            .WithName("SubmitScreening").RequireAuthorization(Policies.DeskOrClient).Produces<ScreeningOutcomeResponse>(201).ProducesErrors(400, 404, 422);

        clients.MapGet("/screening-outcome", async (Guid clientId, IMediator mediator, CancellationToken ct) =>
                (await mediator.Send(new GetScreeningOutcome(clientId), ct)).ToHttp(o => TypedResults.Ok(o)))
            .WithName("GetScreeningOutcome").RequireAuthorization(Policies.DeskOrClient).Produces<ScreeningOutcomeResponse>().ProducesErrors(404);

        clients.MapGet("/screenings/current", async (Guid clientId, IMediator mediator, CancellationToken ct) =>
                (await mediator.Send(new GetScreeningAnswers(clientId), ct)).ToHttp(s => TypedResults.Ok(s)))
            .WithName("GetScreeningAnswers").RequireAuthorization(Policies.AdminOrClient).Produces<ScreeningAnswersResponse>().ProducesErrors(404, 409);

        clients.MapPost("/clearances", async (Guid clientId, ClearanceRequest request, IMediator mediator,
            CancellationToken ct) =>
                (await mediator.Send(new RecordClearance(clientId, request.IssuedOn, request.Doctor, request.Clinic,
                    request.Kinds, request.Conditions,
                    request.ValidUntil, request.Restrictions, request.Pregnancy),
                        ct)).ToHttp(c => TypedResults.Created($"/api/v1/clients/{clientId}/clearances", c)))
            .WithName("RecordClearance").RequireAuthorization(Policies.Desk).Produces<ClearanceResponse>(201).ProducesErrors(400, 404, 422);

        clients.MapGet("/clearances", async (Guid clientId, [FromQuery] int? page, [FromQuery] int? pageSize,
            IMediator mediator, CancellationToken ct) =>
            {
                var paging = PageQuery.Read(page, pageSize);
                return (await mediator.Send(new ListClearances(clientId), ct)).ToHttp(c
                    => TypedResults.Ok(paging.Of(c)));
            })
            .WithName("ListClearances").RequireAuthorization(Policies.AdminOrClient).Produces<Page<ClearanceResponse>>()
            .ProducesErrors(400, 409);

        app.MapGet("/api/v1/bookings/{bookingId:guid}/screening", async (Guid bookingId, IMediator mediator,
            CancellationToken ct) =>
                (await mediator.Send(new GetBookingScreening(bookingId), ct)).ToHttp(s => TypedResults.Ok(s)))
            .WithName("GetBookingScreening").WithTags("Screening").RequireAuthorization(Policies.Any).Produces<BookingScreeningResponse>().ProducesErrors(404);
    }
}
