using System.Data.Common;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Dapper;
using Salon.Api.Infrastructure.Data;
using Salon.Domain;

namespace Salon.Benchmarks;

/// <summary>
/// A salon with a year of history: 20 therapists, 6 devices, and bookings every working day for a year back and a month
/// ahead, written straight into the tables (with their claim rows) so that seeding takes seconds, not hours.
/// </summary>
public static class HistorySeed
{
    public const int Therapists = 20;
    public const int Devices = 6;

    public sealed record Salon(Guid ManualService, Guid HardwareService, Guid[] TherapistIds, Guid[] ClientIds);

    public static async Task<Salon> LoadAsync(HttpClient admin, ISqlDialect dialect, string connectionString,
        int historyDays, TimeZoneInfo zone, DateTimeOffset now)
    {
        var manual = await IdAsync(admin.PostAsJsonAsync("/api/v1/services", new
        {
            name = "Глубокий лимфодренаж", kind = "manual", screeningKind = "DEEP", durationMinutes = 60, bufferMinutes = 15, requiredSkill = "lymph", price = 2300m,
        }));
        var hardware = await IdAsync(admin.PostAsJsonAsync("/api/v1/services", new
        {
            name = "Прессотерапия", kind = "hardware", screeningKind = "PRESS", durationMinutes = 40, bufferMinutes = 10,
            requiredSkill = "lymph", deviceType = "pressotherapy", price = 1500m,
        }));
        var hours = Enum.GetNames<DayOfWeek>().Select(d => new { day = d.ToLowerInvariant(), start = "08:00",
            end = "22:00" }).ToArray();
        var therapists = new Guid[Therapists];
        for (var i = 0; i < Therapists; i++)
            therapists[i] = await IdAsync(admin.PostAsJsonAsync("/api/v1/therapists", new { firstName = "Мастер",
                lastName = $"№{i + 1}", skills = new[] { "lymph" }, weeklyHours = hours }));
        var devices = new Guid[Devices];
        for (var i = 0; i < Devices; i++)
            devices[i] = await IdAsync(admin.PostAsJsonAsync("/api/v1/devices", new { deviceType = "pressotherapy",
                unitName = $"Костюм {i + 1}" }));

        await using var connection = dialect.CreateConnection(connectionString);
        await connection.OpenAsync();
        // A bulk load into a benchmark's file: SQLite's default 2 MB page cache and a sync per commit made a 1M history
        // take more than 20 minutes.
        if (dialect.Name == "sqlite")
            await connection.ExecuteAsync("PRAGMA cache_size = -1000000; PRAGMA synchronous = OFF");
        var clients = await InsertClientsAsync(connection, dialect, 2_000, now);

        // Every therapist fully booked 08:00 to 22:00 local, back to back; the first six give hardware sessions, one
        // device each.
        var rows = new List<object[]>();
        var claims = new List<object[]>();
        var random = new Random(7);
        var firstDay = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-historyDays);
        var lastDay = DateOnly.FromDateTime(now.UtcDateTime).AddDays(30);
        for (var day = firstDay; day <= lastDay; day = day.AddDays(1))
        for (var t = 0; t < Therapists; t++)
        for (var slot = 0; slot < (t < Devices ? 16 : 11); slot++)
        {
            var future = day > DateOnly.FromDateTime(now.UtcDateTime);
            if (future && random.Next(2) == 0) continue; // the month ahead is half booked
            var hardwareVisit = t < Devices;
            var start = SlotFinder.ToInstant(day.ToDateTime(new TimeOnly(8,
                0)).AddMinutes(slot * (hardwareVisit ? 50 : 75)), zone);
            var duration = TimeSpan.FromMinutes(hardwareVisit ? 40 : 60);
            var held = start + SlotFinder.HeldLength(duration, TimeSpan.FromMinutes(hardwareVisit ? 10 : 15));
            var status = future ? "booked" : random.Next(20) switch { 0 => "cancelled", 1 => "no_show", _
                => "completed" };
            var id = Guid.CreateVersion7();
            Guid? device = hardwareVisit ? devices[t] : null;
            rows.Add([id, clients[random.Next(clients.Length)], hardwareVisit ? hardware : manual, therapists[t],
                device!, start, start + duration, held,
                status, hardwareVisit ? 150_000L : 230_000L, status == "cancelled" ? "client_in_time" : null!, start.AddDays(-3)]);
            if (status is "booked" or "completed")
                foreach (var granule in Occupancy.Granules(start, held))
                {
                    claims.Add([therapists[t], granule, id]);
                    if (device is { } d) claims.Add([d, granule, id]);
                }
        }

        await InsertAsync(connection, dialect, "bookings",
            ["id", "client_id", "service_id", "therapist_id", "device_id", "starts_at", "ends_at", "held_until",
                "status", "price_kopecks", "cancellation", "created_at"],
            "cancel_free_hours, channel, version", "24, 'desk', 1", rows);
        // In key order: each index page is written once instead of being revisited for every day.
        claims.Sort((a, b) => ((Guid)a[0]).CompareTo((Guid)b[0]) is var c and not 0 ? c
            : ((DateTimeOffset)a[1]).CompareTo((DateTimeOffset)b[1]));
        await InsertAsync(connection, dialect, "resource_claims", ["resource_id", "slot_start", "booking_id"], null,
            null, claims);
        // Fresh statistics, as a long-running salon database has them. (A one-word command would be taken by Dapper for
        // a procedure name.)
        await connection.ExecuteAsync("ANALYZE bookings; ANALYZE resource_claims; ANALYZE clients");
        // The load went through SQLite's write-ahead log in one transaction (3.8 GB at 1M); a salon's database, written
        // a booking at a time, never carries such a log, so it is folded into the file before anything is measured.
        if (dialect.Name == "sqlite")
            await connection.ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE)");
        Console.WriteLine($"Seeded {rows.Count:N0} bookings and {claims.Count:N0} claim rows over {historyDays} days of history.");
        return new Salon(manual, hardware, therapists, clients);
    }

    private static async Task<Guid[]> InsertClientsAsync(DbConnection connection, ISqlDialect dialect, int count,
        DateTimeOffset now)
    {
        var rows = Enumerable.Range(0, count).Select(i => new object[]
        {
            Guid.CreateVersion7(), "Клиент", $"Номер{i}", $"+7900{i:0000000}", $"номер{i} клиент", now, now,
        }).ToList();
        await InsertAsync(connection, dialect, "clients", ["id", "first_name", "last_name", "phone", "search_name",
            "created_at", "updated_at"],
            "version, birth_date", "1, '1990-05-01'", rows); // health consent needs a birth date
        return rows.Select(r => (Guid)r[0]).ToArray();
    }

    /// <summary>
    /// All rows in one transaction, with values always as parameters: one statement text per chunk size, prepared once
    /// and run for every chunk. The servers get multi-row inserts of 300 rows, one round trip each; SQLite a row at a
    /// time (it has no round trips, and preparing a 3,600-parameter statement took longer than running it).
    /// </summary>
    private static async Task InsertAsync(DbConnection connection, ISqlDialect dialect, string table, string[] columns,
        string? fixedColumns, string? fixedValues, List<object[]> rows)
    {
        await using var tx = await connection.BeginTransactionAsync();
        foreach (var chunks in rows.Chunk(dialect.Name == "sqlite" ? 1 : 300).GroupBy(chunk => chunk.Length))
        {
            var sql = new StringBuilder($"INSERT INTO {table} ({string.Join(", ", columns)}{(fixedColumns is null ? "" : ", " + fixedColumns)}) VALUES ");
            for (var r = 0; r < chunks.Key; r++)
            {
                sql.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < columns.Length; c++)
                    sql.Append(c == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"@p{r}_{c}");
                sql.Append(fixedValues is null ? ")" : ", " + fixedValues + ")");
            }
            // Dapper runs one command for every chunk, binding each chunk's values (through the type handlers).
            await connection.ExecuteAsync(sql.ToString(), chunks.Select(chunk =>
            {
                var args = new DynamicParameters();
                for (var r = 0; r < chunk.Length; r++)
                for (var c = 0; c < columns.Length; c++)
                    args.Add(string.Create(CultureInfo.InvariantCulture, $"p{r}_{c}"), chunk[r][c]);
                return args;
            }), tx);
        }
        await tx.CommitAsync();
    }

    private static async Task<Guid> IdAsync(Task<HttpResponseMessage> call)
    {
        var response = await call;
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{(int)response.StatusCode}: {text}");
        return Guid.Parse(System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!);
    }
}
