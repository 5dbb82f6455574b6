using Salon.Domain;

namespace Salon.Api.Features.Reminders;

/// <summary>Settings under `Reminders`.</summary>
public sealed class ReminderOptions
{
    /// <summary>Run the reminder dispatcher in this process (instances share the work through the database).</summary>
    public bool Dispatcher { get; set; } = true;
    public int PollSeconds { get; set; } = 30;
    /// <summary>Reminders this many hours before a visit, besides the confirmation when it is booked or
    /// moved.</summary>
    /// <summary>Empty means 24 and 2 (array settings bind by appending, so defaults are filled in after
    /// binding).</summary>
    public int[] HoursBefore { get; set; } = [];
    /// <summary>No messages from this local time of the salon's zone ...</summary>
    public string QuietFrom { get; set; } = "21:00";
    /// <summary>... until this one.</summary>
    public string QuietUntil { get; set; } = "09:00";
    /// <summary>Channels in order of preference; a client's opt-out skips one. `log` writes messages to the log (the
    /// demo).</summary>
    /// <summary>Empty means ["log"].</summary>
    public string[] Channels { get; set; } = [];
    /// <summary>A reminder claimed and not marked within this time is taken as lost in a stopped instance: failed,
    /// never resent.</summary>
    public int LeaseSeconds { get; set; } = 120;
    public int BatchSize { get; set; } = 50;
    /// <summary>Attempts refused by the gateway before a reminder is failed; each retry waits RetryMinutes
    /// longer.</summary>
    public int MaxAttempts { get; set; } = 5;
    public int RetryMinutes { get; set; } = 5;
    public int TimeoutSeconds { get; set; } = 10;
    public string SalonName { get; set; } = "Салон";
    /// <summary>Message texts by kind (confirmation, before_24h, ...; `before` for any other hours): {salon}, {date},
    /// {time}.</summary>
    public Dictionary<string, string> Templates { get; set; } = new()
    {
        [ReminderSchedule.Confirmation] = "{salon}: вы записаны на {date} в {time}. Отменить или перенести визит можно в приложении.",
        ["before"] = "{salon}: напоминаем о визите {date} в {time}. Ждём вас!",
    };
    public SmsGatewayOptions Sms { get; set; } = new();
    public PushOptions Push { get; set; } = new();

    public QuietHours Quiet() => new(TimeOnly.Parse(QuietFrom, System.Globalization.CultureInfo.InvariantCulture),
        TimeOnly.Parse(QuietUntil, System.Globalization.CultureInfo.InvariantCulture));

    public string Template(string kind) =>
        Templates.TryGetValue(kind, out var text) ? text : Templates.GetValueOrDefault("before",
            "{salon}: визит {date} в {time}.");

    /// <summary>Fills in the array defaults and fails at start-up, not at the first message, when a setting is
    /// wrong.</summary>
    public void Check()
    {
        if (HoursBefore.Length == 0) HoursBefore = [24, 2];
        if (Channels.Length == 0) Channels = ["log"];
        _ = Quiet();
        if (HoursBefore.Any(h => h is < 1 or > 168))
            throw new InvalidOperationException("Reminders:HoursBefore must be between 1 and 168 hours.");
        if (Channels.Any(c => c is not ("log" or "sms" or "push")))
            throw new InvalidOperationException("Reminders:Channels lists log, sms or push.");
    }
}

/// <summary>An SMSC.ru-style gateway: POST {Url} with login, psw, phones, mes (fmt=3 answers JSON).</summary>
public sealed class SmsGatewayOptions
{
    public string Url { get; set; } = "https://smsc.ru/sys/send.php";
    public string Login { get; set; } = "";
    public string Key { get; set; } = "";
    public string? Sender { get; set; }
}

/// <summary>The app's notification service: a JSON POST per message, authorised with a bearer key.</summary>
public sealed class PushOptions
{
    public string Url { get; set; } = "";
    public string Key { get; set; } = "";
}
