using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Salon.Api.Features.Availability;
using Salon.Api.Features.Shared;
using Salon.Api.Tests.Infrastructure;
using Salon.Domain;

namespace Salon.Api.Tests;

/// <summary>
/// The search answers are written straight from what the search found; they must be byte for byte what the serializer
/// writes for the declared records (which the OpenAPI document describes), including across a DST change, with names
/// that need escaping, and for a client who is blocked.
/// </summary>
public sealed class AvailabilityJsonTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private static readonly Guid Anna = Guid.Parse("0190f0a0-0000-7000-8000-000000000001"),
        Olga = Guid.Parse("0190f0a0-0000-7000-8000-000000000002");

    private static readonly ServiceSpec Service = new()
    {
        Id = Guid.Parse("0190f0a0-0000-7000-8000-0000000000aa"), Name = "Массаж", DurationMinutes = 60,
        BufferMinutes = 15, RequiredSkill = "lymph", ScreeningKind = "DEEP", Kind = "manual", Active = true,
    };

    private static FreeTimes Times(string zoneId, DateTimeOffset first, AvailabilityBlock? block = null)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        // Every 15 minutes for 30 hours: crosses midnight and, for Europe/Berlin in late October, the DST fold.
        var slots = Enumerable.Range(0, 120).Select(i => new FreeSlot(first.AddMinutes(15 * i),
            i % 3 == 0 ? [Anna] : [Anna, Olga], [])).ToList();
        return new FreeTimes(Service, zoneId, zone, DateOnly.FromDateTime(first.Date),
            DateOnly.FromDateTime(first.Date).AddDays(1),
            [new NamedRef(Anna, "Анна \"Аня\" Петрова"), new NamedRef(Olga, "Olga <Smith> & co")],
            block is null ? slots : [], block);
    }

    public static TheoryData<string, string, bool> Cases() => new()
    {
        { "Europe/Moscow", "2026-12-02T05:00:00Z", false },
        { "Europe/Berlin", "2026-10-24T20:00:00Z", false },
        { "Europe/Berlin", "2026-03-28T20:00:00Z", true },
        { "UTC", "2026-12-02T00:00:00Z", false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Both_answers_are_the_bytes_the_serializer_writes(string zone, string first, bool blocked)
    {
        var options = app.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var times = Times(zone, DateTimeOffset.Parse(first, System.Globalization.CultureInfo.InvariantCulture),
            blocked ? new AvailabilityBlock("https://salon.example/problems/x", "Blocked", ["a", "b"]) : null);

        Assert.Equal(JsonSerializer.Serialize(times.Full(), options), Written(times, compact: false, options));
        Assert.Equal(JsonSerializer.Serialize(times.Compact(), options), Written(times, compact: true, options));
    }

    private static string Written(FreeTimes times, bool compact, JsonSerializerOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>();
        new FreeTimesJson(times, compact).Write(buffer, options);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
