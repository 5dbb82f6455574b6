using System.Globalization;
using Mediator;
using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Behaviors;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Screening;

/// <param name="ScreeningId">The screening it was issued against; null for clearances recorded before conditions were
/// named.</param>
public sealed record ClearanceResponse(Guid Id, DateOnly IssuedOn, DateOnly ValidUntil, string Doctor, string Clinic,
    IReadOnlyList<string> Kinds,
    string? Restrictions, bool Pregnancy, IReadOnlyList<string> Conditions, Guid? ScreeningId);

/// <summary>
/// A doctor's clearance, issued against the client's current screening: it lifts the R answers it names (conditions)
/// for the kinds it names until the date on it (default 90 days, at most a year; a pregnancy clearance 30 days at most)
/// and never lifts A (<see cref="ClearanceRules"/>). The front desk records it from the paper; reading it back is for
/// the client and the admin.
/// </summary>
public sealed record RecordClearance(Guid ClientId, DateOnly IssuedOn, string Doctor, string Clinic,
    IReadOnlyList<string> Kinds,
    IReadOnlyList<string> Conditions, DateOnly? ValidUntil = null, string? Restrictions = null, bool Pregnancy = false)
    : ICommand<Result<ClearanceResponse>>, IValidate, IClientScoped
{
    Guid? IClientScoped.ScopedClientId => ClientId;

    public void Validate(ValidationErrors errors)
    {
        errors.Required("doctor", Doctor, 200).Required("clinic", Clinic, 200).Optional("restrictions", Restrictions,
            500);
        if (Kinds.Count == 0) errors.Add("kinds", "name at least one service kind");
        foreach (var kind in Kinds)
            if (!Enum.GetNames<ScreeningKindCode>().Contains(kind)) errors.Add("kinds",
                $"{kind} is not one of SURF, DEEP, HONEY, PRESS, MICRO, VAC");
        if ((Conditions?.Count ?? 0) is 0 or > 24) errors.Add("conditions",
            "name the conditions (question codes such as Q15) the clearance lifts");
        if (ValidUntil is { } until && until < IssuedOn) errors.Add("validUntil", "must not be before issuedOn");
    }

    internal sealed class Handler(DbSession db, SalonOptions salon, TimeProvider clock,
        CurrentUser user) : ICommandHandler<RecordClearance, Result<ClearanceResponse>>
    {
        public async ValueTask<Result<ClearanceResponse>> Handle(RecordClearance command, CancellationToken ct)
        {
            if (!await ClientLock.TakeAsync(db, command.ClientId, ct))
                return Refusal.NotFound("Client");
            var now = clock.GetUtcNow();
            var current = await HealthRecords.CurrentAsync(db, command.ClientId, now, ct);
            if (current is null) return ScreeningGate.ScreeningRequired;
            // A clearance given while the screening says pregnant is a pregnancy clearance for its length, whether or
            // not the
            // desk ticked the box: pregnancy changes month by month, so it lasts 30 days, not 90. Lifting Q17 needs the
            // box.
            var pregnancy = command.Pregnancy || current.Yes.Contains(ScreeningRules.Pregnancy);
            var conditions = command.Conditions.Distinct().Order(StringComparer.Ordinal).ToList();
            if (ClearanceRules.Check(command.IssuedOn, command.ValidUntil, SlotFinder.LocalDate(now, salon.Zone()),
                command.Pregnancy, conditions,
                    current.Yes) is { } refused)
                return refused;
            var validUntil = ClearanceRules.ValidUntil(command.IssuedOn, command.ValidUntil, pregnancy);
            var id = Guid.CreateVersion7();
            await db.ExecuteAsync("""
                INSERT INTO clearances (id, client_id, screening_id, issued_on, valid_until, doctor, clinic,
                    restrictions, pregnancy, recorded_at, recorded_by)
                VALUES (@id, @clientId, @screeningId, @issuedOn, @validUntil, @doctor, @clinic, @restrictions,
                    @pregnancy, @now, @by)
                """, new
            {
                id, command.ClientId, screeningId = current.Id, issuedOn = Date(command.IssuedOn),
                    validUntil = Date(validUntil),
                doctor = command.Doctor.Trim(), clinic = command.Clinic.Trim(), command.Restrictions, pregnancy, now,
                    by = user.Id,
            }, ct);
            var kinds = command.Kinds.Distinct().ToList();
            foreach (var kind in kinds)
                await db.ExecuteAsync("INSERT INTO clearance_kinds (clearance_id, kind) VALUES (@id, @kind)", new { id,
                    kind }, ct);
            foreach (var code in conditions)
                await db.ExecuteAsync("INSERT INTO clearance_conditions (clearance_id, question_code) VALUES (@id, @code)", new { id, code }, ct);
            return new ClearanceResponse(id, command.IssuedOn, validUntil, command.Doctor.Trim(),
                command.Clinic.Trim(), kinds, command.Restrictions,
                pregnancy, conditions, current.Id);
        }
    }

    internal static string Date(DateOnly date) => StoredDate.Text(date);
}

/// <summary>A client's clearances: the client and the admin only, and every read is audited.</summary>
public sealed record ListClearances(Guid ClientId) : IQuery<Result<IReadOnlyList<ClearanceResponse>>>, IClientScoped
{
    Guid? IClientScoped.ScopedClientId => ClientId;
    string IClientScoped.ForeignClientTitle
        => "Health answers and clearances are read only by the client and the admin";

    internal sealed class Handler(DbSession db, TimeProvider clock,
        CurrentUser user) : IQueryHandler<ListClearances, Result<IReadOnlyList<ClearanceResponse>>>
    {
        public async ValueTask<Result<IReadOnlyList<ClearanceResponse>>> Handle(ListClearances query,
            CancellationToken ct)
        {
            if (HealthRecords.MayReadRaw(user, query.ClientId) is { } denied) return denied;
            // Audited even when the list is empty or refused: the attempt to look is itself a read of health data.
            await HealthRecords.AuditAsync(db, user, query.ClientId, "clearances", null, clock.GetUtcNow(), ct);
            if (await HealthRecords.ProcessingStoppedAsync(db, query.ClientId,
                ct)) return HealthRecords.ProcessingStopped;
            var rows = await db.QueryAsync<Row>("""
                SELECT id, issued_on, valid_until, doctor, clinic, restrictions, pregnancy, screening_id FROM clearances
                WHERE client_id = @clientId ORDER BY issued_on, id
                """, new { query.ClientId }, ct);
            var kinds = await db.QueryAsync<KindRow>("""
                SELECT k.clearance_id,
                    k.kind AS item FROM clearance_kinds k JOIN clearances c ON c.id = k.clearance_id WHERE c.client_id = @clientId
                UNION ALL
                SELECT q.clearance_id,
                    q.question_code AS item FROM clearance_conditions q JOIN clearances c ON c.id = q.clearance_id
                WHERE c.client_id = @clientId
                """, new { query.ClientId }, ct);
            List<string> Items(Guid id, bool codes) =>
                kinds.Where(k => k.ClearanceId == id && k.Item.StartsWith('Q') == codes).Select(k
                    => k.Item).Order(StringComparer.Ordinal).ToList();
            return rows.Select(r => new ClearanceResponse(r.Id, Parse(r.IssuedOn), Parse(r.ValidUntil), r.Doctor,
                r.Clinic,
                Items(r.Id, false), r.Restrictions, r.Pregnancy, Items(r.Id, true), r.ScreeningId)).ToList();
        }

        private static DateOnly Parse(string date) => StoredDate.Parse(date);
    }

    private sealed record Row
    {
        public Guid Id { get; init; }
        public string IssuedOn { get; init; } = "";
        public string ValidUntil { get; init; } = "";
        public string Doctor { get; init; } = "";
        public string Clinic { get; init; } = "";
        public string? Restrictions { get; init; }
        public bool Pregnancy { get; init; }
        public Guid? ScreeningId { get; init; }
    }

    private sealed record KindRow
    {
        public Guid ClearanceId { get; init; }
        public string Item { get; init; } = "";
    }
}
