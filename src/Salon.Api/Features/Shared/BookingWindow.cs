using Salon.Api.Infrastructure;
using Salon.Domain;

namespace Salon.Api.Features.Shared;

/// <summary>The salon's settings as the booking time rules (<see cref="BookingTimeRules"/>) take them.</summary>
public static class BookingWindow
{
    public static BookingTimeRules Rules(SalonOptions salon) =>
        new(salon.Zone(), salon.SlotMinutes, salon.MobileMinLeadMinutes, salon.BookingHorizonDays);

    /// <summary>When a booking may start: not in the past, not beyond the horizon, and for app users not before the
    /// lead time.</summary>
    public static (DateTimeOffset Earliest, DateTimeOffset Latest) For(SalonOptions salon, DateTimeOffset now,
        bool mobile) =>
        Rules(salon).Window(now, mobile);
}
