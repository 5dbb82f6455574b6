using Mediator;
using Microsoft.AspNetCore.Mvc;
using Salon.Api.Infrastructure.Http;

namespace Salon.Api.Features.Availability;

public static class AvailabilityEndpoints
{
    /// <summary>Settings and the answer cache (on unless `Availability:AnswerCache` is false).</summary>
    public static void AddAvailability(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Availability").Get<AvailabilityOptions>()
            ?? new AvailabilityOptions();
        options.Check();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<AnswerCache>();
    }

    public static void MapAvailability(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/availability", async ([FromQuery] Guid serviceId, [FromQuery] DateOnly from,
            [FromQuery] DateOnly? to,
                    [FromQuery] Guid? therapistId, [FromQuery] Guid? clientId, [FromQuery] Guid? packageId, IMediator mediator, CancellationToken ct) =>
                (await mediator.Send(new FindFreeSlots(serviceId, from, to ?? from, therapistId, clientId, packageId),
                    ct)).ToHttp(a => new FreeTimesJson(a, compact: false)))
            .WithName("FindFreeSlots").WithTags("Availability").RequireAuthorization(Policies.DeskOrClient)
            .Produces<AvailabilityResponse>().ProducesErrors(400, 404);
        // Both answers are written straight from what the search found (FreeTimesJson), not through the serializer.
        // The same search, each therapist named once and each start listing indexes: a week for 20 therapists is a
        // fraction of the full answer's size and of its cost to write.
        app.MapGet("/api/v1/availability/compact", async ([FromQuery] Guid serviceId, [FromQuery] DateOnly from,
            [FromQuery] DateOnly? to,
                    [FromQuery] Guid? therapistId, [FromQuery] Guid? clientId, [FromQuery] Guid? packageId, IMediator mediator, CancellationToken ct) =>
                (await mediator.Send(new FindFreeSlots(serviceId, from, to ?? from, therapistId, clientId, packageId),
                    ct)).ToHttp(a => new FreeTimesJson(a, compact: true)))
            .WithName("FindFreeSlotsCompact").WithTags("Availability").RequireAuthorization(Policies.DeskOrClient)
            .Produces<CompactAvailabilityResponse>().ProducesErrors(400, 404);
    }
}
