using Mediator;
using Salon.Api.Infrastructure.Http;

namespace Salon.Api.Features.Staff;

public static class StaffEndpoints
{
    public static void MapStaff(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/auth/token", async (IssueStaffToken request, IMediator mediator, CancellationToken ct) =>
                (await mediator.Send(request, ct)).ToHttp(token => TypedResults.Ok(token)))
            .WithName("IssueStaffToken").WithTags("Auth").AllowAnonymous().RequireRateLimiting(RateLimits.Login)
            .Produces<IssuedToken>().ProducesErrors(400, 401, 429);

        app.MapPost("/api/v1/staff", async (CreateStaffUser request, IMediator mediator, CancellationToken ct) =>
                (await mediator.Send(request, ct)).ToHttp(user => TypedResults.Created($"/api/v1/staff/{user.Id}",
                    user)))
            .WithName("CreateStaffUser").WithTags("Staff").RequireAuthorization(Policies.Admin)
            .Produces<StaffUserResponse>(201).ProducesErrors(400, 404, 409);

        app.MapPost("/api/v1/staff/{id:guid}/deactivate", async (Guid id, IMediator mediator, CancellationToken ct) =>
                (await mediator.Send(new DeactivateStaffUser(id), ct)).ToHttp(user => TypedResults.Ok(user)))
            .WithName("DeactivateStaffUser").WithTags("Staff").RequireAuthorization(Policies.Admin)
            .Produces<StaffUserResponse>().ProducesErrors(404, 422);
    }
}
