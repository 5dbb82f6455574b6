using Mediator;
using Microsoft.AspNetCore.Mvc;
using Salon.Api.Features.Bookings;
using Salon.Api.Infrastructure.Http;

namespace Salon.Api.Features.Waitlist;

public static class WaitlistEndpoints
{
    /// <summary>Settings and the matcher (unless `Waitlist:Worker` is false).</summary>
    public static void AddWaitlist(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Waitlist").Get<WaitlistOptions>() ?? new WaitlistOptions();
        options.Check();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<WaitlistMatcher>();
        if (options.Worker)
            builder.Services.AddHostedService<WaitlistWorker>();
    }

    public static void MapWaitlist(this IEndpointRouteBuilder app)
    {
        var waitlist = app.MapGroup("/api/v1/waitlist").WithTags("Waitlist");

        waitlist.MapPost("/", async (JoinWaitlist request, IMediator mediator, CancellationToken ct) =>
                (await mediator.Send(request, ct)).ToHttp(e => TypedResults.Created($"/api/v1/waitlist/{e.Id}", e)))
            .WithName("JoinWaitlist").RequireAuthorization(Policies.DeskOrClient)
            .WithSummary("Wait for a service on salon-local dates (a client for themself, the desk for a client)")
            .Produces<WaitlistEntryResponse>(201).ProducesErrors(400, 403, 404, 409, 422);

        waitlist.MapGet("/", async ([FromQuery] DateOnly? date, IMediator mediator, CancellationToken ct) =>
                (await mediator.Send(new ListWaitlist(date), ct)).ToHttp(v => TypedResults.Ok(v)))
            .WithName("ListWaitlist").RequireAuthorization(Policies.DeskOrClient)
            .WithSummary("The desk's day (date required): entries covering it with their offers; a client's own entries")
            .Produces<WaitlistView>().ProducesErrors(400);

        waitlist.MapGet("/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) =>
                (await mediator.Send(new GetWaitlistEntry(id), ct)).ToHttp(e => TypedResults.Ok(e)))
            .WithName("GetWaitlistEntry").RequireAuthorization(Policies.DeskOrClient)
            .Produces<WaitlistEntryResponse>().ProducesErrors(404);

        waitlist.MapPost("/{id:guid}/cancel", async (Guid id, IMediator mediator, CancellationToken ct) =>
                (await mediator.Send(new CancelWaitlistEntry(id), ct)).ToHttp(e => TypedResults.Ok(e)))
            .WithName("CancelWaitlistEntry").RequireAuthorization(Policies.DeskOrClient)
            .WithSummary("Stop waiting; an open offer is withdrawn and its hold released")
            .Produces<WaitlistEntryResponse>().ProducesErrors(404, 409);

        waitlist.MapPost("/offers/{id:guid}/accept", async (Guid id, IMediator mediator, CancellationToken ct) =>
                (await mediator.Send(new AcceptOffer(id), ct)).ToHttp(b
                    => TypedResults.Created($"/api/v1/bookings/{b.Id}", b)))
            .WithName("AcceptWaitlistOffer").RequireAuthorization(Policies.DeskOrClient).Idempotent(201,
                "/api/v1/bookings/")
            .WithSummary("Book the held time through the normal booking path (every rule checked again)")
            .Produces<BookingResponse>(201).ProducesErrors(404, 409, 422);

        waitlist.MapPost("/offers/{id:guid}/decline", async (Guid id, IMediator mediator, CancellationToken ct) =>
                (await mediator.Send(new DeclineOffer(id), ct)).ToHttp(o => TypedResults.Ok(o)))
            .WithName("DeclineWaitlistOffer").RequireAuthorization(Policies.DeskOrClient)
            .WithSummary("Let the held time go at once: it passes to the next waiting client")
            .Produces<OfferResponse>().ProducesErrors(404, 409);
    }
}
