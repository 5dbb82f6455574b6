namespace Salon.Api.Infrastructure;

/// <summary>Bound from the "Salon" configuration section.</summary>
public sealed class SalonOptions
{
    /// <summary>IANA zone for dates, working hours and weekly rules; instants are stored in UTC.</summary>
    public string TimeZone { get; set; } = "Europe/Moscow";

    /// <summary>Load the demo salon (services, therapists, devices, clients, staff logins) into an empty
    /// database.</summary>
    public bool Demo { get; set; }

    /// <summary>Password for the demo staff logins; when empty, one is generated and printed once.</summary>
    public string? DemoPassword { get; set; }

    /// <summary>The first admin, created at start-up when no staff user with this login exists. Never commit a
    /// password.</summary>
    public string? AdminLogin { get; set; }
    public string? AdminPassword { get; set; }

    /// <summary>Bookings start on this local grid (minutes, a multiple of 5).</summary>
    public int SlotMinutes { get; set; } = 15;

    /// <summary>How far ahead a booking may be made.</summary>
    public int BookingHorizonDays { get; set; } = 60;

    /// <summary>Clients booking from the app must book at least this long before the start.</summary>
    public int MobileMinLeadMinutes { get; set; } = 120;

    /// <summary>Cancellation is free until this many hours before the start; snapshotted on each booking.</summary>
    public int CancelFreeHours { get; set; } = 24;

    /// <summary>A visit can be marked as a no-show only this many minutes after its start.</summary>
    public int NoShowGraceMinutes { get; set; } = 15;

    /// <summary>A full screening stays valid this many days unless a newer one replaces it.</summary>
    public int ScreeningValidDays { get; set; } = 180;

    /// <summary>After health consent is withdrawn, the answers, clearances and day-of answers are destroyed after this
    /// many days.</summary>
    public int HealthRetentionDays { get; set; } = 30;

    /// <summary>How long an Idempotency-Key and its stored response are kept.</summary>
    public int IdempotencyKeyHours { get; set; } = 24;

    /// <summary>A request still running after this is cancelled (its transaction rolls back) and answered
    /// 504.</summary>
    public int RequestTimeoutSeconds { get; set; } = 30;

    /// <summary>Start-up warnings (no admin yet); operator commands turn them off, they may run before any
    /// migration.</summary>
    public bool StartupChecks { get; set; } = true;

    /// <summary>An app activation code from the front desk works this long, once.</summary>
    public int AppInviteMinutes { get; set; } = 15;

    /// <summary>At most this many activation codes per client in any hour, so the desk cannot be used to spray
    /// codes.</summary>
    public int AppInvitesPerHour { get; set; } = 5;

    private TimeZoneInfo? _zone;
    public TimeZoneInfo Zone() => _zone ??= TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    public void Check()
    {
        try
        {
            _ = Zone();
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new InvalidOperationException($"Salon:TimeZone '{TimeZone}' is not a known IANA time zone (e.g. Europe/Moscow).");
        }
        if (SlotMinutes < 5 || SlotMinutes > 240 || SlotMinutes % 5 != 0)
            throw new InvalidOperationException("Salon:SlotMinutes must be a multiple of 5 between 5 and 240.");
        if (RequestTimeoutSeconds is < 1 or > 600)
            throw new InvalidOperationException("Salon:RequestTimeoutSeconds must be between 1 and 600.");
        if (HealthRetentionDays is < 0 or > 3650)
            throw new InvalidOperationException("Salon:HealthRetentionDays must be between 0 and 3650.");
    }
}
