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
        string Arg(string name, string fallback) => args.SkipWhile(a => a != "--" + name).Skip(1).FirstOrDefault() ?? fallback;
        var count = int.Parse(Arg("count", "200"), System.Globalization.CultureInfo.InvariantCulture);
        var bench = new BookingBenchmarks { Provider = Arg("provider", "sqlite"), HistoryDays = 30 };
        await bench.SetupAsync();
        try
        {
            Console.WriteLine($"week search (full):    {await PerRequestAsync(count, bench.AvailabilityManual),10:N0} bytes/request");
            Console.WriteLine($"week search, hardware: {await PerRequestAsync(count, bench.AvailabilityHardware),10:N0} bytes/request");
            if (typeof(BookingBenchmarks).GetMethod("AvailabilityCompact") is { } compact)
                Console.WriteLine($"week search (compact): {await PerRequestAsync(count, () => (Task<int>)compact.Invoke(bench, null)!),10:N0} bytes/request");
            Console.WriteLine($"create booking:        {await PerRequestAsync(count, async () => { await bench.CreateBooking(); return 0; }),10:N0} bytes/request");
        }
        finally
        {
            bench.Cleanup();
        }
        return 0;
    }

    private static async Task<long> PerRequestAsync(int count, Func<Task<int>> request)
    {
        for (var i = 0; i < 20; i++) await request();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < count; i++) await request();
        return (GC.GetTotalAllocatedBytes(precise: true) - before) / count;
    }
}
