using BenchmarkDotNet.Running;

namespace Salon.Benchmarks;

public static class BenchmarkProgram
{
    /// <summary>dotnet run -c Release --project tests/Salon.Benchmarks -- --filter '*'</summary>
    /// <summary>dotnet run -c Release --project tests/Salon.Benchmarks -- events: the webhook dispatcher's
    /// measurement</summary>
    public static async Task<int> Main(string[] args)
    {
        if (args.FirstOrDefault() == "events") return await EventsMeasurement.RunAsync(args);
        if (args.FirstOrDefault() == "alloc") return await AllocationMeasurement.RunAsync(args);
        if (args.FirstOrDefault() == "search-timing") return await SearchTiming.RunAsync(args);
        if (args.FirstOrDefault() == "load-seed") return await LoadSeed.RunAsync(args); // bench/load.sh
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
        return 0;
    }
}
