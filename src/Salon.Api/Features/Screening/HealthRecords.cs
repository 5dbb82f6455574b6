using System.Globalization;
using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Screening;

/// <param name="ValidUntil">The last salon-local date the kind stays open: the screening's, or an earlier clearance's it rests on; null when not open.</param>
public sealed record KindOutcomeResponse(string Kind, OutcomeStatus Status, IReadOnlyList<string> BlockingCodes, IReadOnlyList<string> ClearedCodes,
    IReadOnlyList<string> WarningCodes, IReadOnlyList<string> DayOfCodes, DateOnly? ValidUntil = null);

/// <summary>What the front desk sees: an outcome per service kind and when the screening expires, never the answers.</summary>
public sealed record ScreeningOutcomeResponse(Guid ClientId, bool HasValidScreening, bool HealthConsent, DateTimeOffset? ScreeningValidUntil,
    IReadOnlyList<KindOutcomeResponse> Kinds);

/// <summary>
/// Loads a client's health records as the rules need them. Everything here reads special-category data; callers that
/// hand raw answers or clearances to a person write an audit record through <see cref="AuditAsync"/>.
/// </summary>
internal static class HealthRecords
{
    public static async Task<Dictionary<(string Code, ScreeningKindCode Kind), Effect>> RulesAsync(DbSession db, CancellationToken ct)
    {
        var rows = await db.QueryAsync<RuleRow>("SELECT question_code, kind, effect FROM screening_rules", null, ct);
        return rows.ToDictionary(r => (r.QuestionCode, Enum.Parse<ScreeningKindCode>(r.Kind)), r => ScreeningRules.Parse(r.Effect));
    }

    public static async Task<bool> HasConsentAsync(DbSession db, Guid clientId, string kind, CancellationToken ct) =>
        await db.ScalarAsync<int>(
            "SELECT COUNT(*) FROM client_consents WHERE client_id = @clientId AND kind = @kind AND withdrawn_at IS NULL",
            new { clientId, kind }, ct) > 0;

    /// <summary>
    /// The consents health records rest on: the client's own to processing health data and, under 18, a guardian's.
    /// Without them no answer is stored and no session given; null when both are on record.
    /// </summary>
    public static async Task<Refusal?> ConsentRefusalAsync(DbSession db, Guid clientId, DateOnly today, CancellationToken ct)
    {
        // One round trip: every booking, availability search for a client and check-in asks this.
        var row = await db.QuerySingleOrDefaultAsync<ConsentRow>("""
            SELECT c.birth_date,
                   (SELECT COUNT(*) FROM client_consents k WHERE k.client_id = c.id AND k.kind = 'health_data' AND k.withdrawn_at IS NULL) AS health,
                   (SELECT COUNT(*) FROM client_consents k WHERE k.client_id = c.id AND k.kind = 'guardian' AND k.withdrawn_at IS NULL) AS guardian
            FROM clients c WHERE c.id = @clientId
            """, new { clientId }, ct);
        if (row is null || row.Health == 0) return ScreeningGate.ConsentRequired;
        var minor = row.BirthDate is { } birth && DateOnly.ParseExact(birth.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture).AddYears(18) > today;
        return minor && row.Guardian == 0 ? ScreeningGate.GuardianConsentRequired : null;
    }

    private sealed record ConsentRow
    {
        public string? BirthDate { get; init; }
        public long Health { get; init; }
        public long Guardian { get; init; }
    }

    public static async Task<CurrentScreening?> CurrentAsync(DbSession db, Guid clientId, DateTimeOffset now, CancellationToken ct)
    {
        var screening = await db.QuerySingleOrDefaultAsync<CurrentScreening>($"""
            SELECT id, submitted_at, valid_until FROM screenings
            WHERE client_id = @clientId AND superseded_at IS NULL AND valid_until > @now
            ORDER BY submitted_at DESC {db.Dialect.Page}
            """, new { clientId, now, skip = 0, take = 1 }, ct);
        if (screening is null) return null;
        var yes = await db.QueryAsync<string>(
            "SELECT question_code FROM screening_answers WHERE screening_id = @id AND answer = @yes", new { screening.Id, yes = true }, ct);
        return screening with { Yes = yes.ToHashSet() };
    }

    /// <summary>Kinds covered by a clearance valid on the given salon-local date, and whether one of them is a pregnancy clearance.</summary>
    public static async Task<(HashSet<ScreeningKindCode> Kinds, bool Pregnancy)> ClearedKindsAsync(DbSession db, Guid clientId, DateOnly onDate, CancellationToken ct)
    {
        var date = onDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var rows = await db.QueryAsync<ClearedRow>("""
            SELECT k.kind, c.pregnancy FROM clearances c JOIN clearance_kinds k ON k.clearance_id = c.id
            WHERE c.client_id = @clientId AND c.issued_on <= @date AND c.valid_until >= @date
            """, new { clientId, date }, ct);
        return (rows.Select(r => Enum.Parse<ScreeningKindCode>(r.Kind)).ToHashSet(), rows.Any(r => r.Pregnancy));
    }

    public static async Task<ScreeningOutcomeResponse> OutcomeAsync(DbSession db, Guid clientId, SalonOptions salon, DateTimeOffset now, CancellationToken ct)
    {
        var consent = await HasConsentAsync(db, clientId, "health_data", ct);
        var current = await CurrentAsync(db, clientId, now, ct);
        if (current is null)
            return new ScreeningOutcomeResponse(clientId, false, consent, null, []);
        var rules = await RulesAsync(db, ct);
        var today = SlotFinder.LocalDate(now, salon.Zone());
        var (cleared, _) = await ClearedKindsAsync(db, clientId, today, ct);
        var screeningLastDay = SlotFinder.LocalDate(current.ValidUntil, salon.Zone());
        var kinds = new List<KindOutcomeResponse>();
        foreach (var kind in Enum.GetValues<ScreeningKindCode>())
        {
            var outcome = ScreeningRules.Evaluate(kind, current.Yes, rules, cleared);
            DateOnly? until = null;
            if (outcome.Status is OutcomeStatus.Allowed or OutcomeStatus.AllowedWithWarnings)
                until = outcome.ClearedCodes.Count > 0 && await ClearanceEndsAsync(db, clientId, kind, today, ct) is { } clearedUntil
                        && clearedUntil < screeningLastDay
                    ? clearedUntil
                    : screeningLastDay;
            kinds.Add(ToResponse(outcome) with { ValidUntil = until });
        }
        return new ScreeningOutcomeResponse(clientId, true, consent, TimeZoneInfo.ConvertTime(current.ValidUntil, salon.Zone()), kinds);
    }

    /// <summary>
    /// The last salon-local date the clearances in force on <paramref name="onDate"/> keep the kind open, when the answers
    /// need one for it; null when no answer needs a clearance for the kind.
    /// </summary>
    public static async Task<DateOnly?> ClearedUntilAsync(DbSession db, Guid clientId, ScreeningKindCode kind, IReadOnlySet<string> yes, DateOnly onDate,
        CancellationToken ct)
    {
        if (yes.Count == 0) return null;
        var uncleared = ScreeningRules.Evaluate(kind, yes, await RulesAsync(db, ct), new HashSet<ScreeningKindCode>());
        if (uncleared.Status != OutcomeStatus.NeedsClearance) return null;
        return await ClearanceEndsAsync(db, clientId, kind, onDate, ct) ?? onDate.AddDays(-1);
    }

    /// <summary>The last date of the clearances covering the kind that are in force on <paramref name="onDate"/>; null when none is.</summary>
    private static async Task<DateOnly?> ClearanceEndsAsync(DbSession db, Guid clientId, ScreeningKindCode kind, DateOnly onDate, CancellationToken ct)
    {
        var date = onDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var last = await db.ScalarAsync<string?>("""
            SELECT MAX(c.valid_until) FROM clearances c JOIN clearance_kinds k ON k.clearance_id = c.id
            WHERE c.client_id = @clientId AND k.kind = @kind AND c.issued_on <= @date AND c.valid_until >= @date
            """, new { clientId, kind = kind.ToString(), date }, ct);
        return last is null ? null : DateOnly.ParseExact(last.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    public static KindOutcomeResponse ToResponse(KindOutcome o) =>
        new(o.Kind.ToString(), o.Status, o.BlockingCodes, o.ClearedCodes, o.WarningCodes, o.DayOfCodes);

    /// <summary>Every read of raw answers or clearances leaves a trace: who, which client, what, when.</summary>
    public static Task AuditAsync(DbSession db, CurrentUser user, Guid clientId, string what, Guid? recordId, DateTimeOffset now, CancellationToken ct) =>
        db.ExecuteAsync("""
            INSERT INTO health_audit (id, at, actor_id, actor_role, client_id, what, record_id)
            VALUES (@id, @now, @actorId, @actorRole, @clientId, @what, @recordId)
            """, new { id = Guid.CreateVersion7(), now, actorId = user.Id, actorRole = user.Role ?? "system", clientId, what, recordId }, ct);

    /// <summary>Raw answers and clearances: the client themself and the admin only.</summary>
    public static Refusal? MayReadRaw(CurrentUser user, Guid clientId) =>
        user.Role == Roles.Admin || (user.Role == Roles.Client && user.ClientId == clientId)
            ? null
            : new Refusal(RefusalKind.Forbidden, "forbidden", "Health answers and clearances are read only by the client and the admin");

    /// <summary>Outcomes: the front desk and the admin for anyone, a client for themself.</summary>
    public static Refusal? MayReadOutcome(CurrentUser user, Guid clientId) =>
        user.Role is Roles.Admin or Roles.FrontDesk || (user.Role == Roles.Client && user.ClientId == clientId)
            ? null
            : new Refusal(RefusalKind.Forbidden, "forbidden", "This screening outcome is not yours to read");

    internal sealed record CurrentScreening
    {
        public Guid Id { get; init; }
        public DateTimeOffset SubmittedAt { get; init; }
        public DateTimeOffset ValidUntil { get; init; }
        public IReadOnlySet<string> Yes { get; init; } = new HashSet<string>();
    }

    private sealed record RuleRow
    {
        public string QuestionCode { get; init; } = "";
        public string Kind { get; init; } = "";
        public string Effect { get; init; } = "";
    }

    private sealed record ClearedRow
    {
        public string Kind { get; init; } = "";
        public bool Pregnancy { get; init; }
    }
}
