namespace Salon.Api.Infrastructure;

/// <summary>Bound from the "Salon" configuration section.</summary>
public sealed class SalonOptions
{
    /// <summary>IANA zone for dates, working hours and weekly rules; instants are stored in UTC.</summary>
    public string TimeZone { get; set; } = "Europe/Moscow";

    /// <summary>Load the demo salon (services, therapists, devices, clients, staff logins) into an empty database.</summary>
    public bool Demo { get; set; }

    /// <summary>Password for the demo staff logins; when empty, one is generated and printed once.</summary>
    public string? DemoPassword { get; set; }

    /// <summary>The first admin, created at start-up when no staff user with this login exists. Never commit a password.</summary>
    public string? AdminLogin { get; set; }
    public string? AdminPassword { get; set; }

    public TimeZoneInfo Zone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}
