using BenchmarkDotNet.Running;

namespace Salon.Benchmarks;

public static class BenchmarkProgram
{
    /// <summary>dotnet run -c Release --project tests/Salon.Benchmarks -- --filter '*'</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
}
