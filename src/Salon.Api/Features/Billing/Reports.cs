using Salon.Api.Features.Ledger;
using Salon.Api.Features.Shared;
using Mediator;
using Salon.Api.Features.Packages;
using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Behaviors;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Billing;

public sealed record MethodTotal(PayMethod Method, decimal Amount, int Count);

public sealed record CashReport(DateOnly Date, string Currency, IReadOnlyList<MethodTotal> Takings,
    IReadOnlyList<MethodTotal> Refunds, decimal NetTakings,
    int PackagesSold, decimal PackagesSoldAmount, int SessionsRedeemed, decimal SessionsRedeemedValue, int SessionsBurned, decimal SessionsBurnedValue,
    decimal PrepaidSessionsOutstanding, decimal DepositsOutstanding, decimal DepositsKept = 0, decimal CourseMoneyKept = 0);

/// <summary>The day's cash report for a salon-local date, derived from the append-only records alone.</summary>
public sealed record GetCashReport(DateOnly Date) : IQuery<CashReport>, IValidate
{
    public void Validate(ValidationErrors errors) => errors.Date("date", Date);

    internal sealed class Handler(DbSession db, SalonOptions salon) : IQueryHandler<GetCashReport, CashReport>
    {
        public async ValueTask<CashReport> Handle(GetCashReport query, CancellationToken ct)
        {
            var args = new { day = query.Date };
            var money = await db.QueryAsync<MoneyRow>("""
                SELECT kind, method, SUM(amount_kopecks) AS total, COUNT(*) AS count FROM payments WHERE local_date = @day GROUP BY kind, method
                """, args, ct);
            var sales = await db.QuerySingleOrDefaultAsync<CountRow>("""
                SELECT COUNT(*) AS count, SUM(amount_kopecks) AS total FROM payments WHERE local_date = @day AND purpose = 'package_sale'
                """, args, ct);
            var uses = await db.QueryAsync<UseRow>("""
                SELECT kind, COUNT(*) AS count, SUM(value_kopecks) AS total FROM package_redemptions WHERE local_date = @day GROUP BY kind
                """, args, ct);
            // As the day ended, not as things stand now (an aggregate over a subquery is refused by SQL Server, hence
            // the join): packages sold by then and not yet refunded, less the sessions used by then.
            var prepaid = new Kopecks(await db.ScalarAsync<long?>("""
                SELECT SUM(p.price_kopecks - COALESCE(u.used, 0))
                FROM packages p
                LEFT JOIN (SELECT package_id, SUM(value_kopecks) AS used FROM package_redemptions WHERE local_date <= @day GROUP BY package_id) u
                    ON u.package_id = p.id
                WHERE p.sold_on <= @day
                  AND NOT EXISTS (SELECT 1 FROM payments f WHERE f.package_id = p.id AND f.purpose = 'package_refund' AND f.local_date <= @day)
                """, args, ct) ?? 0);
            // Money taken for visits still to come as that day ended: a booking leaves "to come" with its first
            // check-in, completion, cancellation or no-show event, whatever has happened to it since.
            var deposits = await db.ScalarAsync<long?>("""
                SELECT SUM(CASE WHEN p.kind = 'payment' THEN p.amount_kopecks ELSE -p.amount_kopecks END)
                FROM payments p
                WHERE p.local_date <= @day AND p.booking_id IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM booking_events e WHERE e.booking_id = p.booking_id
                                  AND e.kind IN ('checked_in', 'completed', 'cancelled', 'no_show') AND e.at < @dayEnd)
                """, new { args.day, dayEnd = SlotFinder.StartOfDay(query.Date.AddDays(1), salon.Zone()) }, ct) ?? 0;

            // Advances closed as income that day under an accepted policy or a single-price refund, each with its
            // receipt.
            var kept = await db.QueryAsync<KeptRow>("""
                SELECT event, SUM(total_kopecks) AS total FROM receipts
                WHERE local_date = @day AND event IN ('deposit_retained', 'package_retained') GROUP BY event
                """, args, ct);

            IReadOnlyList<MethodTotal> Totals(string kind) => Enum.GetValues<PayMethod>().Select(m =>
            {
                var row = money.FirstOrDefault(r => r.Kind == kind && r.Method == Enums.Name(m));
                return new MethodTotal(m, new Kopecks(row?.Total ?? 0).ToRubles(), (int)(row?.Count ?? 0));
            }).ToList();
            var paid = money.Where(r => r.Kind == "payment").Sum(r => r.Total);
            var refunded = money.Where(r => r.Kind == "refund").Sum(r => r.Total);
            var redeemed = uses.FirstOrDefault(u => u.Kind == "redeemed");
            var burned = uses.FirstOrDefault(u => u.Kind == "burned");
            return new CashReport(query.Date, "RUB", Totals("payment"), Totals("refund"),
                new Kopecks(paid - refunded).ToRubles(),
                (int)(sales?.Count ?? 0), new Kopecks(sales?.Total ?? 0).ToRubles(),
                (int)(redeemed?.Count ?? 0), new Kopecks(redeemed?.Total ?? 0).ToRubles(), (int)(burned?.Count
                    ?? 0), new Kopecks(burned?.Total ?? 0).ToRubles(),
                prepaid.ToRubles(), new Kopecks(deposits).ToRubles(),
                new Kopecks(kept.FirstOrDefault(k => k.Event == "deposit_retained")?.Total ?? 0).ToRubles(),
                new Kopecks(kept.FirstOrDefault(k => k.Event == "package_retained")?.Total ?? 0).ToRubles());
        }
    }

    private sealed record MoneyRow
    {
        public string Kind { get; init; } = "";
        public string Method { get; init; } = "";
        public long Total { get; init; }
        public long Count { get; init; }
    }

    private sealed record KeptRow
    {
        public string Event { get; init; } = "";
        public long Total { get; init; }
    }

    private sealed record CountRow
    {
        public long Count { get; init; }
        public long? Total { get; init; }
    }

    private sealed record UseRow
    {
        public string Kind { get; init; } = "";
        public long Count { get; init; }
        public long Total { get; init; }
    }
}

public sealed record GetReceipt(Guid Id) : IQuery<Result<ReceiptResponse>>
{
    internal sealed class Handler(DbSession db, CurrentUser user) : IQueryHandler<GetReceipt, Result<ReceiptResponse>>
    {
        public async ValueTask<Result<ReceiptResponse>> Handle(GetReceipt query, CancellationToken ct)
        {
            var receipt = await ReceiptBook.ReadAsync(db, query.Id, ct);
            if (receipt is null || !user.MayActFor(receipt.ClientId)) return Refusal.NotFound("Receipt");
            return receipt;
        }
    }
}

public sealed record ListClientReceipts(Guid ClientId) : IQuery<Result<IReadOnlyList<ReceiptResponse>>>, IClientScoped
{
    Guid? IClientScoped.ScopedClientId => ClientId;
    string IClientScoped.ForeignClientTitle => "A client sees only their own receipts";

    internal sealed class Handler(DbSession db) : IQueryHandler<ListClientReceipts, Result<IReadOnlyList<ReceiptResponse>>>
    {
        public async ValueTask<Result<IReadOnlyList<ReceiptResponse>>> Handle(ListClientReceipts query,
            CancellationToken ct)
        {
            if (await Parents.ClientAsync(db, query.ClientId, ct) is { } missing)
                return missing;
            var ids = await db.QueryAsync<Guid>("SELECT id FROM receipts WHERE client_id = @clientId ORDER BY at, id",
                new { query.ClientId }, ct);
            var list = new List<ReceiptResponse>();
            foreach (var id in ids) list.Add((await ReceiptBook.ReadAsync(db, id, ct))!);
            return list;
        }
    }
}

public sealed record VatModeResponse(DateOnly EffectiveFrom, VatMode Mode);

/// <summary>The salon's VAT regime from a date on (none under the simplified system, 5 %, 7 % or the general
/// rate).</summary>
public sealed record SetVatMode(DateOnly EffectiveFrom, VatMode Mode) : ICommand<Result<IReadOnlyList<VatModeResponse>>>
{
    internal sealed class Handler(DbSession db, SalonOptions salon,
        TimeProvider clock) : ICommandHandler<SetVatMode, Result<IReadOnlyList<VatModeResponse>>>
    {
        public async ValueTask<Result<IReadOnlyList<VatModeResponse>>> Handle(SetVatMode command, CancellationToken ct)
        {
            var today = SlotFinder.LocalDate(clock.GetUtcNow(), salon.Zone());
            if (command.EffectiveFrom < today)
                return new Refusal(RefusalKind.BusinessRule, "vat-in-past",
                    "A VAT change cannot reach into past receipts");
            try
            {
                await db.ExecuteAsync("INSERT INTO vat_modes (id, effective_from, mode, created_at) VALUES (@id, @from, @mode, @now)",
                    new { id = Guid.CreateVersion7(), from = command.EffectiveFrom,
                        mode = command.Mode, now = clock.GetUtcNow() }, ct);
            }
            catch (Exception ex) when (db.Dialect.IsUniqueViolation(ex))
            {
                return new Refusal(RefusalKind.Conflict, "vat-date-taken", "A VAT mode already starts on that date");
            }
            return (await new ListVatModes.Handler(db).Handle(new ListVatModes(), ct)).ToList();
        }
    }
}

public sealed record ListVatModes : IQuery<IReadOnlyList<VatModeResponse>>
{
    internal sealed class Handler(DbSession db) : IQueryHandler<ListVatModes, IReadOnlyList<VatModeResponse>>
    {
        public async ValueTask<IReadOnlyList<VatModeResponse>> Handle(ListVatModes query, CancellationToken ct) =>
            (await db.QueryAsync<Row>("SELECT effective_from, mode FROM vat_modes ORDER BY effective_from", null, ct))
            .Select(r => new VatModeResponse(StoredDate.Parse(r.EffectiveFrom),
                Enums.Parse<VatMode>(r.Mode))).ToList();
    }

    private sealed record Row
    {
        public string EffectiveFrom { get; init; } = "";
        public string Mode { get; init; } = "";
    }
}
