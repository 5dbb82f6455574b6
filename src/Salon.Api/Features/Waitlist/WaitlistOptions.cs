namespace Salon.Api.Features.Waitlist;

/// <summary>Settings under `Waitlist`.</summary>
public sealed class WaitlistOptions
{
    /// <summary>Run the waitlist matcher in this process (instances share the work through the database).</summary>
    public bool Worker { get; set; } = true;
    public int PollSeconds { get; set; } = 30;
    /// <summary>How long an offered time is held for the client before it passes to the next one.</summary>
    public int HoldMinutes { get; set; } = 15;
    /// <summary>The offer's message through the reminder channel: {salon}, {date}, {time}, {until}; no health
    /// data.</summary>
    public string Template { get; set; } =
        "{salon}: освободилось время {date} в {time}. Мы держим его для вас до {until}: подтвердите запись в приложении.";

    public void Check()
    {
        if (HoldMinutes is < 1 or > 1440) throw new InvalidOperationException("Waitlist:HoldMinutes must be between 1 and 1440.");
        if (PollSeconds is < 1 or > 3600) throw new InvalidOperationException("Waitlist:PollSeconds must be between 1 and 3600.");
    }
}
