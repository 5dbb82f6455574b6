using Salon.Api.Features.Shared;
using Mediator;
using Salon.Api.Features.Availability;
using Salon.Api.Features.Packages;
using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Behaviors;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Billing;

public sealed record PaymentResponse(Guid Id, Guid ClientId, Guid? BookingId, Guid? PackageId, Guid? RefundOf, string Kind, string Purpose, PayMethod Method,
    decimal Amount, DateTimeOffset At, Guid ReceiptId) : IHasId;

/// <summary>Append-only money records: a payment or refund row and its receipt, written together.</summary>
internal static class Money
{
    public static async Task<ReceiptResponse> PayAsync(DbSession db, SalonOptions salon, CurrentUser user, Guid clientId, Guid? bookingId, Guid? packageId,
        string purpose, PayMethod method, Kopecks amount, DateTimeOffset now,
        IReadOnlyList<(string, Kopecks, PaymentMethodTag, Kopecks)> lines, string eventName, CancellationToken ct, Guid? refundOf = null, Guid? paymentId = null)
    {
        var refund = purpose is "refund" or "package_refund";
        var receipt = await ReceiptBook.WriteAsync(db, salon, refund ? ReceiptOperation.RefundOfIncome : ReceiptOperation.Income, eventName, clientId, now,
            method == PayMethod.Cash ? amount : Kopecks.Zero, method == PayMethod.Card ? amount : Kopecks.Zero, lines, ct);
        await db.ExecuteAsync("""
            INSERT INTO payments (id, client_id, booking_id, package_id, refund_of, kind, purpose, method, amount_kopecks, at, local_date, created_by, receipt_id)
            VALUES (@id, @clientId, @bookingId, @packageId, @refundOf, @kind, @purpose, @method, @amount, @now, @day, @by, @receiptId)
            """, new
        {
            id = paymentId ?? Guid.CreateVersion7(), clientId, bookingId, packageId, refundOf, kind = refund ? "refund" : "payment", purpose,
            method = Enums.Name(method), amount = amount.Value, now, day = ReceiptBook.Day(SlotFinder.LocalDate(now, salon.Zone())), by = user.Id,
            receiptId = receipt.Id,
        }, ct);
        return receipt;
    }

    /// <summary>
    /// How many of a visit's payments carry its service's own receipt and still stand (not refunded in full): after the first,
    /// money for the visit pays off its credit.
    /// </summary>
    public const string StandingServiceReceipts = """
        SELECT COUNT(*) FROM payments v WHERE v.booking_id = @bookingId AND v.kind = 'payment' AND v.purpose = 'visit'
          AND v.amount_kopecks > COALESCE((SELECT SUM(r.amount_kopecks) FROM payments r WHERE r.refund_of = v.id), 0)
        """;

    /// <summary>
    /// A visit given that deposits already paid in full: the service's own receipt (1214 full payment, the deposits offset as
    /// prepayment) is due now, since no money will be taken that would carry it.
    /// </summary>
    public static async Task ReceiptPrepaidVisitAsync(DbSession db, SalonOptions salon, Guid bookingId, DateTimeOffset now, CancellationToken ct)
    {
        var visit = await db.QuerySingleOrDefaultAsync<PrepaidVisitRow>("""
            SELECT b.client_id, b.price_kopecks, b.package_id, s.name AS service_name,
                   (SELECT SUM(CASE WHEN p.kind = 'payment' THEN p.amount_kopecks ELSE -p.amount_kopecks END) FROM payments p WHERE p.booking_id = b.id) AS paid
            FROM bookings b JOIN services s ON s.id = b.service_id WHERE b.id = @bookingId
            """, new { bookingId }, ct);
        if (visit is null || visit.PackageId is not null || visit.PriceKopecks == 0 || visit.Paid != visit.PriceKopecks
            || await db.ScalarAsync<long>(StandingServiceReceipts, new { bookingId }, ct) > 0) return;
        var price = new Kopecks(visit.PriceKopecks);
        await ReceiptBook.WriteAsync(db, salon, ReceiptOperation.Income, "visit", visit.ClientId, now, Kopecks.Zero, Kopecks.Zero,
            [(visit.ServiceName, price, PaymentMethodTag.FullPayment, price)], ct);
    }

    private sealed record PrepaidVisitRow
    {
        public Guid ClientId { get; init; }
        public long PriceKopecks { get; init; }
        public Guid? PackageId { get; init; }
        public string ServiceName { get; init; } = "";
        public long? Paid { get; init; }
    }

    public static async Task<PaymentResponse> ReadAsync(DbSession db, SalonOptions salon, Guid id, CancellationToken ct)
    {
        var r = (await db.QuerySingleOrDefaultAsync<Row>("""
            SELECT id, client_id, booking_id, package_id, refund_of, kind, purpose, method, amount_kopecks, at, receipt_id FROM payments WHERE id = @id
            """, new { id }, ct))!;
        return new PaymentResponse(r.Id, r.ClientId, r.BookingId, r.PackageId, r.RefundOf, r.Kind, r.Purpose, Enums.Parse<PayMethod>(r.Method),
            new Kopecks(r.AmountKopecks).ToRubles(), TimeZoneInfo.ConvertTime(r.At, salon.Zone()), r.ReceiptId);
    }

    internal sealed record Row
    {
        public Guid Id { get; init; }
        public Guid ClientId { get; init; }
        public Guid? BookingId { get; init; }
        public Guid? PackageId { get; init; }
        public Guid? RefundOf { get; init; }
        public string Kind { get; init; } = "";
        public string Purpose { get; init; } = "";
        public string Method { get; init; } = "";
        public long AmountKopecks { get; init; }
        public DateTimeOffset At { get; init; }
        public Guid ReceiptId { get; init; }
    }
}

/// <summary>
/// Pays for a visit at the price snapshotted on its booking, in one go or in parts. Before the visit a payment is a
/// deposit (full or partial prepayment); at or after it, the service's receipt with earlier deposits offset (full payment,
/// or partial payment and credit), and any later part a credit payment. Never more than is due.
/// </summary>
public sealed record PayVisit(Guid BookingId, decimal Amount, PayMethod Method) : ICommand<Result<PaymentResponse>>, IValidate
{
    public void Validate(ValidationErrors errors) => errors.Rubles("amount", Amount);

    internal sealed class Handler(DbSession db, SalonOptions salon, TimeProvider clock, CurrentUser user) : ICommandHandler<PayVisit, Result<PaymentResponse>>
    {
        public async ValueTask<Result<PaymentResponse>> Handle(PayVisit command, CancellationToken ct)
        {
            // The client's lock serialises payments for one visit, so two desks cannot both take the last rubles due.
            if (!await ClientLock.TakeForBookingAsync(db, command.BookingId, ct)) return Refusal.NotFound("Booking");
            var visit = (await db.QuerySingleOrDefaultAsync<VisitRow>("""
                SELECT b.client_id, b.status, b.price_kopecks, b.package_id, s.name AS service_name FROM bookings b JOIN services s ON s.id = b.service_id
                WHERE b.id = @bookingId
                """, new { command.BookingId }, ct))!;
            if (visit.PackageId is not null)
                return new Refusal(RefusalKind.BusinessRule, "paid-by-package", "This visit is paid with a package session");
            if (visit.Status is "cancelled" or "no_show")
                return new Refusal(RefusalKind.BusinessRule, "visit-not-payable", "A cancelled or missed visit is not paid for");

            var paid = new Kopecks(await db.ScalarAsync<long?>("""
                SELECT SUM(CASE WHEN kind = 'payment' THEN amount_kopecks ELSE -amount_kopecks END) FROM payments WHERE booking_id = @bookingId
                """, new { command.BookingId }, ct) ?? 0);
            var price = new Kopecks(visit.PriceKopecks);
            Kopecks.TryFromRubles(command.Amount, out var amount);
            if (paid + amount > price)
                return new Refusal(RefusalKind.BusinessRule, "overpayment", "More than is due",
                    $"Due: {(price - paid).ToRubles():0.00} RUB.");

            var now = clock.GetUtcNow();
            var happened = visit.Status is "checked_in" or "completed";
            var fullyPaid = paid + amount == price;
            string purpose;
            PaymentMethodTag tag;
            Kopecks lineSum, offset;
            if (!happened)
                (purpose, tag, lineSum, offset) = ("deposit", fullyPaid && paid == Kopecks.Zero ? PaymentMethodTag.FullPrepayment : PaymentMethodTag.PartialPrepayment,
                    amount, Kopecks.Zero);
            else if (await db.ScalarAsync<long>(Money.StandingServiceReceipts, new { command.BookingId }, ct) == 0)
                // The first receipt after the visit (or after its earlier one was refunded in full) is the service's own: its whole
                // price, deposits offset, and what stays unpaid on credit.
                (purpose, tag, lineSum, offset) = ("visit", fullyPaid ? PaymentMethodTag.FullPayment : PaymentMethodTag.PartialPaymentAndCredit, price, paid);
            else
                // The service is already on a receipt: later money pays off its credit, so the receipts add up to the price once.
                (purpose, tag, lineSum, offset) = ("visit", PaymentMethodTag.CreditPayment, amount, Kopecks.Zero);
            var id = Guid.CreateVersion7();
            await Money.PayAsync(db, salon, user, visit.ClientId, command.BookingId, null, purpose, command.Method, amount, now,
                [(visit.ServiceName, lineSum, tag, offset)], purpose, ct, paymentId: id);
            return await Money.ReadAsync(db, salon, id, ct);
        }
    }

    private sealed record VisitRow
    {
        public Guid ClientId { get; init; }
        public string Status { get; init; } = "";
        public long PriceKopecks { get; init; }
        public Guid? PackageId { get; init; }
        public string ServiceName { get; init; } = "";
    }
}

/// <summary>Refunds all or part of a payment, never more than is left of it; the receipt mirrors the sale's payment method.</summary>
public sealed record RefundPayment(Guid PaymentId, decimal Amount) : ICommand<Result<PaymentResponse>>, IValidate
{
    public void Validate(ValidationErrors errors) => errors.Rubles("amount", Amount);

    internal sealed class Handler(DbSession db, SalonOptions salon, TimeProvider clock, CurrentUser user) : ICommandHandler<RefundPayment, Result<PaymentResponse>>
    {
        public async ValueTask<Result<PaymentResponse>> Handle(RefundPayment command, CancellationToken ct)
        {
            // The client's lock makes concurrent refunds of one payment queue up and see each other.
            if (!await ClientLock.TakeForPaymentAsync(db, command.PaymentId, ct)
                || await db.ScalarAsync<int>("SELECT COUNT(*) FROM payments WHERE id = @paymentId AND kind = 'payment'", new { command.PaymentId }, ct) == 0)
                return Refusal.NotFound("Payment");
            var original = await Money.ReadAsync(db, salon, command.PaymentId, ct);
            if (original.Purpose == "package_sale")
                return new Refusal(RefusalKind.BusinessRule, "refund-package-instead", "A package is refunded as a package", "POST /api/v1/packages/{id}/refund.");
            var refunded = await db.ScalarAsync<long?>("SELECT SUM(amount_kopecks) FROM payments WHERE refund_of = @paymentId", new { command.PaymentId }, ct) ?? 0;
            Kopecks.TryFromRubles(original.Amount, out var paid);
            Kopecks.TryFromRubles(command.Amount, out var amount);
            if (refunded + amount.Value > paid.Value)
                return new Refusal(RefusalKind.BusinessRule, "over-refund", "More than is left of the payment",
                    $"Refundable: {new Kopecks(paid.Value - refunded).ToRubles():0.00} RUB.");

            var receipt = await ReceiptBook.ReadAsync(db, original.ReceiptId, ct);
            var tag = (PaymentMethodTag)(receipt?.Lines.FirstOrDefault()?.PaymentMethod ?? (int)PaymentMethodTag.FullPayment);
            var name = receipt?.Lines.FirstOrDefault()?.Name ?? "Услуга";
            var id = Guid.CreateVersion7();
            await Money.PayAsync(db, salon, user, original.ClientId, original.BookingId, original.PackageId, "refund", original.Method, amount,
                clock.GetUtcNow(), [(name, amount, tag, Kopecks.Zero)], "refund", ct, refundOf: command.PaymentId, paymentId: id);
            return await Money.ReadAsync(db, salon, id, ct);
        }
    }
}

public sealed record BalanceResponse(Guid ClientId, decimal Paid, decimal Refunded, decimal Net, decimal DueForVisits, decimal PrepaidSessionsValue);

/// <summary>A client's money, derived from the records: paid, refunded, what completed visits still owe, what packages still hold.</summary>
public sealed record GetClientBalance(Guid ClientId) : IQuery<Result<BalanceResponse>>
{
    internal sealed class Handler(DbSession db, CurrentUser user) : IQueryHandler<GetClientBalance, Result<BalanceResponse>>
    {
        public async ValueTask<Result<BalanceResponse>> Handle(GetClientBalance query, CancellationToken ct)
        {
            if (user.Role == Roles.Client && user.ClientId != query.ClientId)
                return new Refusal(RefusalKind.Forbidden, "forbidden", "A client sees only their own balance");
            if (await Parents.ClientAsync(db, query.ClientId, ct) is { } missing)
                return missing;
            var args = new { query.ClientId };
            var paid = await db.ScalarAsync<long?>("SELECT SUM(amount_kopecks) FROM payments WHERE client_id = @clientId AND kind = 'payment'", args, ct) ?? 0;
            var refunded = await db.ScalarAsync<long?>("SELECT SUM(amount_kopecks) FROM payments WHERE client_id = @clientId AND kind = 'refund'", args, ct) ?? 0;
            var due = await db.ScalarAsync<long?>("""
                SELECT SUM(b.price_kopecks - COALESCE(m.net, 0))
                FROM bookings b
                LEFT JOIN (SELECT booking_id, SUM(CASE WHEN kind = 'payment' THEN amount_kopecks ELSE -amount_kopecks END) AS net
                           FROM payments WHERE client_id = @clientId AND booking_id IS NOT NULL GROUP BY booking_id) m ON m.booking_id = b.id
                WHERE b.client_id = @clientId AND b.package_id IS NULL AND b.status IN ('checked_in', 'completed')
                """, args, ct) ?? 0;
            var prepaid = await PrepaidAsync(db, PrepaidOfClient, args, ct);
            return new BalanceResponse(query.ClientId, new Kopecks(paid).ToRubles(), new Kopecks(refunded).ToRubles(), new Kopecks(paid - refunded).ToRubles(),
                new Kopecks(due).ToRubles(), prepaid.ToRubles());
        }
    }

    internal const string PrepaidOfClient =
        "SELECT price_kopecks, session_count, sessions_used FROM packages WHERE status IN ('active', 'expired') AND client_id = @clientId";


    /// <summary>What active packages still hold: price less the value of sessions used; sessions not yet given are prepaid money.</summary>
    internal static async Task<Kopecks> PrepaidAsync(DbSession db, string sql, object args, CancellationToken ct)
    {
        var rows = await db.QueryAsync<PrepaidRow>(sql, args, ct);
        return new Kopecks(rows.Sum(r => r.PriceKopecks - PackageValuation.ValueOfFirst(new Kopecks(r.PriceKopecks), r.SessionCount, r.SessionsUsed).Value));
    }

    private sealed record PrepaidRow
    {
        public long PriceKopecks { get; init; }
        public int SessionCount { get; init; }
        public int SessionsUsed { get; init; }
    }
}
