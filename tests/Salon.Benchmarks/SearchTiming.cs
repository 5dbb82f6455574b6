using System.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Salon.Benchmarks;

/// <summary>
/// Where a search's time goes, in process and one request after another (no BenchmarkDotNet): microseconds and bytes
/// per day and week search through the in-process HTTP client, the handler alone, and the handler with its JSON:
/// dotnet run -c Release --project tests/Salon.Benchmarks -- search-timing [--provider sqlite|postgres] [--seconds 3]
/// </summary>
public static class SearchTiming
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = double.Parse(AllocationMeasurement.Arg(args, "seconds", "3"),
            System.Globalization.CultureInfo.InvariantCulture);
        var bench = await AllocationMeasurement.StartAsync(args);
        try
        {
            var json = bench.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            if (args.Contains("--types"))
            {
                using var sampler = new AllocationSampler();
                await ReportAsync("day search, handler (sampled)", seconds,
                    () => AllocationMeasurement.HandlerAsync(bench, 1, json, "Full"));
                foreach (var (type, kb) in sampler.Top(25)) Console.WriteLine($"  ~{kb,8:N0} KB sampled  {type}");
            }
            foreach (var days in new[] { 1, 7 })
            {
                var kind = days == 1 ? "day" : "week";
                await ReportAsync($"{kind} search, HTTP (full)", seconds, () => bench.SearchAsync(days, compact: false));
                await ReportAsync($"{kind} search, HTTP (compact)", seconds, () => bench.SearchAsync(days, compact: true));
                await ReportAsync($"{kind} search, handler", seconds,
                    () => AllocationMeasurement.HandlerAsync(bench, days, null, "Full"));
                await ReportAsync($"{kind} search, handler + JSON (full)", seconds,
                    () => AllocationMeasurement.HandlerAsync(bench, days, json, "Full"));
            }
            await ReportAsync("/health/ready, HTTP", seconds, bench.HealthAsync);
        }
        finally
        {
            bench.Cleanup();
        }
        return 0;
    }

    private static async Task ReportAsync(string label, double seconds, Func<Task<int>> request)
    {
        for (var i = 0; i < 30; i++) await request();
        var count = 0;
        var bytes = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started).TotalSeconds < seconds)
        {
            await request();
            count++;
        }
        var elapsed = Stopwatch.GetElapsedTime(started);
        bytes = GC.GetTotalAllocatedBytes(precise: true) - bytes;
        Console.WriteLine($"{label,-40} {elapsed.TotalMicroseconds / count,8:N0} us {bytes / count / 1024,8:N0} KB");
    }
}
