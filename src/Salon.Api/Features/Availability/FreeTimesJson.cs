using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Salon.Api.Features.Shared;
using Salon.Domain;

namespace Salon.Api.Features.Availability;

/// <summary>
/// Writes what a search found straight into the response as <see cref="AvailabilityResponse"/> or
/// <see cref="CompactAvailabilityResponse"/> JSON (the same bytes the serializer writes for them), without building
/// those records: each therapist is rendered once per answer and copied into every start that lists them, and each
/// start is formatted once.
/// </summary>
public sealed class FreeTimesJson(FreeTimes times, bool compact) : IResult
{
    public async Task ExecuteAsync(HttpContext http)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json; charset=utf-8";
        if (times.Cached is { } entry)
        {
            // A kept answer is written once per format and its bytes copied to every request that reuses it.
            var json = entry.Json(compact);
            if (json is null)
            {
                var buffer = new ArrayBufferWriter<byte>(16 * 1024);
                Write(buffer, options);
                json = entry.Keep(compact, buffer.WrittenSpan.ToArray());
            }
            http.Response.ContentLength = json.Length;
            await http.Response.BodyWriter.WriteAsync(json, http.RequestAborted);
            return;
        }
        Write(http.Response.BodyWriter, options);
        await http.Response.BodyWriter.FlushAsync(http.RequestAborted);
    }

    public void Write(IBufferWriter<byte> output, JsonSerializerOptions options)
    {
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions
        {
            Encoder = options.Encoder, Indented = options.WriteIndented, SkipValidation = true,
        });
        writer.WriteStartObject();
        writer.WriteString(Names.ServiceId, times.Service.Id);
        writer.WriteString(Names.TimeZone, times.TimeZone);
        writer.WriteString(Names.From, times.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        writer.WriteString(Names.To, times.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        var people = Rendered(times.Therapists, options);
        if (compact) WriteCompact(writer, people);
        else WriteFull(writer, people);
        writer.WritePropertyName(Names.BlockedForClient);
        if (times.Block is { } block)
        {
            writer.WriteStartObject();
            writer.WriteString(Names.Type, block.Type);
            writer.WriteString(Names.Title, block.Title);
            writer.WriteStartArray(Names.Codes);
            foreach (var code in block.Codes) writer.WriteStringValue(code);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        else writer.WriteNullValue();
        writer.WriteEndObject();
        writer.Flush();
    }

    private void WriteFull(Utf8JsonWriter writer, Dictionary<Guid, (int Index, byte[] Json)> people)
    {
        var offsets = new LocalTimes(times.Zone);
        writer.WriteStartArray(Names.Slots);
        foreach (var slot in times.Slots)
        {
            writer.WriteStartObject();
            writer.WriteString(Names.Start, offsets.Local(slot.Start));
            writer.WriteString(Names.End, offsets.Local(slot.Start + times.Service.Duration));
            writer.WriteStartArray(Names.Therapists);
            foreach (var id in slot.TherapistIds) writer.WriteRawValue(people[id].Json, skipInputValidation: true);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private void WriteCompact(Utf8JsonWriter writer, Dictionary<Guid, (int Index, byte[] Json)> people)
    {
        writer.WriteNumber(Names.DurationMinutes, times.Service.DurationMinutes);
        writer.WriteStartArray(Names.Therapists);
        if (times.Block is null)
            foreach (var t in times.Therapists) writer.WriteRawValue(people[t.Id].Json, skipInputValidation: true);
        writer.WriteEndArray();
        var offsets = new LocalTimes(times.Zone);
        writer.WriteStartArray(Names.Slots);
        foreach (var slot in times.Slots)
        {
            writer.WriteStartObject();
            writer.WriteString(Names.Start, offsets.Local(slot.Start));
            writer.WriteStartArray(Names.Therapists);
            foreach (var id in slot.TherapistIds) writer.WriteNumberValue(people[id].Index);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    /// <summary>Each therapist as the JSON object {"id", "name"}, written once.</summary>
    private static Dictionary<Guid, (int Index, byte[] Json)> Rendered(IReadOnlyList<NamedRef> therapists,
        JsonSerializerOptions options)
    {
        var rendered = new Dictionary<Guid, (int, byte[])>(therapists.Count);
        var buffer = new ArrayBufferWriter<byte>(64);
        using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = options.Encoder });
        for (var i = 0; i < therapists.Count; i++)
        {
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
            writer.WriteStartObject();
            writer.WriteString(Names.Id, therapists[i].Id);
            writer.WriteString(Names.Name, therapists[i].Name);
            writer.WriteEndObject();
            writer.Flush();
            rendered[therapists[i].Id] = (i, buffer.WrittenSpan.ToArray());
        }
        return rendered;
    }

    /// <summary>The member names as the serializer writes them (camelCase).</summary>
    private static class Names
    {
        public static readonly JsonEncodedText ServiceId = JsonEncodedText.Encode("serviceId"),
            TimeZone = JsonEncodedText.Encode("timeZone"), From = JsonEncodedText.Encode("from"),
            To = JsonEncodedText.Encode("to"), Slots = JsonEncodedText.Encode("slots"),
            Start = JsonEncodedText.Encode("start"), End = JsonEncodedText.Encode("end"),
            Therapists = JsonEncodedText.Encode("therapists"), Id = JsonEncodedText.Encode("id"),
            Name = JsonEncodedText.Encode("name"), DurationMinutes = JsonEncodedText.Encode("durationMinutes"),
            BlockedForClient = JsonEncodedText.Encode("blockedForClient"), Type = JsonEncodedText.Encode("type"),
            Title = JsonEncodedText.Encode("title"), Codes = JsonEncodedText.Encode("codes");
    }
}

/// <summary>Instants in the salon's offset, converting through the zone once per UTC day without an offset change,
/// not per slot.</summary>
internal sealed class LocalTimes(TimeZoneInfo zone)
{
    private DateTimeOffset _from = DateTimeOffset.MaxValue, _until = DateTimeOffset.MinValue;
    private TimeSpan _offset;

    public DateTimeOffset Local(DateTimeOffset instant)
    {
        if (instant < _from || instant >= _until)
        {
            // The offset holds for the whole UTC day around the instant unless a change falls inside it (zones change
            // at most twice a year).
            var day = new DateTimeOffset(instant.UtcDateTime.Date, TimeSpan.Zero);
            _offset = zone.GetUtcOffset(instant);
            var end = day.AddDays(1);
            (_from, _until) = zone.GetUtcOffset(day) == _offset && zone.GetUtcOffset(end.AddTicks(-1)) == _offset
                ? (day, end)
                : (instant, instant.AddTicks(1));
        }
        return instant.ToOffset(_offset);
    }
}
