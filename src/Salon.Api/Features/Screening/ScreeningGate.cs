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
    public static async Task<Refusal?> CheckAsync(DbSession db, SalonOptions salon, Guid clientId, ServiceSpec service, DateTimeOffset sessionStart,
        Guid? ignoreBooking, DateTimeOffset now, CancellationToken ct)
    {
        var zone = salon.Zone();
        if (await HealthRecords.ConsentRefusalAsync(db, clientId, SlotFinder.LocalDate(now, zone), ct) is { } consent) return consent;
        var current = await HealthRecords.CurrentAsync(db, clientId, now, ct);
        if (current is null)
            return await HealthRecords.HadScreeningAsync(db, clientId,
                ct) ? CheckInHealthRule.ScreeningDue : ScreeningRequired;

        var kind = Enum.Parse<ScreeningKindCode>(service.ScreeningKind);
        var sessionDate = SlotFinder.LocalDate(sessionStart, zone);
        var clearances = await HealthRecords.ClearancesAsync(db, current.Id, sessionDate, ct);
        var outcome = ScreeningRules.Evaluate(kind, current.Yes, await HealthRecords.RulesAsync(db, ct),
            clearances.Select(c => c.Scope).ToList());
        switch (outcome.Status)
        {
            case OutcomeStatus.Blocked:
                return ScreeningRules.Blocks;
            case OutcomeStatus.NeedsClearance:
                return ScreeningRules.ClearanceRequired;
        }

        if (current.Yes.Contains(ScreeningRules.Pregnancy))
        {
            var others = await SessionDatesAsync(db, clientId, sessionStart.AddDays(-8), sessionStart.AddDays(8), ignoreBooking, zone, ct);
            if (!ScreeningRules.FitsWeeklyCap(sessionDate, others))
                return new Refusal(RefusalKind.BusinessRule, "pregnancy-weekly-cap",
                    "At most two sessions in any 7 days under this clearance");
        }
        return null;
    }

    /// <summary>Salon-local dates of the client's sessions (given, or still to come) between two instants.</summary>
    public static async Task<IReadOnlyList<DateOnly>> SessionDatesAsync(DbSession db, Guid clientId, DateTimeOffset from, DateTimeOffset to, Guid? ignoreBooking,
        TimeZoneInfo zone, CancellationToken ct)
    {
        var starts = await db.QueryAsync<SessionRow>($"""
            SELECT id, starts_at FROM bookings
            WHERE client_id = @clientId AND starts_at >= @from AND starts_at < @to AND status IN {BookingSql.HoldingResources}
            """, new { clientId, from, to }, ct);
        return starts.Where(s => s.Id != ignoreBooking).Select(s => SlotFinder.LocalDate(s.StartsAt, zone)).ToList();
    }

    private sealed record SessionRow
    {
        public Guid Id { get; init; }
        public DateTimeOffset StartsAt { get; init; }
    }
}
