using Salon.Api.Features.Shared;
using Salon.Api.Features.Ledger;
using Mediator;
using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Behaviors;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Packages;

/// <summary>
/// Freezes a course for a stretch of future days within its allowance; the frozen days extend its validity, and no
/// session of the course may fall inside them.
/// </summary>
public sealed record FreezePackage(Guid PackageId, DateOnly From,
    DateOnly To) : ICommand<Result<PackageResponse>>, IValidate
{
    public void Validate(ValidationErrors errors)
    {
        if (To < From) errors.Add("to", "must not be before from");
    }

    internal sealed class Handler(DbSession db, SalonOptions salon,
        TimeProvider clock) : ICommandHandler<FreezePackage, Result<PackageResponse>>
    {
        public async ValueTask<Result<PackageResponse>> Handle(FreezePackage command, CancellationToken ct)
        {
            var package = await PackageBook.LockedRowAsync(db, command.PackageId, ct);
            if (package is null) return Refusal.NotFound("Package");
            var zone = salon.Zone();
            var today = SlotFinder.LocalDate(clock.GetUtcNow(), zone);
            if (package.EffectiveStatus(today) != "active") return new Refusal(RefusalKind.BusinessRule,
                "package-not-active", "Only an active package can be frozen");
            if (command.From <= today) return new Refusal(RefusalKind.BusinessRule, "freeze-in-past",
                "A freeze starts tomorrow at the earliest");
            // Frozen days extend validity: days after the last valid one would open new bookable days out of nothing.
            if (StoredDate.ParseOrNull(package.ExpiresOn) is { } lastDay && command.To > lastDay)
                return new Refusal(RefusalKind.BusinessRule, "freeze-beyond-validity",
                    "A freeze lies within the package's validity",
                    $"The package is valid until {StoredDate.Text(lastDay)}.");
            var days = command.To.DayNumber - command.From.DayNumber + 1;
            var sessions = await db.QueryAsync<DateTimeOffset>(
                "SELECT starts_at FROM bookings WHERE package_id = @packageId AND status IN ('booked', 'checked_in')", new { command.PackageId }, ct);
            if (sessions.Select(s => SlotFinder.LocalDate(s, zone)).Any(d => d >= command.From && d <= command.To))
                return new Refusal(RefusalKind.BusinessRule, "freeze-over-bookings",
                    "Sessions of the course are booked in those days");

            // A day frozen twice would be counted twice against the allowance and extend validity twice. The version
            // check below makes a concurrent overlapping freeze fail, so this read stays true until commit.
            var frozen = await db.QueryAsync<string>("""
                SELECT from_date FROM package_freezes WHERE package_id = @packageId AND from_date <= @to AND to_date >= @from
                """, new { command.PackageId, from = command.From, to = command.To }, ct);
            if (frozen.Count > 0)
                return new Refusal(RefusalKind.Conflict, "freeze-overlaps", "Some of those days are frozen already");

            // The CHECK on freeze_days_used is the guard; the condition here keeps the answer a clear refusal.
            var updated = await db.ExecuteAsync($"""
                UPDATE packages SET freeze_days_used = freeze_days_used + @days, version = version + 1
                    {(package.ExpiresOn is null ? "" : ", expires_on = @expiresOn")}
                WHERE id = @packageId AND freeze_days_used + @days <= freeze_days AND version = @version
                """, new
            {
                days, command.PackageId, package.Version,
                expiresOn = StoredDate.ParseOrNull(package.ExpiresOn) is { } last ? last.AddDays(days) : (DateOnly?)null,
            }, ct);
            if (updated == 0)
                return package.FreezeDaysUsed + days > package.FreezeDays
                    ? new Refusal(RefusalKind.BusinessRule, "freeze-allowance-exceeded",
                        "More days than the freeze allowance",
                        $"{package.FreezeDays - package.FreezeDaysUsed} days are left.")
                    : Refusal.StaleVersion();
            await db.ExecuteAsync("""
                INSERT INTO package_freezes (id, package_id, from_date, to_date, created_at) VALUES (@id, @packageId, @from, @to, @now)
                """, new { id = Guid.CreateVersion7(), command.PackageId, from = command.From, to = command.To, now = clock.GetUtcNow() }, ct);
            db.Raise(PackageEvents.Frozen(command.PackageId, package.ClientId, command.From, command.To,
                clock.GetUtcNow()));
            return (await PackageBook.ReadAsync(db, command.PackageId, today, null, ct))!;
        }
    }
}

/// <summary>
/// Refunds the unused part of a course: the price less the value of sessions used (pro rata), or less the used sessions
/// at the single price where the template says so, never more than pro rata and never below zero; what the salon keeps
/// of the unused part beyond the refund is income with its own receipt, so the advance closes. Expired packages keep
/// their unused money refundable. The money goes back by the sale's method unless an admin records a reason for
/// another.
/// </summary>
public sealed record RefundPackage(Guid PackageId, PayMethod? Method = null,
    string? Reason = null) : ICommand<Result<PaymentResponse>>
{
    internal sealed class Handler(DbSession db, SalonOptions salon, TimeProvider clock,
        CurrentUser user) : ICommandHandler<RefundPackage, Result<PaymentResponse>>
    {
        public async ValueTask<Result<PaymentResponse>> Handle(RefundPackage command, CancellationToken ct)
        {
            var package = await PackageBook.LockedRowAsync(db, command.PackageId, ct);
            if (package is null) return Refusal.NotFound("Package");
            var sale = (await db.QuerySingleOrDefaultAsync<Money.Row>("""
                SELECT id, client_id, booking_id, package_id, refund_of, kind, purpose, method, amount_kopecks, at, receipt_id
                FROM payments WHERE package_id = @packageId AND purpose = 'package_sale'
                """, new { command.PackageId }, ct))!;
            var saleMethod = Enums.Parse<PayMethod>(sale.Method);
            var method = command.Method ?? saleMethod;
            if (RefundMethodRule.Check(saleMethod, method, user.Role == Roles.Admin,
                command.Reason) is { } wrongMethod) return wrongMethod;
            if (await PackageBook.BookedAsync(db, command.PackageId, null, ct) > 0)
                return new Refusal(RefusalKind.BusinessRule, "package-has-bookings",
                    "Cancel the booked sessions of the course first");
            // The status flip is the lock: only one refund of a package can ever pass it.
            var flipped = await db.ExecuteAsync(
                "UPDATE packages SET status = 'refunded', version = version + 1 WHERE id = @packageId AND status IN ('active', 'expired') AND version = @version",
                new { command.PackageId, package.Version }, ct);
            if (flipped == 0)
                return package.Status == "refunded"
                    ? new Refusal(RefusalKind.Conflict, "package-refunded", "The package is already refunded")
                    : Refusal.StaleVersion();

            var (price, refundMethod, single) = (new Kopecks(package.PriceKopecks),
                Enums.Parse<RefundMethod>(package.RefundMethod),
                new Kopecks(package.SinglePriceKopecks));
            var amount = PackageValuation.Refund(price, package.SessionCount, package.SessionsUsed, refundMethod,
                single);
            var retained = PackageValuation.Retained(price, package.SessionCount, package.SessionsUsed, refundMethod,
                single);
            if (amount == Kopecks.Zero)
                return new Refusal(RefusalKind.BusinessRule, "nothing-to-refund",
                    "Nothing of the package is left to refund");
            var now = clock.GetUtcNow();
            if (retained > Kopecks.Zero)
                // The used sessions at the single price cost more than their share: the difference is the salon's
                // income now, offset against the advance, with its own receipt.
                await ReceiptBook.WriteAsync(db, salon, ReceiptOperation.Income, "package_retained", package.ClientId,
                    now, Kopecks.Zero, Kopecks.Zero,
                    [($"Абонемент «{package.Name}»: удержано при возврате (использованные сеансы по цене разового)",
                        retained,
                        PaymentMethodTag.FullPayment, retained)], ct, new ReceiptLinks(PackageId: command.PackageId));
            var id = Guid.CreateVersion7();
            await Money.PayAsync(db, salon, user, new PaymentToRecord(package.ClientId, PaymentPurpose.PackageRefund,
                method, amount,
                [await Money.RefundLineAsync(db, sale.ReceiptId, amount, ct,
                    $"Возврат неиспользованной части абонемента «{package.Name}»")],
                "package_refund") { PackageId = command.PackageId, RefundOf = sale.Id, PaymentId = id }, now, ct);
            db.Raise(PackageEvents.Refunded(command.PackageId, package.ClientId, amount, now));
            return await Money.ReadAsync(db, salon, id, ct);
        }
    }
}

/// <summary>Marks packages past their last day as expired; their unused money stays refundable. Safe to run any
/// time.</summary>
public sealed record ExpirePackages : ICommand<int>
{
    internal sealed class Handler(DbSession db, SalonOptions salon,
        TimeProvider clock) : ICommandHandler<ExpirePackages, int>
    {
        public async ValueTask<int> Handle(ExpirePackages command, CancellationToken ct)
        {
            var now = clock.GetUtcNow();
            var today = SlotFinder.LocalDate(now, salon.Zone());
            // Each package is flipped on its own, so the event names exactly the packages this run expired.
            var due = await db.QueryAsync<ExpiringRow>("SELECT id, client_id FROM packages WHERE status = 'active' AND expires_on < @today", new { today }, ct);
            var count = 0;
            foreach (var p in due)
                if (await db.ExecuteAsync("UPDATE packages SET status = 'expired', version = version + 1 WHERE id = @id AND status = 'active'", new { p.Id }, ct) > 0)
                {
                    db.Raise(PackageEvents.Expired(p.Id, p.ClientId, now));
                    count++;
                }
            return count;
        }

        private sealed record ExpiringRow
        {
            public Guid Id { get; init; }
            public Guid ClientId { get; init; }
        }
    }
}
