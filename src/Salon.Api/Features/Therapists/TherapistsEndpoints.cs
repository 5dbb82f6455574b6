using Mediator;
using Microsoft.AspNetCore.Mvc;
using Salon.Api.Infrastructure.Http;

namespace Salon.Api.Features.Therapists;

public sealed record SkillsRequest(IReadOnlyList<string> Skills);
public sealed record WeeklyHoursRequest(IReadOnlyList<WorkingHours> WeeklyHours);
public sealed record ExceptionRequest(ExceptionKind Kind, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    string? Note = null);

public static class TherapistsEndpoints
{
    public static void MapTherapists(this IEndpointRouteBuilder app)
    {
        var therapists = app.MapGroup("/api/v1/therapists").WithTags("Therapists");

        therapists.MapGet("/", async ([FromQuery] string? skill, [FromQuery] int? page, [FromQuery] int? pageSize,
            IMediator mediator,
                CancellationToken ct) => TypedResults.Ok(await mediator.Send(new ListTherapists(skill, page ?? 1,
                    pageSize ?? 20), ct)))
            .WithName("ListTherapists").RequireAuthorization(Policies.Desk).Produces<Page<TherapistResponse>>().ProducesErrors(400);

        therapists.MapGet("/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) =>
                (await mediator.Send(new GetTherapist(id), ct)).ToHttp(t => TypedResults.Ok(t)))
            .WithName("GetTherapist").RequireAuthorization(Policies.Staff).Produces<TherapistResponse>().ProducesErrors(404);

        therapists.MapPost("/", async (CreateTherapist request, IMediator mediator, CancellationToken ct) =>
                (await mediator.Send(request, ct)).ToHttp(t => TypedResults.Created($"/api/v1/therapists/{t.Id}", t)))
            .WithName("CreateTherapist").RequireAuthorization(Policies.Admin).Produces<TherapistResponse>(201).ProducesErrors(400);

        therapists.MapPut("/{id:guid}/skills", async (Guid id, SkillsRequest request, IMediator mediator,
            CancellationToken ct) =>
                (await mediator.Send(new ReplaceSkills(id, request.Skills), ct)).ToHttp(t => TypedResults.Ok(t)))
            .WithName("ReplaceSkills").RequireAuthorization(Policies.Admin).Produces<TherapistResponse>().ProducesErrors(400, 404);

        therapists.MapPut("/{id:guid}/weekly-hours", async (Guid id, WeeklyHoursRequest request, IMediator mediator,
            CancellationToken ct) =>
                (await mediator.Send(new ReplaceWeeklyHours(id, request.WeeklyHours), ct)).ToHttp(t
                    => TypedResults.Ok(t)))
            .WithName("ReplaceWeeklyHours").RequireAuthorization(Policies.Admin).Produces<TherapistResponse>().ProducesErrors(400, 404);

        therapists.MapPost("/{id:guid}/exceptions", async (Guid id, ExceptionRequest request, IMediator mediator,
            CancellationToken ct) =>
                (await mediator.Send(new AddScheduleException(id, request.Kind, request.StartsAt, request.EndsAt,
                    request.Note), ct)).ToHttp(t => TypedResults.Ok(t)))
            .WithName("AddScheduleException").RequireAuthorization(Policies.Admin).Produces<TherapistResponse>().ProducesErrors(400, 404);

        therapists.MapDelete("/{id:guid}/exceptions/{exceptionId:guid}", async (Guid id, Guid exceptionId,
            IMediator mediator, CancellationToken ct) =>
                (await mediator.Send(new RemoveScheduleException(id, exceptionId), ct)).ToHttp(t => TypedResults.Ok(t)))
            .WithName("RemoveScheduleException").RequireAuthorization(Policies.Admin).Produces<TherapistResponse>().ProducesErrors(404);
    }
}
