using Salon.Api.Features.Shared;
using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Data;
using Salon.Domain;

namespace Salon.Api.Features.Screening;

/// <summary>
/// No session without a valid screening: the gate every booking, reschedule and check-in passes. It answers with the
/// refusal (and the question codes behind it) or null when the client may have the service on that date.
/// </summary>
internal static class ScreeningGate
{
    public static readonly Refusal ScreeningRequired = new(RefusalKind.BusinessRule, "screening-required",
        "A valid health screening is needed", "Ask the client to fill in the screening questionnaire first.");

    public static readonly Refusal ConsentRequired = new(RefusalKind.BusinessRule, "health-consent-required",
        "Consent to processing health data is needed", "Without it no screening can be kept and no session given.");

    public static readonly Refusal GuardianConsentRequired = new(RefusalKind.BusinessRule, "guardian-consent-required",
        "A guardian's consent is needed for a client under 18", "Without it no screening can be kept and no session given.");

    /// <summary>
    /// The screening valid now decides; a visit after it expires is still accepted (the booking shows `screening due`
    /// and
    /// check-in refuses it until a new screening is given). Refusals carry no question codes: they reach the front
    /// desk.
    /// </summary>
    public static async Task<Refusal?> CheckAsync(DbSession db, SalonOptions salon, Guid clientId, ServiceSpec service,
        DateTimeOffset sessionStart,
        Guid? ignoreBooking, DateTimeOffset now, CancellationToken ct)
    {
        await using var grid = await db.QueryMultipleAsync(FactsSql(db.Dialect), FactsArguments(salon, clientId,
            sessionStart, now), ct);
        return Decide(await ReadFactsAsync(grid), salon, service, sessionStart, ignoreBooking, now);
    }

    /// <summary>What the gate reads about a client, all at once (one round trip): the client row with its consents, the
    /// screening valid now with its yes answers, whether one was ever given, the clearances in force on the session's
    /// date, the rules for the questions answered yes, and the client's sessions around the date (for the pregnancy
    /// cap). Under the client's lock (a booking, a check-in) the answers and their rules are of one
    /// screening.</summary>
    internal sealed record Facts(HealthRecords.ConsentRow? Client, HealthRecords.CurrentScreening? Current,
        bool HadScreening,
        IReadOnlyList<ClearanceOnFile> Clearances, Dictionary<(string Code, ScreeningKindCode Kind), Effect> Rules,
        IReadOnlyList<SessionRow> Sessions);

    /// <summary>Reads @clientId, @now, @yes, @skip, @take, @date, @sessionsFrom, @sessionsTo.</summary>
    public static string FactsSql(ISqlDialect dialect) => Assembled.GetOrAdd(dialect.Name, static (_, d) => $"""
        {HealthRecords.ConsentSql};
        {HealthRecords.CurrentSql(d)};
        {HealthRecords.HadScreeningSql};
        {HealthRecords.ClearancesSql($"({HealthRecords.CurrentIdSql(d)})")};
        {HealthRecords.RulesSql} WHERE question_code IN ({HealthRecords.YesAnswersSql(d)});
        {SessionsSql}
        """, dialect);

    // Several kilobytes, sent by every booking and every client's search: assembled once per dialect.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Assembled = new();

    public static object FactsArguments(SalonOptions salon, Guid clientId, DateTimeOffset sessionStart,
        DateTimeOffset now) => new
    {
        clientId, now, yes = true, skip = 0, take = 1,
        date = SlotFinder.LocalDate(sessionStart, salon.Zone()),
        sessionsFrom = sessionStart.AddDays(-8), sessionsTo = sessionStart.AddDays(8),
    };

    internal static async Task<Facts> ReadFactsAsync(Dapper.SqlMapper.GridReader grid)
    {
        var client = await grid.ReadSingleOrDefaultAsync<HealthRecords.ConsentRow>();
        var current = await HealthRecords.ReadCurrentAsync(grid);
        var had = await grid.ReadSingleAsync<long>() > 0;
        var clearances = HealthRecords.Clearances(await grid.ReadAsync<HealthRecords.ClearanceRow>());
        var rules = HealthRecords.Rules(await grid.ReadAsync<HealthRecords.RuleRow>());
        var sessions = (await grid.ReadAsync<SessionRow>()).ToList();
        return new Facts(client, current, had, clearances, rules, sessions);
    }

    /// <summary>The gate's decision on what <see cref="FactsSql"/> read (for the session at <paramref
    /// name="sessionStart"/>).</summary>
    internal static Refusal? Decide(Facts facts, SalonOptions salon, ServiceSpec service, DateTimeOffset sessionStart,
        Guid? ignoreBooking,
        DateTimeOffset now)
    {
        var zone = salon.Zone();
        if (HealthRecords.ConsentRefusal(facts.Client, SlotFinder.LocalDate(now, zone)) is { } consent) return consent;
        var current = facts.Current;
        if (current is null)
            return facts.HadScreening ? CheckInHealthRule.ScreeningDue : ScreeningRequired;

        var kind = Enum.Parse<ScreeningKindCode>(service.ScreeningKind);
        var sessionDate = SlotFinder.LocalDate(sessionStart, zone);
        var outcome = ScreeningRules.Evaluate(kind, current.Yes, facts.Rules, facts.Clearances.Select(c
            => c.Scope).ToList());
        switch (outcome.Status)
        {
            case OutcomeStatus.Blocked:
                return ScreeningRules.Blocks;
            case OutcomeStatus.NeedsClearance:
                return ScreeningRules.ClearanceRequired;
        }

        if (current.Yes.Contains(ScreeningRules.Pregnancy))
        {
            var others = facts.Sessions.Where(s => s.Id != ignoreBooking).Select(s => SlotFinder.LocalDate(s.StartsAt,
                zone)).ToList();
            if (!ScreeningRules.FitsWeeklyCap(sessionDate, others))
                return new Refusal(RefusalKind.BusinessRule, "pregnancy-weekly-cap",
                    "At most two sessions in any 7 days under this clearance");
        }
        return null;
    }

    /// <summary>The client's sessions (given, or still to come) starting from @sessionsFrom until
    /// @sessionsTo.</summary>
    public static readonly string SessionsSql = $"""
        SELECT id, starts_at FROM bookings
        WHERE client_id = @clientId AND starts_at >= @sessionsFrom AND starts_at < @sessionsTo
            AND status IN {BookingSql.HoldingResources}
        """;

    /// <summary>Salon-local dates of the client's sessions (given, or still to come) between two instants.</summary>
    public static async Task<IReadOnlyList<DateOnly>> SessionDatesAsync(DbSession db, Guid clientId,
        DateTimeOffset from, DateTimeOffset to, Guid? ignoreBooking,
        TimeZoneInfo zone, CancellationToken ct)
    {
        var starts = await db.QueryAsync<SessionRow>(SessionsSql, new { clientId, sessionsFrom = from,
            sessionsTo = to }, ct);
        return starts.Where(s => s.Id != ignoreBooking).Select(s => SlotFinder.LocalDate(s.StartsAt, zone)).ToList();
    }

    internal sealed record SessionRow
    {
        public Guid Id { get; init; }
        public DateTimeOffset StartsAt { get; init; }
    }
}
