using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Salon.Api.Features.Webhooks;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Events;

namespace Salon.Benchmarks;

/// <summary>
/// `dotnet run -c Release --project tests/Salon.Benchmarks -- events [--count 3000] [--rate 200]`: a bounded
/// measurement (seconds, not a BenchmarkDotNet run) of the webhook dispatcher on PostgreSQL (SALON_TEST_POSTGRES) with
/// a receiver on 127.0.0.1. Latency: events committed one per transaction at a steady rate while the dispatcher runs as
/// it does in the API (woken by the commit); the time from the commit returning to the receiver reading the request.
/// Throughput: a backlog written first, then drained by one dispatcher, and by two on the same database.
/// </summary>
public static class EventsMeasurement
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = Option(args, "--count", 3000);
        var rate = Option(args, "--rate", 200);
        var (provider, connectionString, cleanup) = await Databases.CreateAsync(
            Environment.GetEnvironmentVariable("SALON_TEST_POSTGRES") is { Length: > 0 } ? "postgres" : "sqlite");
        var dataFolder = Path.Combine(Path.GetTempPath(), "salon-bench-events-" + Guid.NewGuid().ToString("N"));
        await using var receiver = await Receiver.StartAsync();
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_SALON_API", AppContext.BaseDirectory);
        await using var app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Benchmark");
            b.UseSetting("Database:Provider", provider.ToString());
            b.UseSetting("Database:ConnectionString", connectionString);
            b.UseSetting("Database:DataFolder", dataFolder);
            b.UseSetting("Jwt:Key", "benchmark-signing-key-that-is-long-enough-for-hs256");
            b.UseSetting("Logging:LogLevel:Default", "Warning");
            b.UseSetting("Webhooks:Dispatcher", "false"); // started below, by hand
            b.UseSetting("Reminders:Dispatcher", "false");
        });
        try
        {
            _ = app.Server;
            var services = app.Services;
            await using (var scope = services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<DbSession>();
                await db.ExecuteAsync("""
                    INSERT INTO webhook_subscriptions (id, url, event_types, description, secret, active, paused_at, failures_in_row, version, created_at)
                    VALUES (@id, @url, 'booking.created', NULL, @secret, @yes, NULL, 0, 1, @now)
                    """, new { id = Guid.CreateVersion7(), url = receiver.Url, secret = "whsec_" + Convert.ToBase64String(new byte[32]), yes = true,
                        now = DateTimeOffset.UtcNow });
            }
            Console.WriteLine($"{provider}: {count} events at {rate}/s, receiver {receiver.Url}");

            // Latency at a steady rate, the dispatcher running as the hosted service does.
            using (var running = new CancellationTokenSource())
            {
                var service = ActivatorUtilities.CreateInstance<WebhookDispatcherService>(services);
                await service.StartAsync(running.Token);
                var committed = await CommitAsync(services, 0, count, rate);
                await receiver.WaitForAsync(count, TimeSpan.FromMinutes(2));
                await service.StopAsync(CancellationToken.None);
                var latencies = committed.Select((t, i) => Stopwatch.GetElapsedTime(t,
                    receiver.At[i]).TotalMilliseconds).Order().ToList();
                Console.WriteLine($"commit to delivery: p50 {Percentile(latencies, 50):0.0} ms, p99 {Percentile(latencies, 99):0.0} ms, " +
                    $"max {latencies[^1]:0.0} ms ({latencies.Count} events)");
            }

            foreach (var dispatchers in new[] { 1, 2 })
            {
                var first = receiver.Count;
                await CommitAsync(services, first, count, rate: 0);
                var started = Stopwatch.GetTimestamp();
                var instances = Enumerable.Range(0, dispatchers).Select(_
                    => ActivatorUtilities.CreateInstance<WebhookDispatcher>(services)).ToList();
                await Task.WhenAll(instances.Select(d => Task.Run(async () =>
                {
                    while (receiver.Count < first + count)
                        if (await d.RunOnceAsync(CancellationToken.None) == 0) await Task.Delay(5);
                })));
                var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                Console.WriteLine($"backlog of {count} drained by {dispatchers} dispatcher(s): {seconds:0.00} s, {count / seconds:0} events/s");
            }
            var duplicates = receiver.Ids.Count - receiver.Ids.Distinct().Count();
            Console.WriteLine($"requests received {receiver.Ids.Count}, duplicate webhook-ids {duplicates}");
            return 0;
        }
        finally
        {
            await app.DisposeAsync();
            cleanup();
        }
    }

    /// <summary>Commits events one per transaction, numbered from <paramref name="from"/>, at a rate (0: as fast as
    /// possible).</summary>
    private static async Task<long[]> CommitAsync(IServiceProvider services, int from, int count, int rate)
    {
        var committed = new long[count];
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            if (rate > 0)
            {
                var due = TimeSpan.FromSeconds((double)i / rate) - Stopwatch.GetElapsedTime(start);
                if (due > TimeSpan.Zero) await Task.Delay(due);
            }
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DbSession>();
            await db.BeginAsync(CancellationToken.None);
            db.Raise(new OutboxEvent("booking.created", Guid.CreateVersion7(), DateTimeOffset.UtcNow,
                new { seq = from + i }));
            await db.CommitAsync(CancellationToken.None);
            committed[i] = Stopwatch.GetTimestamp();
        }
        return committed;
    }

    private static double Percentile(List<double> sorted, int p) => sorted[Math.Min(sorted.Count - 1,
        (int)Math.Ceiling(sorted.Count * p / 100.0) - 1)];

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var value) ? value : fallback;
    }

    /// <summary>Kestrel on 127.0.0.1 answering 200 and noting when each numbered event arrived.</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        public ConcurrentDictionary<int, long> At { get; } = new();
        public ConcurrentBag<string> Ids { get; } = [];
        public int Count => At.Count;
        public string Url => _app.Urls.First() + "/hook";

        private Receiver(WebApplication app) => _app = app;

        public static async Task<Receiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var receiver = new Receiver(app);
            app.MapPost("/hook", async (HttpContext http) =>
            {
                using var body = await JsonDocument.ParseAsync(http.Request.Body);
                receiver.At.TryAdd(body.RootElement.GetProperty("data").GetProperty("seq").GetInt32(),
                    Stopwatch.GetTimestamp());
                receiver.Ids.Add(http.Request.Headers["webhook-id"].ToString());
                return Results.Ok();
            });
            await app.StartAsync();
            return receiver;
        }

        public async Task WaitForAsync(int count, TimeSpan within)
        {
            var until = Stopwatch.GetTimestamp() + (long)(within.TotalSeconds * Stopwatch.Frequency);
            while (Count < count && Stopwatch.GetTimestamp() < until) await Task.Delay(10);
            if (Count < count) throw new TimeoutException($"{Count} of {count} delivered");
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
