using Mediator;
using Microsoft.AspNetCore.Mvc;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Reminders;

public static class RemindersEndpoints
{
    /// <summary>Settings, channels and the dispatcher (unless `Reminders:Dispatcher` is false).</summary>
    public static void AddReminders(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var options = builder.Configuration.GetSection("Reminders").Get<ReminderOptions>() ?? new ReminderOptions();
        options.Check();
        services.AddSingleton(options);
        services.AddSingleton<IReminderChannel, LogChannel>();
        services.AddSingleton<IReminderChannel, SmsGatewayChannel>();
        services.AddSingleton<IReminderChannel, PushChannel>();
        services.AddSingleton<ReminderDispatcher>();
        services.AddHttpClient(SmsGatewayChannel.ClientName, c
            => c.Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds));
        if (options.Dispatcher)
            services.AddHostedService<ReminderDispatcherService>();
    }

    public static void MapReminders(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/bookings/{id:guid}/reminders", async (Guid id, [FromQuery] int? page,
            [FromQuery] int? pageSize, IMediator mediator, CancellationToken ct) =>
            {
                var paging = PageQuery.Read(page, pageSize);
                return (await mediator.Send(new ListBookingReminders(id), ct)).ToHttp(r
                    => TypedResults.Ok(paging.Of(r)));
            })
            .WithName("ListBookingReminders").WithTags("Bookings").RequireAuthorization(Policies.Desk)
            .WithSummary("The visit's confirmation and reminders with their delivery state")
            .Produces<Page<ReminderResponse>>().ProducesErrors(400, 404);

        app.MapGet("/api/v1/me/reminder-opt-outs", async ([FromQuery] int? page, [FromQuery] int? pageSize,
            IMediator mediator, CancellationToken ct) =>
            {
                var paging = PageQuery.Read(page, pageSize);
                return (await mediator.Send(new ListMyOptOuts(), ct)).ToHttp(r => TypedResults.Ok(paging.Of(r)));
            })
            .WithName("ListMyReminderOptOuts").WithTags("Clients").RequireAuthorization(Policies.ClientOnly)
            .Produces<Page<OptOutResponse>>().ProducesErrors(400, 404);

        app.MapPut("/api/v1/me/reminder-opt-outs/{channel}", async (string channel, IMediator mediator,
            CancellationToken ct) =>
                Channel(channel) is { } name
                    ? (await mediator.Send(new SetMyOptOut(name, true), ct)).ToHttp(r => TypedResults.Ok(r))
                    : Refusal.Invalid("channel", "Channel is sms or push.").ToProblem())
            .WithName("OptOutOfReminders").WithTags("Clients").RequireAuthorization(Policies.ClientOnly)
            .WithSummary("No more messages on this channel (sms or push); recorded with the time")
            .Produces<IReadOnlyList<OptOutResponse>>().ProducesErrors(400, 404);

        app.MapDelete("/api/v1/me/reminder-opt-outs/{channel}", async (string channel, IMediator mediator,
            CancellationToken ct) =>
                Channel(channel) is { } name
                    ? (await mediator.Send(new SetMyOptOut(name, false), ct)).ToHttp(r => TypedResults.Ok(r))
                    : Refusal.Invalid("channel", "Channel is sms or push.").ToProblem())
            .WithName("OptInToReminders").WithTags("Clients").RequireAuthorization(Policies.ClientOnly)
            .Produces<IReadOnlyList<OptOutResponse>>().ProducesErrors(400, 404);
    }

    private static ReminderChannelName? Channel(string name) => name switch
    {
        "sms" => ReminderChannelName.Sms,
        "push" => ReminderChannelName.Push,
        _ => null,
    };
}
