using System.Globalization;
using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Screening;

/// <param name="ValidUntil">The last salon-local date the kind stays open: the screening's, or an earlier clearance's
/// it rests on; null when not open.</param>
/// <remarks>The code lists are null for the front desk: it sees the outcome, never the conditions behind it.</remarks>
public sealed record KindOutcomeResponse(string Kind, OutcomeStatus Status, IReadOnlyList<string>? BlockingCodes,
    IReadOnlyList<string>? ClearedCodes,
    IReadOnlyList<string>? WarningCodes, IReadOnlyList<string>? DayOfCodes, DateOnly? ValidUntil = null);

/// <summary>What the front desk sees: an outcome per service kind and when the screening expires, never the
/// answers.</summary>
/// <param name="ScreeningDue">The last screening is void (day-of news, withdrawn consent) or expired: a new one is
/// needed.</param>
public sealed record ScreeningOutcomeResponse(Guid ClientId, bool HasValidScreening, bool HealthConsent,
    DateTimeOffset? ScreeningValidUntil,
    IReadOnlyList<KindOutcomeResponse> Kinds, bool ScreeningDue);

/// <summary>A clearance in force: what it lifts, its last day, and the doctor's restrictions the therapist must
/// see.</summary>
public sealed record ClearanceOnFile(ClearanceScope Scope, DateOnly ValidUntil, string? Restrictions);

/// <summary>
/// Loads a client's health records as the rules need them. Everything here reads special-category data; callers that
/// hand raw answers or clearances to a person write an audit record through <see cref="AuditAsync"/>.
/// </summary>
internal static class HealthRecords
{
    public const string RulesSql = "SELECT question_code, kind, effect FROM screening_rules";

    public static async Task<Dictionary<(string Code, ScreeningKindCode Kind), Effect>> RulesAsync(DbSession db,
        CancellationToken ct) =>
        Rules(await db.QueryAsync<RuleRow>(RulesSql, null, ct));

    internal static Dictionary<(string Code, ScreeningKindCode Kind), Effect> Rules(IEnumerable<RuleRow> rows) =>
        rows.ToDictionary(r => (r.QuestionCode, Enum.Parse<ScreeningKindCode>(r.Kind)), r
            => ScreeningRules.Parse(r.Effect));

    public static async Task<bool> HasConsentAsync(DbSession db, Guid clientId, string kind, CancellationToken ct) =>
        await db.ScalarAsync<int>(
            "SELECT COUNT(*) FROM client_consents WHERE client_id = @clientId AND kind = @kind AND withdrawn_at IS NULL",
            new { clientId, kind }, ct) > 0;

    /// <summary>
    /// The consents health records rest on: the client's own to processing health data and, under 18, a guardian's.
    /// Without them no answer is stored and no session given; null when both are on record.
    /// </summary>
    /// <summary>The client row with its consents (@clientId); no row when there is no such client.</summary>
    public const string ConsentSql = """
        SELECT c.birth_date, c.first_name, c.last_name,
               (SELECT COUNT(*) FROM client_consents k WHERE k.client_id = c.id AND k.kind = 'health_data' AND k.withdrawn_at IS NULL) AS health,
               (SELECT COUNT(*) FROM client_consents k WHERE k.client_id = c.id AND k.kind = 'guardian' AND k.withdrawn_at IS NULL) AS guardian
        FROM clients c WHERE c.id = @clientId
        """;

    // One round trip: every booking, availability search for a client and check-in asks this.
    public static async Task<Refusal?> ConsentRefusalAsync(DbSession db, Guid clientId, DateOnly today,
        CancellationToken ct) =>
        ConsentRefusal(await db.QuerySingleOrDefaultAsync<ConsentRow>(ConsentSql, new { clientId }, ct), today);

    internal static Refusal? ConsentRefusal(ConsentRow? row, DateOnly today)
    {
        if (row is null || row.Health == 0) return ScreeningGate.ConsentRequired;
        // An unknown age is not an adult's: without a birth date nothing is processed.
        if (row.BirthDate is not { } birth) return ConsentRules.BirthDateRequired;
        var minor = StoredDate.Parse(birth).AddYears(18) > today;
        return minor && row.Guardian == 0 ? ScreeningGate.GuardianConsentRequired : null;
    }

    internal sealed record ConsentRow
    {
        public string? BirthDate { get; init; }
        public string FirstName { get; init; } = "";
        public string LastName { get; init; } = "";
        public long Health { get; init; }
        public long Guardian { get; init; }
    }

    /// <summary>The client's screening valid @now, and its yes answers (@clientId, @now, @yes, @skip = 0, @take =
    /// 1).</summary>
    public static string CurrentSql(ISqlDialect dialect) => $"""
        {CurrentIdSql(dialect, "SELECT id, submitted_at, valid_until")};
        {YesAnswersSql(dialect)}
        """;

    /// <summary>The codes answered yes in the screening valid @now (@clientId, @yes, @skip = 0, @take = 1).</summary>
    public static string YesAnswersSql(ISqlDialect dialect) =>
        $"{Answers} WHERE screening_id = ({CurrentIdSql(dialect)}) AND answer = @yes";

    private const string Answers = "SELECT question_code FROM screening_answers";

    /// <summary>The screening valid @now (its id, or the columns selected), as a query or subquery.</summary>
    public static string CurrentIdSql(ISqlDialect dialect, string select = "SELECT id") => $"""
        {select} FROM screenings
        WHERE client_id = @clientId AND superseded_at IS NULL AND voided_at IS NULL AND valid_until > @now
        ORDER BY submitted_at DESC {dialect.Page}
        """;

    public static async Task<CurrentScreening?> CurrentAsync(DbSession db, Guid clientId, DateTimeOffset now,
        CancellationToken ct)
    {
        await using var grid = await db.QueryMultipleAsync(CurrentSql(db.Dialect), new { clientId, now, yes = true,
            skip = 0, take = 1 }, ct);
        return await ReadCurrentAsync(grid);
    }

    internal static async Task<CurrentScreening?> ReadCurrentAsync(Dapper.SqlMapper.GridReader grid)
    {
        var screening = await grid.ReadSingleOrDefaultAsync<CurrentScreening>();
        var yes = await grid.ReadAsync<string>();
        return screening is null ? null : screening with { Yes = yes.ToHashSet() };
    }

    /// <summary>The client gave a screening once that is now void or expired: visits show `screening due`, not
    /// `screening required`.</summary>
    public static async Task<bool> HadScreeningAsync(DbSession db, Guid clientId, CancellationToken ct) =>
        await db.ScalarAsync<int>(HadScreeningSql, new { clientId }, ct) > 0;

    public const string HadScreeningSql = "SELECT COUNT(*) FROM screenings WHERE client_id = @clientId AND superseded_at IS NULL";

    /// <summary>Clearances issued against the screening and in force on the salon-local date, with what each
    /// lifts.</summary>
    public static async Task<IReadOnlyList<ClearanceOnFile>> ClearancesAsync(DbSession db, Guid screeningId,
        DateOnly onDate, CancellationToken ct)
    {
        var date = StoredDate.Text(onDate);
        return Clearances(await db.QueryAsync<ClearanceRow>(ClearancesSql("@screeningId"), new { screeningId, date },
            ct));
    }

    /// <summary>Clearances of the screening (an id parameter or subquery) in force on @date (yyyy-MM-dd).</summary>
    public static string ClearancesSql(string screening) => $"""
        {ClearancesSelect}
        WHERE c.screening_id = {screening} AND c.issued_on <= @date AND c.valid_until >= @date
        """;

    private const string ClearancesSelect = """
        SELECT c.id, c.valid_until, c.pregnancy, c.restrictions, k.kind, q.question_code
        FROM clearances c
        JOIN clearance_kinds k ON k.clearance_id = c.id
        JOIN clearance_conditions q ON q.clearance_id = c.id
        """;

    internal static IReadOnlyList<ClearanceOnFile> Clearances(IEnumerable<ClearanceRow> rows)
    {
        return rows.GroupBy(r => r.Id).Select(g => new ClearanceOnFile(
            new ClearanceScope(g.Select(r => r.QuestionCode).ToHashSet(),
                g.Select(r => Enum.Parse<ScreeningKindCode>(r.Kind)).ToHashSet(),
                g.First().Pregnancy),
            StoredDate.Parse(g.First().ValidUntil),
                g.First().Restrictions)).ToList();
    }

    /// <summary>
    /// What the outcome shows: per kind, to the front desk without codes; with codes to the client and the admin
    /// (audited).
    /// No health consent, no processing: nothing is computed.
    /// </summary>
    public static async Task<ScreeningOutcomeResponse> OutcomeAsync(DbSession db, Guid clientId, SalonOptions salon,
        DateTimeOffset now, bool withCodes,
        CancellationToken ct)
    {
        var consent = await HasConsentAsync(db, clientId, "health_data", ct);
        if (!consent)
            return new ScreeningOutcomeResponse(clientId, false, false, null, [], false);
        var current = await CurrentAsync(db, clientId, now, ct);
        if (current is null)
            return new ScreeningOutcomeResponse(clientId, false, consent, null, [], await HadScreeningAsync(db,
                clientId, ct));
        var rules = await RulesAsync(db, ct);
        var today = SlotFinder.LocalDate(now, salon.Zone());
        var clearances = await ClearancesAsync(db, current.Id, today, ct);
        var screeningLastDay = SlotFinder.LocalDate(current.ValidUntil, salon.Zone());
        var kinds = new List<KindOutcomeResponse>();
        foreach (var kind in Enum.GetValues<ScreeningKindCode>())
        {
            var outcome = ScreeningRules.Evaluate(kind, current.Yes, rules, clearances.Select(c => c.Scope).ToList());
            DateOnly? until = null;
            if (outcome.Status is OutcomeStatus.Allowed or OutcomeStatus.AllowedWithWarnings)
                until = ScreeningRules.OpenUntil(kind, current.Yes, rules, clearances.Select(c => (c.Scope,
                    c.ValidUntil)).ToList()) is { } cleared
                        && cleared < screeningLastDay
                    ? cleared
                    : screeningLastDay;
            kinds.Add(ToResponse(outcome, withCodes) with { ValidUntil = until });
        }
        return new ScreeningOutcomeResponse(clientId, true, consent, TimeZoneInfo.ConvertTime(current.ValidUntil,
            salon.Zone()), kinds, false);
    }

    /// <summary>
    /// The last salon-local date the clearances in force on <paramref name="onDate"/> keep the kind open, when the
    /// answers need one for it; null when no answer needs a clearance for the kind.
    /// </summary>
    public static async Task<DateOnly?> ClearedUntilAsync(DbSession db, CurrentScreening screening,
        ScreeningKindCode kind, DateOnly onDate,
        CancellationToken ct)
    {
        if (screening.Yes.Count == 0) return null;
        var clearances = await ClearancesAsync(db, screening.Id, onDate, ct);
        return ScreeningRules.OpenUntil(kind, screening.Yes, await RulesAsync(db, ct),
            clearances.Select(c => (c.Scope, c.ValidUntil)).ToList(),
            onDate.AddDays(-1));
    }

    public static KindOutcomeResponse ToResponse(KindOutcome o, bool withCodes) => withCodes
        ? new(o.Kind.ToString(), o.Status, o.BlockingCodes, o.ClearedCodes, o.WarningCodes, o.DayOfCodes)
        : new(o.Kind.ToString(), o.Status, null, null, null, null);

    /// <summary>Every read of raw answers or clearances leaves a trace: who, which client, what, when.</summary>
    public static Task AuditAsync(DbSession db, CurrentUser user, Guid clientId, string what, Guid? recordId,
        DateTimeOffset now, CancellationToken ct) =>
        db.ExecuteAsync("""
            INSERT INTO health_audit (id, at, actor_id, actor_role, client_id, what, record_id)
            VALUES (@id, @now, @actorId, @actorRole, @clientId, @what, @recordId)
            """, new { id = Guid.CreateVersion7(), now, actorId = user.Id, actorRole = user.Role ?? "system", clientId, what, recordId }, ct);

    /// <summary>After the health consent is withdrawn nothing is read back but the audit trail (152-FZ: processing
    /// stops).</summary>
    public static readonly Refusal ProcessingStopped = new(RefusalKind.Conflict, "health-processing-stopped",
        "The client withdrew consent to processing health data",
            "Nothing is shown until consent is given again and a new screening is taken.");

    /// <summary>Health consent was given and withdrawn, and not given again: nothing may be read back.</summary>
    public static async Task<bool> ProcessingStoppedAsync(DbSession db, Guid clientId, CancellationToken ct) =>
        await db.ScalarAsync<int>("""
            SELECT COUNT(*) FROM client_consents WHERE client_id = @clientId AND kind = 'health_data'
                AND withdrawn_at IS NOT NULL
            """, new { clientId }, ct) > 0 && !await HasConsentAsync(db, clientId, "health_data", ct);

    /// <summary>Codes are shown to the client about themself and to the admin; the front desk sees outcomes
    /// only.</summary>
    public static bool SeesCodes(CurrentUser user, Guid clientId) =>
        user.Role == Roles.Admin || (user.Role == Roles.Client && user.MayActFor(clientId));

    /// <summary>Raw answers and clearances: the client themself and the admin only.</summary>
    public static Refusal? MayReadRaw(CurrentUser user, Guid clientId) =>
        user.Role == Roles.Admin || (user.Role == Roles.Client && user.MayActFor(clientId))
            ? null
            : new Refusal(RefusalKind.Forbidden, "forbidden",
                "Health answers and clearances are read only by the client and the admin");

    /// <summary>Outcomes: the front desk and the admin for anyone, a client for themself.</summary>
    public static Refusal? MayReadOutcome(CurrentUser user, Guid clientId) =>
        user.Role is Roles.Admin or Roles.FrontDesk || (user.Role == Roles.Client && user.MayActFor(clientId))
            ? null
            : new Refusal(RefusalKind.Forbidden, "forbidden", "This screening outcome is not yours to read");

    internal sealed record CurrentScreening
    {
        public Guid Id { get; init; }
        public DateTimeOffset SubmittedAt { get; init; }
        public DateTimeOffset ValidUntil { get; init; }
        public IReadOnlySet<string> Yes { get; init; } = new HashSet<string>();
    }

    internal sealed record RuleRow
    {
        public string QuestionCode { get; init; } = "";
        public string Kind { get; init; } = "";
        public string Effect { get; init; } = "";
    }

    internal sealed record ClearanceRow
    {
        public Guid Id { get; init; }
        public string ValidUntil { get; init; } = "";
        public bool Pregnancy { get; init; }
        public string? Restrictions { get; init; }
        public string Kind { get; init; } = "";
        public string QuestionCode { get; init; } = "";
    }
}
