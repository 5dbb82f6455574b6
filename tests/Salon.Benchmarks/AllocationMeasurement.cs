using Mediator;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Salon.Api.Features.Availability;

namespace Salon.Benchmarks;

/// <summary>
/// Bytes allocated per request in process (GC.GetTotalAllocatedBytes, requests one after another), for the week search
/// and booking creation on a salon with 30 days of history:
/// dotnet run -c Release --project tests/Salon.Benchmarks -- alloc [--provider sqlite|postgres] [--count 200]
/// </summary>
public static class AllocationMeasurement
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = int.Parse(Arg(args, "count", "200"), System.Globalization.CultureInfo.InvariantCulture);
        var bench = await StartAsync(args);
        try
        {
            foreach (var compact in new[] { false, true })
                Console.WriteLine($"day search ({(compact ? "compact" : "full")}): "
                    + $"{await PerRequestAsync(count, () => bench.SearchAsync(1, compact)),10:N0} bytes/request");
            Console.WriteLine($"week search (full):    {await PerRequestAsync(count, bench.AvailabilityManual),10:N0} bytes/request");
            Console.WriteLine("week search (compact): "
                + $"{await PerRequestAsync(count, () => bench.SearchAsync(7, true)),10:N0} bytes/request");
            Console.WriteLine($"week search, hardware: {await PerRequestAsync(count, bench.AvailabilityHardware),10:N0} bytes/request");
            Console.WriteLine($"create booking:        {await PerRequestAsync(count, async () => { await bench.CreateBooking(); return 0; }),10:N0} bytes/request");
            // The handler and the JSON it answers, without the in-process HTTP client and server around them.
            var json = bench.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            if (args.Contains("--types"))
            {
                using var sampler = new AllocationSampler();
                await PerRequestAsync(count, () => HandlerAsync(bench, 7, json, "Full"));
                foreach (var (type, kb) in sampler.Top(15)) Console.WriteLine($"  ~{kb,8:N0} KB sampled  {type}");
                using var booking = new AllocationSampler();
                await PerRequestAsync(count, async () => { await bench.CreateBooking(); return 0; });
                Console.WriteLine("create booking, by type:");
                foreach (var (type, kb) in booking.Top(25)) Console.WriteLine($"  ~{kb,8:N0} KB sampled  {type}");
            }
            foreach (var days in new[] { 1, 7 })
            foreach (var view in new[] { "Full", "Compact" })
                Console.WriteLine($"{(days == 1 ? "day" : "week")} search handler + JSON ({view}): "
                    + $"{await PerRequestAsync(count, () => HandlerAsync(bench, days, json, view)),10:N0} bytes/request");
        }
        finally
        {
            bench.Cleanup();
        }
        return 0;
    }

    internal static string Arg(string[] args, string name, string fallback) =>
        args.SkipWhile(a => a != "--" + name).Skip(1).FirstOrDefault() ?? fallback;

    /// <summary>The in-process API on --provider (sqlite by default) with 30 days of history.</summary>
    internal static async Task<BookingBenchmarks> StartAsync(string[] args)
    {
        var bench = new BookingBenchmarks { Provider = Arg(args, "provider", "sqlite"), HistoryDays = 30 };
        await bench.SetupAsync();
        return bench;
    }

    /// <summary>The search handler over <paramref name="days"/> days and, with <paramref name="json"/>, its answer
    /// written as the endpoint writes it (straight from the search's result where the API has FreeTimesJson, else
    /// through the serializer).</summary>
    internal static async Task<int> HandlerAsync(BookingBenchmarks bench, int days,
        System.Text.Json.JsonSerializerOptions? json, string view)
    {
        await using var scope = bench.Services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var result = await mediator.Send(new FindFreeSlots(bench.ManualServiceId, bench.FirstSearchDay,
            bench.FirstSearchDay.AddDays(days - 1), null, null));
        if (json is null) return 0;
        object value = result.GetType().GetProperty("Value")!.GetValue(result)!;
        Buffer.ResetWrittenCount(); // reused, as the response's pipe reuses pooled memory
        if (typeof(FindFreeSlots).Assembly.GetType("Salon.Api.Features.Availability.FreeTimesJson") is { } writer)
        {
            writer.GetMethod("Write")!.Invoke(Activator.CreateInstance(writer, value, view == "Compact"),
                [Buffer, json]);
            return Buffer.WrittenCount;
        }
        if (value.GetType().GetMethod(view) is { } shape) value = shape.Invoke(value, null)!; // Full() or Compact()
        await using var stream = new System.Text.Json.Utf8JsonWriter(Buffer);
        System.Text.Json.JsonSerializer.Serialize(stream, value, value.GetType(), json);
        return Buffer.WrittenCount;
    }

    private static readonly System.Buffers.ArrayBufferWriter<byte> Buffer = new(256 * 1024);

    private static async Task<long> PerRequestAsync(int count, Func<Task<int>> request)
    {
        for (var i = 0; i < 20; i++) await request();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < count; i++) await request();
        return (GC.GetTotalAllocatedBytes(precise: true) - before) / count;
    }
}

/// <summary>The runtime's allocation samples (one event per ~100 KB allocated) summed by type: where the bytes
/// go.</summary>
internal sealed class AllocationSampler : System.Diagnostics.Tracing.EventListener
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _bytes = new();

    protected override void OnEventSourceCreated(System.Diagnostics.Tracing.EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
            EnableEvents(source, System.Diagnostics.Tracing.EventLevel.Verbose,
                (System.Diagnostics.Tracing.EventKeywords)0x1);
    }

    protected override void OnEventWritten(System.Diagnostics.Tracing.EventWrittenEventArgs e)
    {
        if (e.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || e.Payload is null) return;
        var type = e.Payload[e.PayloadNames!.IndexOf("TypeName")]?.ToString() ?? "?";
        var amount = Convert.ToInt64(e.Payload[e.PayloadNames.IndexOf("AllocationAmount64")],
            System.Globalization.CultureInfo.InvariantCulture);
        _bytes.AddOrUpdate(type, amount, (_, b) => b + amount);
    }

    public IEnumerable<(string Type, long KB)> Top(int n) =>
        _bytes.OrderByDescending(p => p.Value).Take(n).Select(p => (p.Key, p.Value / 1024));
}
