using Salon.Api.Infrastructure.Data;
using Salon.Domain;

namespace Salon.Api.Features.Shared;

/// <summary>SQL spellings of the booking rules, built from the domain's definitions so the two cannot drift
/// apart.</summary>
public static class BookingSql
{
    /// <summary>
    /// The statuses of a booking that holds its therapist and device (<see cref="BookingTransitions.HoldsResources"/>),
    /// as an SQL list: <c>status IN {HoldingResources}</c>.
    /// </summary>
    public static readonly string HoldingResources = "(" + string.Join(", ", Enum.GetValues<BookingStatus>()
        .Where(BookingTransitions.HoldsResources).Select(s => $"'{Enums.Name(s)}'")) + ")";
}
