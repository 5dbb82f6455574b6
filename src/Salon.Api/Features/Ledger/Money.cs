using Salon.Api.Features.Shared;
using Mediator;
using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Behaviors;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Ledger;

public sealed record PaymentResponse(Guid Id, Guid ClientId, Guid? BookingId, Guid? PackageId, Guid? RefundOf,
    string Kind, string Purpose, PayMethod Method,
    decimal Amount, DateTimeOffset At, Guid ReceiptId) : IHasId;

/// <summary>
/// A payment or refund to record: who, what for, how and how much, the receipt's lines and event, and what it is
/// about (a visit, a course, the payment it refunds).
/// </summary>
internal sealed record PaymentToRecord(Guid ClientId, PaymentPurpose Purpose, PayMethod Method, Kopecks Amount,
    IReadOnlyList<LineToWrite> Lines, string ReceiptEvent)
{
    public Guid? BookingId { get; init; }
    public Guid? PackageId { get; init; }
    public Guid? RefundOf { get; init; }

    /// <summary>Set when the caller reads the payment back by id afterwards.</summary>
    public Guid? PaymentId { get; init; }

    public bool IsRefund => Purpose is PaymentPurpose.Refund or PaymentPurpose.PackageRefund;
}

/// <summary>Append-only money records: a payment or refund row and its receipt, written together.</summary>
internal static class Money
{
    public static async Task<ReceiptResponse> PayAsync(DbSession db, SalonOptions salon, CurrentUser user,
        PaymentToRecord payment,
        DateTimeOffset now, CancellationToken ct)
    {
        var (clientId, bookingId, packageId, refundOf) = (payment.ClientId, payment.BookingId, payment.PackageId,
            payment.RefundOf);
        var (method, amount, lines, eventName) = (payment.Method, payment.Amount, payment.Lines, payment.ReceiptEvent);
        var purpose = payment.Purpose;
        var refund = payment.IsRefund;
        var paymentId = payment.PaymentId ?? Guid.CreateVersion7();
        var receipt = await ReceiptBook.WriteAsync(db, salon,
            refund ? ReceiptOperation.RefundOfIncome : ReceiptOperation.Income, eventName, clientId, now,
            method == PayMethod.Cash ? amount : Kopecks.Zero, method == PayMethod.Card ? amount : Kopecks.Zero, lines, ct,
            new ReceiptLinks(paymentId, bookingId, packageId));
        await db.ExecuteAsync("""
            INSERT INTO payments (id, client_id, booking_id, package_id, refund_of, kind, purpose, method, amount_kopecks, at, local_date, created_by, receipt_id)
            VALUES (@id, @clientId, @bookingId, @packageId, @refundOf, @kind, @purpose, @method, @amount, @now, @day, @by, @receiptId)
            """, new
        {
            id = paymentId, clientId, bookingId, packageId, refundOf, kind = refund ? "refund" : "payment", purpose,
            method, amount = amount.Value, now, day = SlotFinder.LocalDate(now,
                salon.Zone()), by = user.Id,
            receiptId = receipt.Id,
        }, ct);
        db.Raise(BillingEvents.Payment(paymentId, clientId, bookingId, packageId, refundOf, purpose, method, amount,
            receipt.Id, now));
        return receipt;
    }

    /// <summary>
    /// How many of a visit's payments carry its service's own receipt and still stand (not refunded in full): after the
    /// first, money for the visit pays off its credit.
    /// </summary>
    public const string StandingServiceReceipts = """
        SELECT COUNT(*) FROM payments v WHERE v.booking_id = @bookingId AND v.kind = 'payment' AND v.purpose = 'visit'
          AND v.amount_kopecks > COALESCE((SELECT SUM(r.amount_kopecks) FROM payments r WHERE r.refund_of = v.id), 0)
        """;

    /// <summary>
    /// A visit given that deposits already paid in full: the service's own receipt (1214 full payment, the deposits
    /// offset as prepayment) is due now, since no money will be taken that would carry it.
    /// </summary>
    public static async Task ReceiptPrepaidVisitAsync(DbSession db, SalonOptions salon, Guid bookingId,
        DateTimeOffset now, CancellationToken ct)
    {
        var visit = await db.QuerySingleOrDefaultAsync<PrepaidVisitRow>("""
            SELECT b.client_id, b.price_kopecks, b.package_id, s.name AS service_name,
                   (SELECT SUM(CASE WHEN p.kind = 'payment' THEN p.amount_kopecks ELSE -p.amount_kopecks END) FROM payments p WHERE p.booking_id = b.id) AS paid
            FROM bookings b JOIN services s ON s.id = b.service_id WHERE b.id = @bookingId
            """, new { bookingId }, ct);
        if (visit is null || visit.PackageId is not null || visit.PriceKopecks == 0 || visit.Paid != visit.PriceKopecks
            || await db.ScalarAsync<long>(StandingServiceReceipts, new { bookingId }, ct) > 0) return;
        var price = new Kopecks(visit.PriceKopecks);
        await ReceiptBook.WriteAsync(db, salon, ReceiptOperation.Income, "visit", visit.ClientId, now, Kopecks.Zero,
            Kopecks.Zero,
            [(visit.ServiceName, price, PaymentMethodTag.FullPayment,
                price)], ct, new ReceiptLinks(BookingId: bookingId));
    }

    /// <summary>
    /// Closes the money taken for a visit that will not be given. Cancelled in time or by the salon: every payment
    /// still standing goes back by its own method with its refund receipt. A late cancellation or a no-show under a
    /// policy the client accepted: the deposit is kept as income, offset against the prepayment, with its receipt.
    /// </summary>
    public static async Task SettleUngivenVisitAsync(DbSession db, SalonOptions salon, CurrentUser user, Guid bookingId,
        bool keep, DateTimeOffset now, CancellationToken ct)
    {
        var standing = await db.QueryAsync<StandingRow>("""
            SELECT p.id, p.client_id, p.method, p.receipt_id,
                   p.amount_kopecks
                   - COALESCE((SELECT SUM(r.amount_kopecks) FROM payments r WHERE r.refund_of = p.id), 0) AS left_kopecks
            FROM payments p WHERE p.booking_id = @bookingId AND p.kind = 'payment' ORDER BY p.at, p.id
            """, new { bookingId }, ct);
        var service = await db.ScalarAsync<string>(
            "SELECT s.name FROM bookings b JOIN services s ON s.id = b.service_id WHERE b.id = @bookingId",
            new { bookingId }, ct);
        foreach (var p in standing.Where(p => p.LeftKopecks > 0))
        {
            var left = new Kopecks(p.LeftKopecks);
            if (keep)
                await ReceiptBook.WriteAsync(db, salon, ReceiptOperation.Income, "deposit_retained", p.ClientId, now,
                    Kopecks.Zero, Kopecks.Zero,
                    [($"{service}: удержанная предоплата (поздняя отмена или неявка)", left,
                        PaymentMethodTag.FullPayment,
                        left)], ct, new ReceiptLinks(p.Id, bookingId));
            else
                await PayAsync(db, salon, user, new PaymentToRecord(p.ClientId, PaymentPurpose.Refund,
                    Enums.Parse<PayMethod>(p.Method),
                    left, [await RefundLineAsync(db, p.ReceiptId, left,
                        ct)], "refund") { BookingId = bookingId, RefundOf = p.Id }, now, ct);
        }
    }

    private sealed record StandingRow
    {
        public Guid Id { get; init; }
        public Guid ClientId { get; init; }
        public string Method { get; init; } = "";
        public Guid ReceiptId { get; init; }
        public long LeftKopecks { get; init; }
    }

    /// <summary>
    /// The line of a refund receipt: the name, payment method (1214) and VAT rate of the line it refunds, whatever the
    /// VAT mode is today (54-FZ: a refund of income mirrors the income it returns).
    /// </summary>
    public static async Task<LineToWrite> RefundLineAsync(DbSession db, Guid receiptId, Kopecks amount,
        CancellationToken ct,
        string? name = null)
    {
        var line = (await ReceiptBook.ReadAsync(db, receiptId, ct))!.Lines[0];
        return new LineToWrite(name ?? line.Name, amount, (PaymentMethodTag)line.PaymentMethod, Kopecks.Zero,
            VatRate.Parse(line.VatRate));
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
        return new PaymentResponse(r.Id, r.ClientId, r.BookingId, r.PackageId, r.RefundOf, r.Kind, r.Purpose,
            Enums.Parse<PayMethod>(r.Method),
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
