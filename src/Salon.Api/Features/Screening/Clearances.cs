using System.Globalization;
using Mediator;
using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Behaviors;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Screening;

public sealed record ClearanceResponse(Guid Id, DateOnly IssuedOn, DateOnly ValidUntil, string Doctor, string Clinic, IReadOnlyList<string> Kinds,
    string? Restrictions, bool Pregnancy);

/// <summary>
/// A doctor's clearance: it lifts R for the kinds it covers until the date on it (default 90 days, 30 for pregnancy) and
/// never lifts A. The front desk records it from the paper; reading it back is for the client and the admin.
/// </summary>
public sealed record RecordClearance(Guid ClientId, DateOnly IssuedOn, string Doctor, string Clinic, IReadOnlyList<string> Kinds,
    DateOnly? ValidUntil = null, string? Restrictions = null, bool Pregnancy = false) : ICommand<Result<ClearanceResponse>>, IValidate
{
    public void Validate(ValidationErrors errors)
    {
        errors.Required("doctor", Doctor, 200).Required("clinic", Clinic, 200).Optional("restrictions", Restrictions, 500);
        if (Kinds.Count == 0) errors.Add("kinds", "name at least one service kind");
        foreach (var kind in Kinds)
            if (!Enum.GetNames<ScreeningKindCode>().Contains(kind)) errors.Add("kinds", $"{kind} is not one of SURF, DEEP, HONEY, PRESS, MICRO, VAC");
        if (ValidUntil is { } until && until < IssuedOn) errors.Add("validUntil", "must not be before issuedOn");
    }

    internal sealed class Handler(DbSession db, SalonOptions salon, TimeProvider clock, CurrentUser user) : ICommandHandler<RecordClearance, Result<ClearanceResponse>>
    {
        public async ValueTask<Result<ClearanceResponse>> Handle(RecordClearance command, CancellationToken ct)
        {
            if (!await ClientLock.TakeAsync(db, command.ClientId, ct))
                return Refusal.NotFound("Client");
            var today = SlotFinder.LocalDate(clock.GetUtcNow(), salon.Zone());
            if (command.IssuedOn > today)
                return new Refusal(RefusalKind.BusinessRule, "clearance-in-future", "A clearance cannot be issued in the future");

            // A clearance given while the screening says pregnant is a pregnancy clearance, whether or not the desk ticked the box:
            // pregnancy changes month by month, so it lasts 30 days, not 90.
            var pregnancy = command.Pregnancy
                || (await HealthRecords.CurrentAsync(db, command.ClientId, clock.GetUtcNow(), ct))?.Yes.Contains(ScreeningRules.Pregnancy) == true;
            var validUntil = command.ValidUntil ?? command.IssuedOn.AddDays(pregnancy ? 30 : 90);
            var id = Guid.CreateVersion7();
            await db.ExecuteAsync("""
                INSERT INTO clearances (id, client_id, issued_on, valid_until, doctor, clinic, restrictions, pregnancy, recorded_at, recorded_by)
                VALUES (@id, @clientId, @issuedOn, @validUntil, @doctor, @clinic, @restrictions, @pregnancy, @now, @by)
                """, new
            {
                id, command.ClientId, issuedOn = Date(command.IssuedOn), validUntil = Date(validUntil), doctor = command.Doctor.Trim(),
                clinic = command.Clinic.Trim(), command.Restrictions, pregnancy, now = clock.GetUtcNow(), by = user.Id,
            }, ct);
            var kinds = command.Kinds.Distinct().ToList();
            foreach (var kind in kinds)
                await db.ExecuteAsync("INSERT INTO clearance_kinds (clearance_id, kind) VALUES (@id, @kind)", new { id, kind }, ct);
            return new ClearanceResponse(id, command.IssuedOn, validUntil, command.Doctor.Trim(), command.Clinic.Trim(), kinds, command.Restrictions, pregnancy);
        }
    }

    internal static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>A client's clearances: the client and the admin only, and every read is audited.</summary>
public sealed record ListClearances(Guid ClientId) : IQuery<Result<IReadOnlyList<ClearanceResponse>>>
{
    internal sealed class Handler(DbSession db, TimeProvider clock, CurrentUser user) : IQueryHandler<ListClearances, Result<IReadOnlyList<ClearanceResponse>>>
    {
        public async ValueTask<Result<IReadOnlyList<ClearanceResponse>>> Handle(ListClearances query, CancellationToken ct)
        {
            if (HealthRecords.MayReadRaw(user, query.ClientId) is { } denied) return denied;
            var rows = await db.QueryAsync<Row>("""
                SELECT id, issued_on, valid_until, doctor, clinic, restrictions, pregnancy FROM clearances WHERE client_id = @clientId ORDER BY issued_on, id
                """, new { query.ClientId }, ct);
            var kinds = await db.QueryAsync<KindRow>("""
                SELECT k.clearance_id, k.kind FROM clearance_kinds k JOIN clearances c ON c.id = k.clearance_id WHERE c.client_id = @clientId
                """, new { query.ClientId }, ct);
            // Audited even when the list is empty: the attempt to look is itself a read of health data.
            await HealthRecords.AuditAsync(db, user, query.ClientId, "clearances", null, clock.GetUtcNow(), ct);
            return rows.Select(r => new ClearanceResponse(r.Id, Parse(r.IssuedOn), Parse(r.ValidUntil), r.Doctor, r.Clinic,
                kinds.Where(k => k.ClearanceId == r.Id).Select(k => k.Kind).Order().ToList(), r.Restrictions, r.Pregnancy)).ToList();
        }

        private static DateOnly Parse(string date) => DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture);
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
    }

    private sealed record KindRow
    {
        public Guid ClearanceId { get; init; }
        public string Kind { get; init; } = "";
    }
}
