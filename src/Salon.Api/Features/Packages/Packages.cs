using Salon.Api.Features.Ledger;
using Salon.Api.Features.Shared;
using System.Globalization;
using Mediator;
using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Behaviors;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Packages;

public sealed record PackageResponse(Guid Id, Guid ClientId, Guid TemplateId, string Name, Guid? ServiceId,
    ServiceFamily? ServiceKind, int SessionCount,
    int SessionsUsed, int SessionsBooked, int SessionsLeft, decimal Price, IReadOnlyList<decimal> SessionValues, DateOnly SoldOn, DateOnly? ExpiresOn,
    string Status, int MinDaysBetween, int FreezeDaysLeft, RefundMethod RefundMethod, bool LateCancelBurns, Guid? ReceiptId,
    string? AcceptedPolicyVersion = null) : IHasId;

/// <summary>Package rows in and out, shared by the package commands, queries and the booking rules.</summary>
internal static class PackageBook
{
    public const string Select = """
        SELECT id, client_id, template_id, name, service_id, service_kind, session_count, sessions_used, price_kopecks, single_price_kopecks,
               validity_days, validity_from, min_days_between, freeze_days, freeze_days_used, refund_method, late_cancel_burns,
               sold_at, sold_on, valid_from, expires_on, status, version, policy_accepted_at, policy_version
        FROM packages
        """;

    public static Task<Row?> RowAsync(DbSession db, Guid id, CancellationToken ct) =>
        db.QuerySingleOrDefaultAsync<Row>($"{Select} WHERE id = @id", new { id }, ct);

    /// <summary>
    /// The package read under its client's row lock, the lock every booking of that client takes (BookingPlanner): a
    /// freeze or a refund and a booking on the same package then run one after the other and each sees what the other
    /// wrote.
    /// </summary>
    public static async Task<Row?> LockedRowAsync(DbSession db, Guid id, CancellationToken ct) =>
        await ClientLock.TakeForPackageAsync(db, id, ct) ? await RowAsync(db, id, ct) : null;

    /// <summary>Sessions booked on the package and not yet redeemed: they are spoken for.</summary>
    public static Task<int> BookedAsync(DbSession db, Guid packageId, Guid? ignoreBooking, CancellationToken ct) =>
        db.ScalarAsync<int>($"""
            SELECT COUNT(*) FROM bookings WHERE package_id = @packageId AND status IN ('booked', 'checked_in') {(ignoreBooking is null ? "" : "AND id <> @ignoreBooking")}
            """, new { packageId, ignoreBooking }, ct);

    public static async Task<PackageResponse?> ReadAsync(DbSession db, Guid id, DateOnly today, Guid? receiptId,
        CancellationToken ct)
    {
        var row = await RowAsync(db, id, ct);
        if (row is null) return null;
        receiptId ??= await db.ScalarAsync<Guid?>(
            "SELECT receipt_id FROM payments WHERE package_id = @id AND purpose = 'package_sale'", new { id }, ct);
        var booked = await BookedAsync(db, id, null, ct);
        var price = new Kopecks(row.PriceKopecks);
        return new PackageResponse(row.Id, row.ClientId, row.TemplateId, row.Name, row.ServiceId,
            row.ServiceKind is null ? null : Enums.Parse<ServiceFamily>(row.ServiceKind), row.SessionCount, row.SessionsUsed, booked,
            row.SessionCount - row.SessionsUsed - booked, price.ToRubles(),
            Enumerable.Range(1, row.SessionCount).Select(n => PackageValuation.SessionValue(price, row.SessionCount,
                n).ToRubles()).ToList(),
            StoredDate.Parse(row.SoldOn), StoredDate.ParseOrNull(row.ExpiresOn), row.EffectiveStatus(today), row.MinDaysBetween, row.FreezeDays - row.FreezeDaysUsed,
            Enums.Parse<RefundMethod>(row.RefundMethod), row.LateCancelBurns, receiptId, row.PolicyVersion);
    }

    internal sealed record Row
    {
        public Guid Id { get; init; }
        public Guid ClientId { get; init; }
        public Guid TemplateId { get; init; }
        public string Name { get; init; } = "";
        public Guid? ServiceId { get; init; }
        public string? ServiceKind { get; init; }
        public int SessionCount { get; init; }
        public int SessionsUsed { get; init; }
        public long PriceKopecks { get; init; }
        public long SinglePriceKopecks { get; init; }
        public int ValidityDays { get; init; }
        public string ValidityFrom { get; init; } = "";
        public int MinDaysBetween { get; init; }
        public int FreezeDays { get; init; }
        public int FreezeDaysUsed { get; init; }
        public string RefundMethod { get; init; } = "";
        public bool LateCancelBurns { get; init; }
        public DateTimeOffset SoldAt { get; init; }
        public string SoldOn { get; init; } = "";
        public string? ValidFrom { get; init; }
        public string? ExpiresOn { get; init; }
        public string Status { get; init; } = "";
        public long Version { get; init; }
        public DateTimeOffset? PolicyAcceptedAt { get; init; }
        public string? PolicyVersion { get; init; }

        /// <summary>Whether a late cancellation or a no-show burns a session: the template says so and the client
        /// accepted it.</summary>
        public bool Burns => LateCancelBurns && PolicyAcceptedAt is not null;

        /// <summary>An active package past its last day reads as expired even before the nightly mark.</summary>
        public string EffectiveStatus(DateOnly today) =>
            Status == "active" && StoredDate.ParseOrNull(ExpiresOn) is { } last && last < today ? "expired" : Status;
    }
}

/// <summary>
/// Sells a course: one prepayment of the package price (cash or card) with its receipt (1214: full prepayment).
/// Idempotent under an Idempotency-Key, so a retried sale never charges twice. <paramref name="AcceptedPolicyVersion"/>
/// is the version of the late-cancellation and no-show policy text the client was shown and accepted; without it a
/// late cancellation or a no-show never burns a session of this course.
/// </summary>
public sealed record SellPackage(Guid ClientId, Guid TemplateId, PayMethod Method, string? AcceptedPolicyVersion = null)
    : ICommand<Result<PackageResponse>>, IValidate, IClientScoped
{
    Guid? IClientScoped.ScopedClientId => ClientId;

    public void Validate(ValidationErrors errors)
    {
        if (AcceptedPolicyVersion is { } v && (string.IsNullOrWhiteSpace(v) || v.Length > 40))
            errors.Add("acceptedPolicyVersion", "must be 1 to 40 characters");
    }

    internal sealed class Handler(DbSession db, SalonOptions salon, TimeProvider clock,
        CurrentUser user) : ICommandHandler<SellPackage, Result<PackageResponse>>
    {
        public async ValueTask<Result<PackageResponse>> Handle(SellPackage command, CancellationToken ct)
        {
            var template = await ListTemplates.ReadAsync(db, command.TemplateId, ct);
            if (template is null) return Refusal.NotFound("Package template");
            if (!template.Active) return new Refusal(RefusalKind.BusinessRule, "template-inactive",
                "This package is not on sale");
            if (!await ClientLock.TakeAsync(db, command.ClientId, ct))
                return Refusal.NotFound("Client");

            var now = clock.GetUtcNow();
            var today = SlotFinder.LocalDate(now, salon.Zone());
            Kopecks.TryFromRubles(template.Price, out var price);
            var single = await SinglePriceAsync(db, template, now, ct);
            var id = Guid.CreateVersion7();
            var fromPurchase = template.ValidityFrom == ValidityFrom.Purchase;
            await db.ExecuteAsync("""
                INSERT INTO packages (id, template_id, client_id, name, service_id, service_kind, session_count, sessions_used, price_kopecks,
                    single_price_kopecks, validity_days, validity_from, min_days_between, freeze_days, freeze_days_used, refund_method,
                    late_cancel_burns, sold_at, sold_on, valid_from, expires_on, status, version,
                    policy_accepted_at, policy_channel, policy_version)
                VALUES (@id, @templateId, @clientId, @name, @serviceId, @serviceKind, @sessionCount, 0, @price,
                    @single, @validityDays, @validityFrom, @minDaysBetween, @freezeDays, 0, @refundMethod,
                    @lateCancelBurns, @now, @today, @validFrom, @expiresOn, 'active', 1,
                    @acceptedAt, @channel, @policyVersion)
                """, new
            {
                id, templateId = template.Id, command.ClientId, template.Name, template.ServiceId,
                serviceKind = template.ServiceKind, template.SessionCount, price = price.Value, single = single.Value,
                template.ValidityDays, template.ValidityFrom, template.MinDaysBetween, template.FreezeDays,
                template.RefundMethod, template.LateCancelBurns, now, today,
                validFrom = fromPurchase ? today : (DateOnly?)null,
                expiresOn = fromPurchase ? today.AddDays(template.ValidityDays - 1) : (DateOnly?)null,
                acceptedAt = command.AcceptedPolicyVersion is null ? (DateTimeOffset?)null : now,
                channel = command.AcceptedPolicyVersion is null ? null : PolicyChannel.Of(user),
                policyVersion = command.AcceptedPolicyVersion,
            }, ct);

            var receipt = await Money.PayAsync(db, salon, user, new PaymentToRecord(command.ClientId,
                PaymentPurpose.PackageSale,
                command.Method, price,
                [($"Абонемент «{template.Name}», {template.SessionCount} сеансов", price,
                    PaymentMethodTag.FullPrepayment, Kopecks.Zero)],
                "package_sale") { PackageId = id }, now, ct);
            db.Raise(PackageEvents.Sold(id, command.ClientId, now));
            return (await PackageBook.ReadAsync(db, id, today, receipt.Id, ct))!;
        }

        private const string CheapestOfFamily = """
            SELECT MIN(p.amount_kopecks) FROM services s JOIN service_prices p ON p.service_id = s.id
            WHERE s.kind = @kind AND s.active = @active
              AND p.effective_from = (SELECT MAX(p2.effective_from) FROM service_prices p2 WHERE p2.service_id = s.id AND p2.effective_from <= @now)
            """;

        /// <summary>The single-session price the "used sessions at the single price" refund uses: the cheapest service
        /// the course covers.</summary>
        private static async Task<Kopecks> SinglePriceAsync(DbSession db, TemplateResponse template, DateTimeOffset now,
            CancellationToken ct)
        {
            var price = await db.ScalarAsync<long?>(template.ServiceId is null ? CheapestOfFamily : Catalog.ServiceCatalog.PriceInForce,
                new { template.ServiceId, kind = template.ServiceKind, active = true,
                    now, at = now }, ct);
            return new Kopecks(price ?? 0);
        }
    }
}

public sealed record GetPackage(Guid Id) : IQuery<Result<PackageResponse>>
{
    internal sealed class Handler(DbSession db, SalonOptions salon, TimeProvider clock,
        CurrentUser user) : IQueryHandler<GetPackage, Result<PackageResponse>>
    {
        public async ValueTask<Result<PackageResponse>> Handle(GetPackage query, CancellationToken ct)
        {
            var package = await PackageBook.ReadAsync(db, query.Id, SlotFinder.LocalDate(clock.GetUtcNow(),
                salon.Zone()), null, ct);
            if (package is null || !user.MayActFor(package.ClientId)) return Refusal.NotFound("Package");
            return package;
        }
    }
}

public sealed record ListClientPackages(Guid ClientId) : IQuery<Result<IReadOnlyList<PackageResponse>>>, IClientScoped
{
    Guid? IClientScoped.ScopedClientId => ClientId;
    string IClientScoped.ForeignClientTitle => "A client sees only their own packages";

    internal sealed class Handler(DbSession db, SalonOptions salon,
        TimeProvider clock) : IQueryHandler<ListClientPackages, Result<IReadOnlyList<PackageResponse>>>
    {
        public async ValueTask<Result<IReadOnlyList<PackageResponse>>> Handle(ListClientPackages query,
            CancellationToken ct)
        {
            if (await Parents.ClientAsync(db, query.ClientId, ct) is { } missing)
                return missing;
            var today = SlotFinder.LocalDate(clock.GetUtcNow(), salon.Zone());
            var ids = await db.QueryAsync<Guid>("SELECT id FROM packages WHERE client_id = @clientId ORDER BY sold_at",
                new { query.ClientId }, ct);
            var list = new List<PackageResponse>();
            foreach (var id in ids) list.Add((await PackageBook.ReadAsync(db, id, today, null, ct))!);
            return list;
        }
    }
}
