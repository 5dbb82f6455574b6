using Salon.Api.Infrastructure;

namespace Salon.Api.Features.Shared;

/// <summary>When a booking may start: not in the past, not beyond the horizon, and for app users not before the lead time.</summary>
public static class BookingWindow
{
    public static (DateTimeOffset Earliest, DateTimeOffset Latest) For(SalonOptions salon, DateTimeOffset now, bool mobile) =>
        (mobile ? now.AddMinutes(salon.MobileMinLeadMinutes) : now, now.AddDays(salon.BookingHorizonDays));
}
