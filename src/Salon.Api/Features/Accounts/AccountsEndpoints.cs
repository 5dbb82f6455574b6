using Mediator;
using Salon.Api.Features.Clients;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Accounts;

/// <summary>A staff member as the token names them.</summary>
public sealed record StaffIdentity(Guid UserId, string Login, string Role, Guid? TherapistId);

public static class AccountsEndpoints
{
    public static void MapAccounts(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/auth/client/sign-up", async (SignUpClient request, IMediator mediator,
            CancellationToken ct) =>
                (await mediator.Send(request, ct)).ToHttp(token => TypedResults.Created("/api/v1/me", token)))
            .WithName("SignUpClient").WithTags("Auth").AllowAnonymous().RequireRateLimiting(RateLimits.Login)
            .Produces<IssuedToken>(201).ProducesErrors(400, 409, 429);

        // The desk reads the code out to a client it registered; the app signs up with phone, code and password.
        app.MapPost("/api/v1/clients/{id:guid}/app-invite", async (Guid id, IMediator mediator, HttpContext http,
            CancellationToken ct) =>
            {
                var result = await mediator.Send(new IssueAppInvite(id), ct);
                if (result.Refusal?.RetryAfter is { } wait)
                    http.Response.Headers.RetryAfter = Math.Max(1,
                        (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return result.ToHttp(invite => TypedResults.Created($"/api/v1/clients/{id}", invite));
            })
            .WithName("IssueAppInvite").WithTags("Clients").RequireAuthorization(Policies.Desk)
            .Produces<AppInviteResponse>(201).ProducesErrors(404, 409, 429);

        app.MapPost("/api/v1/auth/client/token", async (IssueClientToken request, IMediator mediator,
            CancellationToken ct) =>
                (await mediator.Send(request, ct)).ToHttp(token => TypedResults.Ok(token)))
            .WithName("IssueClientToken").WithTags("Auth").AllowAnonymous().RequireRateLimiting(RateLimits.Login)
            .Produces<IssuedToken>().ProducesErrors(400, 401, 429);

        app.MapPost("/api/v1/clients/{id:guid}/account/deactivate", async (Guid id, IMediator mediator,
            CancellationToken ct) =>
                (await mediator.Send(new DeactivateClientAccount(id), ct)).ToHttp(a => TypedResults.Ok(a)))
            .WithName("DeactivateClientAccount").WithTags("Clients").RequireAuthorization(Policies.Desk)
            .Produces<AccountResponse>().ProducesErrors(404);

        app.MapPost("/api/v1/me/deactivate", async (CurrentUser user, IMediator mediator, CancellationToken ct) =>
                (await mediator.Send(new DeactivateClientAccount(user.ClientId!.Value), ct)).ToHttp(a
                    => TypedResults.Ok(a)))
            .WithName("DeactivateMyAccount").WithTags("Clients").RequireAuthorization(Policies.ClientOnly)
            .Produces<AccountResponse>().ProducesErrors(404);

        // A client gets their record; staff get who they are (role, and the therapist they are, so the app can ask for
        // their day).
        app.MapGet("/api/v1/me", async (IMediator mediator, CurrentUser user, HttpContext http, CancellationToken ct) =>
                user.Role is { } role && Roles.IsStaff(role)
                    ? TypedResults.Ok(new StaffIdentity(user.Id!.Value, http.User.Identity?.Name ?? "", role,
                        user.TherapistId))
                    : (await mediator.Send(new GetMe(), ct)).ToHttp(c => TypedResults.Ok(c)))
            .WithName("GetMe").WithTags("Auth").RequireAuthorization(Policies.Any).Produces<ClientResponse>()
            .WithMetadata(new AlsoAnswers(typeof(StaffIdentity))).ProducesErrors(404);

        // In the app a client gives or withdraws their own consents, e.g. to processing health data before the
        // questionnaire.
        app.MapPost("/api/v1/me/consents", async (ConsentRequest request, CurrentUser user, IMediator mediator,
            CancellationToken ct) =>
                (await mediator.Send(new RecordConsent(user.ClientId!.Value, request.Kind, request.Channel,
                    ConsentRecorder.Client,
                    request.GuardianName, request.GuardianRelation, request.GuardianDocument),
                        ct)).ToHttp(c => TypedResults.Ok(c)))
            .WithName("RecordMyConsent").WithTags("Clients").RequireAuthorization(Policies.ClientOnly).Produces<ClientResponse>()
            .ProducesErrors(400, 404, 422);

        app.MapPost("/api/v1/me/consents/{consentId:guid}/withdraw", async (Guid consentId, CurrentUser user,
            IMediator mediator, CancellationToken ct) =>
                (await mediator.Send(new WithdrawConsent(user.ClientId!.Value, consentId), ct)).ToHttp(c
                    => TypedResults.Ok(c)))
            .WithName("WithdrawMyConsent").WithTags("Clients").RequireAuthorization(Policies.ClientOnly).Produces<ClientResponse>().ProducesErrors(404, 409);
    }
}
