using Mediator;
using Salon.Api.Features.Clients;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Accounts;

public static class AccountsEndpoints
{
    public static void MapAccounts(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/auth/client/sign-up", async (SignUpClient request, IMediator mediator, CancellationToken ct) =>
                (await mediator.Send(request, ct)).ToHttp(token => TypedResults.Ok(token)))
            .WithName("SignUpClient").WithTags("Auth").AllowAnonymous().RequireRateLimiting(RateLimits.Login)
            .Produces<IssuedToken>().ProducesErrors(400, 409, 429);

        app.MapPost("/api/v1/auth/client/token", async (IssueClientToken request, IMediator mediator, CancellationToken ct) =>
                (await mediator.Send(request, ct)).ToHttp(token => TypedResults.Ok(token)))
            .WithName("IssueClientToken").WithTags("Auth").AllowAnonymous().RequireRateLimiting(RateLimits.Login)
            .Produces<IssuedToken>().ProducesErrors(400, 401, 429);

        app.MapPost("/api/v1/clients/{id:guid}/account/deactivate", async (Guid id, IMediator mediator, CancellationToken ct) =>
                (await mediator.Send(new DeactivateClientAccount(id), ct)).ToHttp(a => TypedResults.Ok(a)))
            .WithName("DeactivateClientAccount").WithTags("Clients").RequireAuthorization(Policies.Desk)
            .Produces<AccountResponse>().ProducesErrors(404);

        app.MapPost("/api/v1/me/deactivate", async (CurrentUser user, IMediator mediator, CancellationToken ct) =>
                (await mediator.Send(new DeactivateClientAccount(user.ClientId!.Value), ct)).ToHttp(a => TypedResults.Ok(a)))
            .WithName("DeactivateMyAccount").WithTags("Clients").RequireAuthorization(Policies.ClientOnly)
            .Produces<AccountResponse>().ProducesErrors(404);

        app.MapGet("/api/v1/me", async (IMediator mediator, CancellationToken ct) =>
                (await mediator.Send(new GetMe(), ct)).ToHttp(c => TypedResults.Ok(c)))
            .WithName("GetMe").WithTags("Clients").RequireAuthorization(Policies.ClientOnly).Produces<ClientResponse>().ProducesErrors(404);

        // In the app a client gives or withdraws their own consents, e.g. to processing health data before the questionnaire.
        app.MapPost("/api/v1/me/consents", async (ConsentRequest request, CurrentUser user, IMediator mediator, CancellationToken ct) =>
                (await mediator.Send(new RecordConsent(user.ClientId!.Value, request.Kind, request.Channel,
                    ConsentRecorder.Client,
                    request.GuardianName, request.GuardianRelation, request.GuardianDocument),
                        ct)).ToHttp(c => TypedResults.Ok(c)))
            .WithName("RecordMyConsent").WithTags("Clients").RequireAuthorization(Policies.ClientOnly).Produces<ClientResponse>()
            .ProducesErrors(400, 404, 422);

        app.MapPost("/api/v1/me/consents/{consentId:guid}/withdraw", async (Guid consentId, CurrentUser user, IMediator mediator, CancellationToken ct) =>
                (await mediator.Send(new WithdrawConsent(user.ClientId!.Value, consentId), ct)).ToHttp(c => TypedResults.Ok(c)))
            .WithName("WithdrawMyConsent").WithTags("Clients").RequireAuthorization(Policies.ClientOnly).Produces<ClientResponse>().ProducesErrors(404, 409);
    }
}
