using Mediator;
using Microsoft.AspNetCore.Mvc;
using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Http;

namespace Salon.Api.Features.Schedule;

public static class ScheduleEndpoints
{
    public static void MapSchedule(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/therapists/{id:guid}/schedule", async (Guid id, [FromQuery] DateOnly date,
            [FromQuery] DateOnly? to, [FromQuery] ScheduleFormat? format,
                    HttpRequest request, IMediator mediator, SalonOptions salon, TimeProvider clock, CancellationToken ct) =>
                (await mediator.Send(new GetTherapistSchedule(id, date, to ?? date), ct))
                    .ToHttp(s => ScheduleFormats.Write(s, ScheduleFormats.Negotiate(format, request),
                        $"schedule-{date:yyyy-MM-dd}", salon.Zone(), clock.GetUtcNow())))
            .WithName("GetTherapistSchedule").WithTags("Schedule").RequireAuthorization(Policies.Staff)
            .Produces<ScheduleResponse>().Produces(200, contentType: ScheduleFormats.CsvType).Produces(200,
                contentType: ScheduleFormats.IcsType)
            .ProducesErrors(400, 404);

        app.MapGet("/api/v1/schedule", async ([FromQuery] DateOnly date, [FromQuery] ScheduleFormat? format,
            HttpRequest request, IMediator mediator,
                    SalonOptions salon, TimeProvider clock, CancellationToken ct) =>
                ScheduleFormats.Write(await mediator.Send(new GetSalonDay(date), ct), ScheduleFormats.Negotiate(format,
                    request), $"salon-{date:yyyy-MM-dd}",
                    salon.Zone(), clock.GetUtcNow()))
            .WithName("GetSalonDay").WithTags("Schedule").RequireAuthorization(Policies.Desk)
            .Produces<ScheduleResponse>().Produces(200, contentType: ScheduleFormats.CsvType).Produces(200,
                contentType: ScheduleFormats.IcsType)
            .ProducesErrors(400);

        app.MapPost("/api/v1/therapists/{id:guid}/calendar-feed", async (Guid id, IMediator mediator,
            CancellationToken ct) =>
                (await mediator.Send(new CreateCalendarFeed(id), ct)).ToHttp(f => TypedResults.Created(f.Url, f)))
            .WithName("CreateCalendarFeed").WithTags("Schedule").RequireAuthorization(Policies.Staff).Produces<FeedResponse>(201).ProducesErrors(404);

        app.MapDelete("/api/v1/therapists/{id:guid}/calendar-feed", async (Guid id, IMediator mediator,
            CancellationToken ct) =>
                (await mediator.Send(new RevokeCalendarFeeds(id), ct)).ToHttp(_ => TypedResults.NoContent()))
            .WithName("RevokeCalendarFeed").WithTags("Schedule").RequireAuthorization(Policies.Staff).Produces(204).ProducesErrors(404);

        // Phone calendars send no bearer token: the long secret in the path is the credential, and only its hash is
        // stored.
        app.MapGet("/api/v1/calendar-feeds/{token}.ics", async (string token, IMediator mediator, SalonOptions salon,
            TimeProvider clock, CancellationToken ct) =>
                (await mediator.Send(new ReadCalendarFeed(token), ct))
                    .ToHttp(s => Results.Text(ScheduleFormats.Ics(s.Visits, salon.Zone(), "Salon", clock.GetUtcNow()),
                        ScheduleFormats.IcsType + "; charset=utf-8")))
            .WithName("ReadCalendarFeed").WithTags("Schedule").AllowAnonymous()
            .Produces(200, contentType: ScheduleFormats.IcsType).ProducesProblem(404);
    }
}
