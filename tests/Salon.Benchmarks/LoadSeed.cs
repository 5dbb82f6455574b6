using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Salon.Api.Infrastructure.Data;
using Salon.Domain;

namespace Salon.Benchmarks;

/// <summary>
/// Seeds a running API (started by bench/load.sh) for the wrk load benchmark: a salon with 20 therapists and a history
/// of about --bookings bookings, and screened clients to book for. Writes the ids the wrk scripts need as shell
/// exports.
/// </summary>
public static class LoadSeed
{
    /// <summary>Clients that book in the write runs; a multiple of the therapist count keeps each client on one
    /// therapist.</summary>
    public const int Bookers = 200;

    /// <summary>About 250 bookings a day of history plus a half-booked month ahead (3 750).</summary>
    public static int HistoryDaysFor(int bookings) => Math.Max(1, (bookings - 3_750) / 250);

    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string? fallback = null) =>
            args.SkipWhile(a => a != "--" + name).Skip(1).FirstOrDefault() ?? fallback
            ?? throw new ArgumentException($"--{name} is required");

        TypeHandlers.Register(); // uuids and instants as the API stores them (text on SQLite)
        var url = Arg("url");
        var provider = Enum.Parse<DatabaseProvider>(Arg("provider"), ignoreCase: true);
        var connectionString = Arg("connection");
        var bookings = int.Parse(Arg("bookings", "10000"), CultureInfo.InvariantCulture);
        var output = Arg("out");

        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) };
        var login = await http.PostAsJsonAsync("/api/v1/auth/token", new { login = Arg("login"),
            password = Arg("password") });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("accessToken").GetString()!;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
        var now = DateTimeOffset.UtcNow;
        var salon = await HistorySeed.LoadAsync(http, ISqlDialect.For(provider), connectionString,
            HistoryDaysFor(bookings), zone, now);

        var bookers = salon.ClientIds[..Bookers];
        var answers = Enumerable.Range(1, 24).ToDictionary(i => $"Q{i:00}", _ => false);
        await Parallel.ForEachAsync(bookers, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (client, ct) =>
        {
            (await http.PostAsJsonAsync($"/api/v1/clients/{client}/consents", new { kind = "health_data",
                channel = "paper" }, ct))
                .EnsureSuccessStatusCode();
            (await http.PostAsJsonAsync($"/api/v1/clients/{client}/screenings", new { answers },
                ct)).EnsureSuccessStatusCode();
        });

        // Searches look at tomorrow (and the week from it) in the half-booked month; bookings go past the seeded month,
        // one therapist after another, 75 minutes apart from 08:00 Moscow time (UTC+3, no DST).
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var firstFree = new DateTimeOffset(today.AddDays(32).ToDateTime(new TimeOnly(8, 0)), TimeSpan.FromHours(3));
        var exports = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"export BENCH_TOKEN='{token}'")
            .AppendLine(CultureInfo.InvariantCulture, $"export BENCH_SERVICE='{salon.ManualService}'")
            .AppendLine(CultureInfo.InvariantCulture, $"export BENCH_DAY='{today.AddDays(1):yyyy-MM-dd}'")
            .AppendLine(CultureInfo.InvariantCulture, $"export BENCH_WEEK_END='{today.AddDays(7):yyyy-MM-dd}'")
            .AppendLine(CultureInfo.InvariantCulture, $"export BENCH_FIRST_FREE='{firstFree.ToUnixTimeSeconds()}'")
            .AppendLine(CultureInfo.InvariantCulture,
                $"export BENCH_THERAPISTS='{string.Join(',', salon.TherapistIds)}'")
            .AppendLine(CultureInfo.InvariantCulture, $"export BENCH_CLIENTS='{string.Join(',', bookers)}'");
        await File.WriteAllTextAsync(output, exports.ToString());
        Console.WriteLine($"Screened {bookers.Length} clients; wrote {output}.");
        return 0;
    }
}
