using Salon.Api.Infrastructure.Http;

namespace Salon.Api.Features.Packages;

/// <summary>
/// Where a client accepted the late-cancellation and no-show policy: in the app (a client's own token) or at the desk.
/// Recorded with the time and the policy text version on the course or the booking; nothing is burnt or kept
/// without it.
/// </summary>
internal static class PolicyChannel
{
    public static string Of(CurrentUser user) => user.Role == Roles.Client ? "app" : "desk";
}
