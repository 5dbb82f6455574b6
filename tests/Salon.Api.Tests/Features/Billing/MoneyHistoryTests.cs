using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using CsCheck;
using Salon.Api.Tests.Infrastructure;
using static Salon.Api.Tests.Infrastructure.Billing;

namespace Salon.Api.Tests;

/// <summary>
/// A generated money history (CsCheck): course sales, visits booked with and without the policy, deposits and payments,
/// refunds, check-ins, completions and redemptions, cancellations by the client and the salon (in time and late, so
/// burns and kept deposits), no-shows, freezes, course refunds and VAT mode changes, run by concurrent desks.
/// Afterwards money closes: per client and per day, payments less refunds equal income receipts less refund receipts;
/// every advance is offset, refunded, kept with a receipt or outstanding; the cash report equals sums over the
/// receipts; no course refunds more than its unused value.
/// <para>
/// The history starts at 09:00 of a fresh salon day and jumps to the next morning each evening, so it does not depend
/// on the calendar day or the hour the suite runs. A failure prints CsCheck's seed; run it again with
/// <c>SALON_MONEY_SEED=&lt;seed&gt;</c>. <c>SALON_MONEY_OPS</c> sets the number of operations and
/// <c>SALON_MONEY_SHRINK_SECONDS</c> lets CsCheck look for a shorter failing history for that long.
/// </para>
/// </summary>
public abstract class MoneyHistoryTests(SalonApp app) : ProviderTests(app)
{
    private const int Workers = 4, OpsPerWorkerPerRound = 10;
    private static readonly string[] VatModes = ["none", "vat0", "vat5", "vat7", "vat10", "vat20", "vat22"];

    /// <summary>2,000 operations on PostgreSQL; fewer on SQLite (one writer at a time) and SQL Server, to keep the
    /// suite bounded.</summary>
    protected abstract int DefaultOperations { get; }

    public readonly record struct Op(int Kind, int A, int B);

    [Fact]
    public async Task Generated_histories_from_concurrent_desks_close_every_kopeck_per_client_per_day_and_per_advance()
    {
        var ops = int.TryParse(Environment.GetEnvironmentVariable("SALON_MONEY_OPS"),
            out var n) ? n : DefaultOperations;
        var shrink = int.TryParse(Environment.GetEnvironmentVariable("SALON_MONEY_SHRINK_SECONDS"), out var s) ? s : 0;
        var seed = Environment.GetEnvironmentVariable("SALON_MONEY_SEED");
        var op = Gen.Select(Gen.Int[0, 99], Gen.Int[0, 1_000_000], Gen.Int[0, 1_000_000], (kind, a, b) => new Op(kind,
            a, b));
        var history = shrink > 0 ? op.Array[Math.Max(40, ops / 10), ops] : op.Array[ops];
        var output = TestContext.Current.TestOutputHelper;
        var watch = Stopwatch.StartNew();

        await history.SampleAsync(RunAsync, writeLine: line => output?.WriteLine(line), seed: seed,
            iter: shrink > 0 ? 1_000 : 1, time: shrink > 0 ? shrink : -1, threads: 1, print: h
                => $"{h.Length} operations");

        output?.WriteLine($"{ops} operations from {Workers} desks in {watch.Elapsed.TotalSeconds:0.0} s");
    }

    private async Task RunAsync(Op[] history)
    {
        NextMorning();
        var world = await World.CreateAsync(App);
        var rounds = history.Chunk(Workers * OpsPerWorkerPerRound).ToList();
        foreach (var round in rounds)
        {
            var desks = Enumerable.Range(0, Workers).Select(_ => App.FrontDesk()).ToArray();
            await Task.WhenAll(Enumerable.Range(0, Workers).Select(async w =>
            {
                foreach (var o in round.Where((_, i) => i % Workers == w)) await StepAsync(world, desks[w], o);
            }));
            // The clock moves on between rounds; in the evening the salon sets tomorrow's VAT mode and the day ends.
            // About three salon days of ten hours whatever the length of the history, so VAT changes and past days
            // occur.
            var perRound = Math.Max(10, 3 * 600 / rounds.Count);
            App.Clock.Advance(TimeSpan.FromMinutes(perRound / 2 + round[0].A % perRound));
            if (App.Clock.GetUtcNow().ToOffset(Moscow).Hour >= 19)
            {
                await (await App.Admin().PostJson("/api/v1/settings/vat", new { effectiveFrom = App.Date(1),
                    mode = VatModes[round[0].B % VatModes.Length] }))
                    .Expect(HttpStatusCode.OK);
                world.VatChanges++;
                NextMorning();
                world.Days.Add(App.Today());
            }
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"{history.Length} operations over {world.Days.Count} days succeeded: {world.Tally()}");
        await AssertMoneyClosesAsync(world);
    }

    private async Task StepAsync(World world, HttpClient desk, Op o)
    {
        var client = world.Clients[o.A % world.Clients.Length];
        HttpResponseMessage response;
        switch (o.Kind)
        {
            case < 8: // a course sold, with or without the client accepting the policy
            {
                var (template, _) = world.Templates[o.A % world.Templates.Length];
                response = await desk.PostJson("/api/v1/packages", new
                {
                    clientId = client, templateId = template, method = o.B % 2 == 0 ? "cash" : "card",
                    acceptedPolicyVersion = o.B / 2 % 2 == 0 ? PolicyVersion : null,
                });
                if (response.StatusCode == HttpStatusCode.Created) world.Add(world.Packages,
                    (SalonBuilder.Id(await response.Body()), client));
                break;
            }
            case < 28: // a visit booked soon, sometimes on a course, sometimes with the policy accepted
            {
                var (service, price) = world.Services[o.A % world.Services.Length];
                var course = o.A / 7 % 3 == 0 ? world.Pick(world.Packages, o.B, p
                    => p.Client == client).Id : Guid.Empty;
                var package = course == Guid.Empty ? (Guid?)null : course;
                response = await desk.PostJson("/api/v1/bookings", new
                {
                    clientId = client, serviceId = service, therapistId = world.Therapists[o.B % world.Therapists.Length],
                    startsAt = App.Soon(15 * (2 + o.B % 24)), packageId = package,
                    acceptedPolicyVersion = o.B / 5 % 2 == 0 ? PolicyVersion : null,
                });
                if (response.StatusCode == HttpStatusCode.Created) world.Add(world.Bookings,
                    (SalonBuilder.Id(await response.Body()), price));
                break;
            }
            case < 46: // a visit paid: all of the price, a part, or more than is due
            {
                var (booking, price) = world.Pick(world.Bookings, o.A);
                if (booking == Guid.Empty) return;
                var amount = (o.B % 3) switch { 0 => price, 1 => 1 + o.B % price, _ => price + 1 };
                response = await desk.PostJson($"/api/v1/bookings/{booking}/payments", new { amount = Rubles(amount),
                    method = o.A % 2 == 0 ? "cash" : "card" });
                if (response.StatusCode == HttpStatusCode.Created) world.Add(world.Payments,
                    SalonBuilder.Id(await response.Body()));
                break;
            }
            case < 56: // a payment refunded in part or too much
            {
                var payment = world.Pick(world.Payments, o.A);
                if (payment == Guid.Empty) return;
                response = await desk.PostJson($"/api/v1/payments/{payment}/refunds",
                    new { amount = Rubles(1 + o.B % 200_000) });
                break;
            }
            case < 66: // a check-in (late ones the same day with a reason)
            {
                var (booking, _) = world.Pick(world.Bookings, o.A);
                if (booking == Guid.Empty) return;
                response = await desk.PostJson($"/api/v1/bookings/{booking}/check-in", new
                {
                    dayOfAnswers = new[] { "Q01", "Q02", "Q03", "Q17", "Q19", "Q21" }.ToDictionary(c => c, _ => false),
                    reason = o.B % 2 == 0 ? "forgot at the desk" : null,
                });
                if (response.StatusCode == HttpStatusCode.OK) world.Add(world.CheckedIn, booking);
                break;
            }
            case < 74: // a completion (a course session redeemed, a prepaid visit receipted) of a visit checked in, mostly
            {
                var booking = o.B % 4 == 0 ? world.Pick(world.Bookings, o.A).Id : world.Pick(world.CheckedIn, o.A);
                if (booking == Guid.Empty) return;
                response = await desk.PostAsync($"/api/v1/bookings/{booking}/complete", null);
                break;
            }
            case < 82: // a cancellation by the client or the salon, in time or late
            {
                var (booking, _) = world.Pick(world.Bookings, o.A);
                if (booking == Guid.Empty) return;
                response = await desk.PostJson($"/api/v1/bookings/{booking}/cancel",
                    new { by = o.B % 3 == 0 ? "salon" : "client" });
                break;
            }
            case < 87: // a no-show
            {
                var (booking, _) = world.Pick(world.Bookings, o.A);
                if (booking == Guid.Empty) return;
                response = await desk.PostAsync($"/api/v1/bookings/{booking}/no-show", null);
                break;
            }
            case < 92: // a freeze of a few days
            {
                var package = world.Pick(world.Packages, o.A).Id;
                if (package == Guid.Empty) return;
                var from = 1 + o.B % 5;
                response = await desk.PostJson($"/api/v1/packages/{package}/freeze", new { from = App.Date(from),
                    to = App.Date(from + o.B / 5 % 3) });
                break;
            }
            default: // a course refunded by the sale's method
            {
                var package = world.Pick(world.Packages, o.A).Id;
                if (package == Guid.Empty) return;
                response = await desk.PostJson($"/api/v1/packages/{package}/refund", new { });
                break;
            }
        }
        // Whatever the dice said, the answer is a success or a stated refusal: never a server error or a malformed
        // request.
        var status = (int)response.StatusCode;
        Assert.True(status is 200 or 201 or 404 or 409 or 412 or 422,
            $"{o}: {status} {await response.Content.ReadAsStringAsync()}");
        if (status is 200 or 201) world.Succeeded(o.Kind);
    }

    private async Task AssertMoneyClosesAsync(World world)
    {
        var desk = App.FrontDesk();
        var receipts = new List<JsonNode>();
        var payments = new List<JsonNode>();
        foreach (var client in world.Clients)
        {
            var ofClient = (await desk.AllAsync($"/api/v1/clients/{client}/receipts")).Select(r => r!).ToList();
            var paid = (await desk.AllAsync($"/api/v1/clients/{client}/payments")).Select(p => p!).ToList();
            // Per client: payments less refunds equal the money on income receipts less the money on refund receipts.
            Assert.Equal(Net(paid), Money(ofClient));
            receipts.AddRange(ofClient);
            payments.AddRange(paid);
        }
        Assert.True(payments.Count >= 20, $"the history should move money: {payments.Count} payments");
        Assert.Contains(payments, p => (string?)p["kind"] == "refund");

        // Per day: the same, and the cash report equals sums over that day's receipts, by method.
        foreach (var day in world.Days)
        {
            var ofDay = receipts.Where(r => Day(r["at"]!.GetValue<DateTimeOffset>()) == day).ToList();
            Assert.Equal(Net(payments.Where(p => Day(p["at"]!.GetValue<DateTimeOffset>()) == day)), Money(ofDay));
            var report = await desk.CashReportAsync(day);
            foreach (var method in new[] { "cash", "card" })
            {
                Assert.Equal(ofDay.Where(r => (string?)r["operation"] == "income").Sum(r => Kopecks(r[method])),
                    ByMethod(report, "takings", method));
                Assert.Equal(ofDay.Where(r => (string?)r["operation"] == "refund_of_income").Sum(r
                    => Kopecks(r[method])), ByMethod(report, "refunds", method));
            }
            Assert.Equal(Money(ofDay), Kopecks(report["netTakings"]));
            foreach (var (field, kind) in new[] { ("depositsKept", "deposit_retained"), ("courseMoneyKept",
                "package_retained") })
                Assert.Equal(ofDay.Where(r => (string?)r["event"] == kind).Sum(r => Kopecks(r["total"])),
                    Kopecks(report[field]));
        }

        // Per course: every kopeck offset, burnt, refunded, kept with a receipt or outstanding, and no refund beyond
        // the unused value.
        var outstanding = 0L;
        foreach (var (package, _) in world.Snapshot(world.Packages))
        {
            var ledger = await (await desk.GetAsync($"/api/v1/packages/{package}/ledger")).Expect(HttpStatusCode.OK);
            var (price, redeemed, burned, refunded, retained, left) = (Kopecks(ledger["price"]),
                Kopecks(ledger["redeemed"]), Kopecks(ledger["burned"]),
                Kopecks(ledger["refunded"]), Kopecks(ledger["retained"]), Kopecks(ledger["outstanding"]));
            Assert.True(left >= 0, $"course {package} closes more than its price");
            Assert.True(refunded <= price - redeemed - burned, $"course {package} refunded beyond its unused value");
            var status = (string?)(await desk.PackageAsync(package))["status"];
            if (status == "refunded") Assert.Equal(0L, left);
            Assert.Equal(retained, receipts.Where(r => (string?)r["event"] == "package_retained"
                && (string?)r["packageId"] == package.ToString())
                .Sum(r => Kopecks(r["total"])));
            outstanding += left;
        }
        var lastDay = world.Days.Max()!;
        var lastReport = await desk.CashReportAsync(lastDay);
        Assert.Equal(outstanding, Kopecks(lastReport["prepaidSessionsOutstanding"]));

        // Per visit not given: what is left of its money is exactly what was kept with a receipt; nothing just
        // disappears.
        foreach (var (booking, _) in world.Snapshot(world.Bookings))
        {
            var visit = await (await desk.GetAsync($"/api/v1/bookings/{booking}")).Expect(HttpStatusCode.OK);
            if ((string?)visit["status"] is not ("cancelled" or "no_show")) continue;
            var left = Net(payments.Where(p => (string?)p["bookingId"] == booking.ToString()));
            var kept = receipts.Where(r => (string?)r["event"] == "deposit_retained"
                && (string?)r["bookingId"] == booking.ToString()).Sum(r => Kopecks(r["total"]));
            Assert.Equal(left, kept);
        }
        // Deposits outstanding at the end are the money on visits still to come.
        var toCome = 0L;
        foreach (var (booking, _) in world.Snapshot(world.Bookings))
            if ((string?)(await (await desk.GetAsync($"/api/v1/bookings/{booking}")).Expect(HttpStatusCode.OK))["status"] == "booked")
                toCome += Net(payments.Where(p => (string?)p["bookingId"] == booking.ToString()));
        Assert.Equal(toCome, Kopecks(lastReport["depositsOutstanding"]));
    }

    private static long Net(IEnumerable<JsonNode> payments) =>
        payments.Sum(p => (string?)p["kind"] == "payment" ? Kopecks(p["amount"]) : -Kopecks(p["amount"]));

    /// <summary>Money taken on income receipts less money given back on refund receipts (prepayment offsets move no
    /// money).</summary>
    private static long Money(IEnumerable<JsonNode> receipts) =>
        receipts.Sum(r => ((string?)r["operation"] == "income" ? 1 : -1) * (Kopecks(r["cash"]) + Kopecks(r["card"])));

    private static readonly TimeSpan Moscow = TimeSpan.FromHours(3);

    private void NextMorning()
    {
        var today = App.Clock.GetUtcNow().ToOffset(Moscow).Date;
        App.AdvanceTo(new DateTimeOffset(today.AddDays(1).AddHours(9), Moscow));
    }

    /// <summary>The salon, its clients and what the desks have made so far, shared by the concurrent desks.</summary>
    private sealed class World
    {
        private readonly Lock _lock = new();
        private readonly int[] _succeeded = new int[100];

        public void Succeeded(int kind) => Interlocked.Increment(ref _succeeded[kind]);

        /// <summary>How many operations of each kind went through, so a history that only hit refusals shows.</summary>
        public string Tally() => string.Join(", ", new (string Name, int From, int To)[]
        {
            ("sales", 0, 8), ("bookings", 8, 28), ("payments", 28, 46), ("refunds", 46, 56), ("check-ins", 56,
                66), ("completions", 66, 74),
            ("cancellations", 74, 82), ("no-shows", 82, 87), ("freezes", 87, 92), ("course refunds", 92, 100),
        }.Select(k => $"{k.Name} {_succeeded[k.From..k.To].Sum()}")) + $", VAT changes {VatChanges}";

        public int VatChanges;
        public required (Guid Id, long Price)[] Services { get; init; }
        public required Guid[] Therapists { get; init; }
        public required Guid[] Clients { get; init; }
        public required (Guid Id, long Price)[] Templates { get; init; }
        public List<(Guid Id, Guid Client)> Packages { get; } = [];
        public List<(Guid Id, long Price)> Bookings { get; } = [];
        public List<Guid> Payments { get; } = [];
        public List<Guid> CheckedIn { get; } = [];
        public SortedSet<string> Days { get; } = new(StringComparer.Ordinal);

        public static async Task<World> CreateAsync(SalonApp app)
        {
            var salon = new SalonBuilder(app);
            var services = new[] { (await salon.ManualServiceAsync(60, 15, 1800m), 180_000L),
                (await salon.ManualServiceAsync(45, 15, 2333.33m), 233_333L) };
            var therapists = new List<Guid>();
            for (var i = 0; i < 8; i++) therapists.Add(await salon.TherapistAsync());
            var clients = new List<Guid>();
            for (var i = 0; i < 10; i++) clients.Add(await salon.ClientAsync());
            var templates = new[]
            {
                (SalonBuilder.Id(await app.TemplateAsync(services[0].Item1, sessions: 10, price: 16200m,
                    minDaysBetween: 0, refundMethod: "single_price")), 1_620_000L),
                (SalonBuilder.Id(await app.TemplateAsync(null, serviceKind: "manual", sessions: 3, price: 1000.01m,
                    minDaysBetween: 0)), 100_001L),
            };
            var world = new World { Services = services, Therapists = [.. therapists], Clients = [.. clients],
                Templates = templates };
            world.Days.Add(app.Today());
            return world;
        }

        public void Add<T>(List<T> list, T item)
        {
            lock (_lock) list.Add(item);
        }

        public T? Pick<T>(List<T> list, int index, Func<T, bool>? where = null)
        {
            lock (_lock)
            {
                var candidates = where is null ? list : list.Where(where).ToList();
                return candidates.Count == 0 ? default : candidates[index % candidates.Count];
            }
        }

        public IReadOnlyList<T> Snapshot<T>(List<T> list)
        {
            lock (_lock) return [.. list];
        }
    }
}

public sealed class MoneyHistoryOnSqlite(SqliteApp app) : MoneyHistoryTests(app), IClassFixture<SqliteApp>
{
    protected override int DefaultOperations => 600;
}

public sealed class MoneyHistoryOnPostgres(PostgresApp app) : MoneyHistoryTests(app), IClassFixture<PostgresApp>
{
    protected override int DefaultOperations => 2_000;
}

public sealed class MoneyHistoryOnSqlServer(SqlServerApp app) : MoneyHistoryTests(app), IClassFixture<SqlServerApp>
{
    protected override int DefaultOperations => 600;
}
