using System.Net.Http.Headers;
using System.Net.Http.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;

namespace Salon.Benchmarks;

public sealed class BenchConfig : ManualConfig
{
    public BenchConfig()
    {
        // In-process: the seeded database and the in-memory API live in this process. Fixed invocation counts keep
        // booking creation within the free capacity.
        AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance)
            .WithWarmupCount(2).WithIterationCount(10).WithInvocationCount(32).WithUnrollFactor(1));
        WithOptions(ConfigOptions.DisableOptimizationsValidator);
    }
}

/// <summary>
/// The hottest read (availability over 7 days) and the main write (a booking), through the whole HTTP pipeline in
/// process, against a salon with 30 days or 400 days of history, on SQLite and, when SALON_TEST_POSTGRES is set,
/// PostgreSQL.
/// </summary>
[Config(typeof(BenchConfig))]
[MemoryDiagnoser]
public class BookingBenchmarks
{
    private WebApplicationFactory<Program> _app = null!;
    private HttpClient _desk = null!;
    private HistorySeed.Salon _salon = null!;
    private string _week = "";
    private int _next;
    private DateOnly _firstFreeDay;
    private Action? _cleanup;
    private Guid[] _bookers = [];
    private const int Bookers = 50;

    /// <summary>For measurements that call the API's handlers directly (allocations per request).</summary>
    public IServiceProvider Services => _app.Services;
    public Guid ManualServiceId => _salon.ManualService;
    public DateOnly FirstSearchDay => DateOnly.ParseExact(_week[5..15], "yyyy-MM-dd",
        System.Globalization.CultureInfo.InvariantCulture);

    [ParamsSource(nameof(Providers))]
    public string Provider { get; set; } = "sqlite";

    [Params(30, 400)]
    public int HistoryDays { get; set; }

    public static IEnumerable<string> Providers() =>
        string.IsNullOrEmpty(Environment.GetEnvironmentVariable("SALON_TEST_POSTGRES")) ? ["sqlite"] : ["sqlite",
            "postgres"];

    [GlobalSetup]
    /// <summary>A token whose security stamp is recorded, as every request checks it.</summary>
    private async Task<string> TokenAsync(string role)
    {
        var subject = Guid.CreateVersion7();
        await using var scope = _app!.Services.CreateAsyncScope();
        var stamp = await SecurityStamps.CreateAsync(scope.ServiceProvider.GetRequiredService<DbSession>(), subject,
            CancellationToken.None);
        return _app.Services.GetRequiredService<TokenIssuer>().Issue(subject, "bench-" + role, role,
            stamp: stamp).AccessToken;
    }

    public async Task SetupAsync()
    {
        var (provider, connectionString, cleanup) = await Databases.CreateAsync(Provider);
        _cleanup = cleanup;
        var dataFolder = Path.Combine(Path.GetTempPath(), "salon-bench", Guid.NewGuid().ToString("N"));
        // The benchmark is not a test project, so the test host is told where the API's content lives.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_SALON_API", AppContext.BaseDirectory);
        _app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Benchmark");
            b.UseSetting("Database:Provider", provider.ToString());
            b.UseSetting("Database:ConnectionString", connectionString);
            b.UseSetting("Database:DataFolder", dataFolder);
            b.UseSetting("Jwt:Key", "benchmark-signing-key-that-is-long-enough-for-hs256");
            b.UseSetting("Logging:LogLevel:Default", "Warning");
            // These measure the search itself; repeated identical searches would otherwise be answered from the cache.
            b.UseSetting("Availability:AnswerCache", "false");
        });
        var admin = Client(await TokenAsync(Roles.Admin));
        _desk = Client(await TokenAsync(Roles.FrontDesk));

        var zone = _app.Services.GetRequiredService<SalonOptions>().Zone();
        var now = DateTimeOffset.UtcNow;
        _salon = await HistorySeed.LoadAsync(admin, _app.Services.GetRequiredService<ISqlDialect>(), connectionString,
            HistoryDays, zone, now);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        _week = $"from={today.AddDays(1):yyyy-MM-dd}&to={today.AddDays(7):yyyy-MM-dd}";
        _firstFreeDay = today.AddDays(32);

        // Bookings need a valid screening: the clients the write benchmark books for give consent and answer the
        // questionnaire first.
        _bookers = _salon.ClientIds[..Bookers];
        var answers = Enumerable.Range(1, 24).ToDictionary(i => $"Q{i:00}", _ => false);
        foreach (var client in _bookers)
        {
            (await _desk.PostAsJsonAsync($"/api/v1/clients/{client}/consents", new { kind = "health_data",
                channel = "paper" })).EnsureSuccessStatusCode();
            (await _desk.PostAsJsonAsync($"/api/v1/clients/{client}/screenings",
                new { answers })).EnsureSuccessStatusCode();
        }
    }

    private HttpClient Client(string token)
    {
        var http = _app.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    [Benchmark(Description = "availability, manual service, 7 days")]
    public async Task<int> AvailabilityManual()
    {
        var response = await _desk.GetAsync($"/api/v1/availability?serviceId={_salon.ManualService}&{_week}");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsByteArrayAsync()).Length;
    }

    [Benchmark(Description = "availability, hardware service, 7 days")]
    public async Task<int> AvailabilityHardware()
    {
        var response = await _desk.GetAsync($"/api/v1/availability?serviceId={_salon.HardwareService}&{_week}");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsByteArrayAsync()).Length;
    }

    /// <summary>A search from the first search day over <paramref name="days"/> days (search-timing).</summary>
    public async Task<int> SearchAsync(int days, bool compact)
    {
        var from = FirstSearchDay;
        var response = await _desk.GetAsync($"/api/v1/availability{(compact ? "/compact" : "")}?serviceId="
            + $"{_salon.ManualService}&from={from:yyyy-MM-dd}&to={from.AddDays(days - 1):yyyy-MM-dd}");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsByteArrayAsync()).Length;
    }

    public async Task<int> HealthAsync()
    {
        var response = await _desk.GetAsync("/health/ready");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsByteArrayAsync()).Length;
    }

    /// <summary>Each call books the next free start in the empty days past the seeded month: a real, successful
    /// booking.</summary>
    [Benchmark(Description = "create booking")]
    public async Task CreateBooking()
    {
        var n = Interlocked.Increment(ref _next);
        var therapist = _salon.TherapistIds[n % HistorySeed.Therapists];
        var perTherapist = n / HistorySeed.Therapists;
        var day = _firstFreeDay.AddDays(perTherapist / 11);
        var start = new DateTimeOffset(day.ToDateTime(new TimeOnly(8, 0)).AddMinutes(perTherapist % 11 * 75),
            TimeSpan.FromHours(3));
        var response = await _desk.PostAsJsonAsync("/api/v1/bookings", new
        {
            clientId = _bookers[n % _bookers.Length], serviceId = _salon.ManualService, therapistId = therapist, startsAt = start,
        });
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException(await response.Content.ReadAsStringAsync());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _app.Dispose();
        _cleanup?.Invoke();
    }
}
