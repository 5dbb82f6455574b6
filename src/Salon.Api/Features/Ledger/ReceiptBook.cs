using System.Globalization;
using System.Text.Json;
using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Data;
using Salon.Domain;

namespace Salon.Api.Features.Ledger;

public sealed record ReceiptLineResponse(string Name, decimal Quantity, decimal Price, decimal Sum, string VatRate,
    decimal VatAmount,
    int Subject, int PaymentMethod, decimal PrepaymentOffset);

/// <summary>A 54-FZ receipt document as the online cash register needs it.</summary>
public sealed record ReceiptResponse(Guid Id, string Operation, string Event, Guid ClientId, DateTimeOffset At,
    decimal Total, decimal Cash, decimal Card,
    decimal PrepaymentOffset, IReadOnlyList<ReceiptLineResponse> Lines, decimal Credit = 0, Guid? PaymentId = null, Guid? BookingId = null,
    Guid? PackageId = null);

/// <summary>What a receipt is about: the payment or refund it records, the visit, the course.</summary>
public sealed record ReceiptLinks(Guid? PaymentId = null, Guid? BookingId = null, Guid? PackageId = null);

/// <summary>A line to write: under the day's VAT mode, or at the rate of the line a refund copies.</summary>
public sealed record LineToWrite(string Name, Kopecks Sum, PaymentMethodTag Method, Kopecks Offset,
    VatRate? Rate = null)
{
    public static implicit operator LineToWrite((string Name, Kopecks Sum, PaymentMethodTag Method,
        Kopecks Offset) line) =>
        new(line.Name, line.Sum, line.Method, line.Offset);
}

/// <summary>Writes receipts: one per payment, package sale, redemption and refund. The VAT mode is the one in force
/// that day.</summary>
internal static class ReceiptBook
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<VatMode> VatModeAsync(DbSession db, DateOnly day, CancellationToken ct)
    {
        var mode = await db.QuerySingleOrDefaultAsync<string>($"""
            SELECT mode FROM vat_modes WHERE effective_from <= @day ORDER BY effective_from DESC {db.Dialect.Page}
            """, new { day, skip = 0, take = 1 }, ct);
        return mode is null ? VatMode.None : Enums.Parse<VatMode>(mode);
    }

    public static async Task<ReceiptResponse> WriteAsync(DbSession db, SalonOptions salon, ReceiptOperation operation,
        string eventName, Guid clientId,
        DateTimeOffset at, Kopecks cash, Kopecks card, IReadOnlyList<LineToWrite> lines, CancellationToken ct, ReceiptLinks? links = null)
    {
        var day = SlotFinder.LocalDate(at, salon.Zone());
        var vat = await VatModeAsync(db, day, ct);
        var built = lines.Select(l => l.Rate is { } copied
            ? Domain.Vat.Line(l.Name, l.Sum, copied, l.Method, l.Offset)
            : Domain.Vat.Line(l.Name, l.Sum, vat, l.Method, l.Offset)).ToList();
        var total = new Kopecks(built.Sum(l => l.Sum.Value));
        var offset = new Kopecks(built.Sum(l => l.PrepaymentOffset.Value));
        // What a given service still owes after this receipt (tag 1216, postpayment): the total less prepayments and
        // money taken now.
        var credit = operation == ReceiptOperation.Income ? new Kopecks(Math.Max(0,
            total.Value - offset.Value - cash.Value - card.Value)) : Kopecks.Zero;
        var receipt = new ReceiptResponse(Guid.CreateVersion7(),
            operation == ReceiptOperation.Income ? "income" : "refund_of_income", eventName, clientId,
            TimeZoneInfo.ConvertTime(at,
                salon.Zone()), total.ToRubles(), cash.ToRubles(), card.ToRubles(), offset.ToRubles(),
            built.Select(l => new ReceiptLineResponse(l.Name, l.Quantity, l.UnitPrice.ToRubles(), l.Sum.ToRubles(),
                l.Vat.Label, l.VatAmount.ToRubles(),
                ReceiptLine.Subject, (int)l.PaymentMethod, l.PrepaymentOffset.ToRubles())).ToList(), credit.ToRubles(),
            links?.PaymentId, links?.BookingId, links?.PackageId);
        await db.ExecuteAsync("""
            INSERT INTO receipts (id, operation, event, client_id, at, local_date, total_kopecks, document, payment_id, booking_id, package_id)
            VALUES (@id, @operation, @event, @clientId, @at, @day, @total, @document, @paymentId, @bookingId, @packageId)
            """, new { receipt.Id, receipt.Operation, @event = eventName, clientId, at, day, total = total.Value,
                document = JsonSerializer.Serialize(receipt,
                    Json), paymentId = links?.PaymentId, bookingId = links?.BookingId,
                packageId = links?.PackageId }, ct);
        return receipt;
    }

    public static async Task<ReceiptResponse?> ReadAsync(DbSession db, Guid id, CancellationToken ct)
    {
        var document = await db.QuerySingleOrDefaultAsync<string>("SELECT document FROM receipts WHERE id = @id",
            new { id }, ct);
        return document is null ? null : JsonSerializer.Deserialize<ReceiptResponse>(document, Json);
    }

}
