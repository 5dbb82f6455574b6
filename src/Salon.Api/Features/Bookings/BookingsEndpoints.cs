using Mediator;
using Microsoft.AspNetCore.Mvc;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Bookings;

public sealed record RescheduleRequest(DateTimeOffset StartsAt, Guid? TherapistId = null);
public sealed record CancelRequest(CancelledBy? By = null, string? Reason = null);

/// <summary>The day-of questions (Q01, Q02, Q03, Q17, Q19, Q21) answered yes or no at the desk.</summary>
public sealed record CheckInRequest(IReadOnlyDictionary<string, bool> DayOfAnswers, string? Reason = null);

public static class BookingsEndpoints
{
    public static void MapBookings(this IEndpointRouteBuilder app)
    {
        var bookings = app.MapGroup("/api/v1/bookings").WithTags("Bookings");

        bookings.MapPost("/", async (CreateBooking request, IMediator mediator, CancellationToken ct) =>
                (await mediator.Send(request, ct)).ToHttp(b => TypedResults.Created($"/api/v1/bookings/{b.Id}", b)))
            .WithName("CreateBooking").RequireAuthorization(Policies.DeskOrClient).Idempotent(201, "/api/v1/bookings/")
            .Produces<BookingResponse>(201).ProducesErrors(400, 404, 409, 422);

        bookings.MapGet("/{id:guid}", async (Guid id, IMediator mediator, HttpContext http, CancellationToken ct) =>
                (await mediator.Send(new GetBooking(id), ct)).ToHttp(b => http.WithETag(b, b.Version)))
            .WithName("GetBooking").RequireAuthorization(Policies.Any).Produces<BookingResponse>().ProducesErrors(404);

        bookings.MapGet("/", async ([FromQuery] DateOnly? from, [FromQuery] DateOnly? to, [FromQuery] Guid? therapistId,
            [FromQuery] Guid? clientId,
                    [FromQuery] BookingStatus? status, [FromQuery] int? page, [FromQuery] int? pageSize, IMediator mediator, CancellationToken ct) =>
                (await mediator.Send(new ListBookings(from, to, therapistId, clientId, status, page ?? 1, pageSize
                    ?? 50), ct)).ToHttp(p => TypedResults.Ok(p)))
            .WithName("ListBookings").RequireAuthorization(Policies.Any).Produces<Page<BookingResponse>>().ProducesErrors(400);

        bookings.MapPost("/{id:guid}/reschedule", async (Guid id, RescheduleRequest request, IMediator mediator,
            HttpContext http, CancellationToken ct) =>
            {
                long? expected = null;
                if (http.Request.Headers.IfMatch.Count > 0)
                {
                    var version = Versioning.ExpectedVersion(http.Request);
                    if (version.Refusal is { } refusal) return refusal.ToProblem();
                    expected = version.Value;
                }
                return (await mediator.Send(new RescheduleBooking(id, request.StartsAt, request.TherapistId, expected),
                    ct)).ToHttp(b => http.WithETag(b, b.Version));
            })
            .WithName("RescheduleBooking").RequireAuthorization(Policies.DeskOrClient).Produces<BookingResponse>().ProducesErrors(400, 404, 409, 412, 422);

        bookings.MapPost("/{id:guid}/cancel", async (Guid id, CancelRequest? request, IMediator mediator,
            CancellationToken ct) =>
                (await mediator.Send(new CancelBooking(id, request?.By, request?.Reason), ct)).ToHttp(b
                    => TypedResults.Ok(b)))
            .WithName("CancelBooking").RequireAuthorization(Policies.DeskOrClient).Produces<BookingResponse>().ProducesErrors(400, 404, 409);

        bookings.MapPost("/{id:guid}/check-in", async (Guid id, CheckInRequest request, IMediator mediator,
            CancellationToken ct) =>
                (await mediator.Send(new CheckIn(id, request.DayOfAnswers, request.Reason), ct)).ToHttp(b
                    => TypedResults.Ok(b)))
            .WithName("CheckIn").RequireAuthorization(Policies.Desk).Produces<BookingResponse>().ProducesErrors(400,
                404, 409, 422);

        MapStatus(bookings, "complete", "CompleteBooking", id => new CompleteBooking(id));
        MapStatus(bookings, "no-show", "MarkNoShow", id => new MarkNoShow(id));
    }

    private static void MapStatus(RouteGroupBuilder bookings, string path, string name, Func<Guid,
        ICommand<Result<BookingResponse>>> command) =>
        bookings.MapPost($"/{{id:guid}}/{path}", async (Guid id, IMediator mediator, CancellationToken ct) =>
                (await mediator.Send(command(id), ct)).ToHttp(b => TypedResults.Ok(b)))
            .WithName(name).RequireAuthorization(Policies.Desk).Produces<BookingResponse>().ProducesErrors(404, 409,
                422);
}
