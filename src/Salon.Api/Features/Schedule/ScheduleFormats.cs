using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Salon.Api.Infrastructure.Data;

namespace Salon.Api.Features.Schedule;

public enum ScheduleFormat
{
    Json,
    Csv,
    Ics,
}

/// <summary>The schedule as a spreadsheet (CSV) or a calendar (iCalendar, RFC 5545).</summary>
internal static class ScheduleFormats
{
    public const string CsvType = "text/csv";
    public const string IcsType = "text/calendar";

    /// <summary>The format asked for: a format parameter wins, else the Accept header, else JSON.</summary>
    public static ScheduleFormat Negotiate(ScheduleFormat? format, HttpRequest request)
    {
        if (format is { } asked)
            return asked; // an unknown one (xlsx) never gets here: the query is refused with the accepted names
        var accept = request.Headers.Accept.ToString();
        if (accept.Contains(CsvType, StringComparison.OrdinalIgnoreCase)) return ScheduleFormat.Csv;
        if (accept.Contains(IcsType, StringComparison.OrdinalIgnoreCase)) return ScheduleFormat.Ics;
        return ScheduleFormat.Json;
    }

    public static IResult Write(ScheduleResponse schedule, ScheduleFormat format, string fileName, TimeZoneInfo zone,
        DateTimeOffset now) => format switch
    {
        // UTF-8 with a BOM, so that spreadsheet programs open Cyrillic names right.
        ScheduleFormat.Csv
            => Results.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Csv(schedule.Visits))).ToArray(),
            CsvType + "; charset=utf-8", fileName + ".csv"),
        ScheduleFormat.Ics => Results.Text(Ics(schedule.Visits, zone, fileName, now), IcsType + "; charset=utf-8",
            Encoding.UTF8),
        _ => TypedResults.Ok(schedule),
    };

    public static string Csv(IReadOnlyList<ScheduleItem> visits)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using var csv = new CsvWriter(text, new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\r\n" });
        foreach (var header in new[] { "date", "start", "end", "therapist", "service", "device", "client", "course",
            "screening", "status" })
            csv.WriteField(header);
        csv.NextRecord();
        foreach (var v in visits)
        {
            csv.WriteField(v.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            csv.WriteField(v.Start.ToString("HH:mm", CultureInfo.InvariantCulture));
            csv.WriteField(v.End.ToString("HH:mm", CultureInfo.InvariantCulture));
            csv.WriteField(v.TherapistName);
            csv.WriteField(v.Service);
            csv.WriteField(v.Device ?? "");
            csv.WriteField(v.Client);
            csv.WriteField(Progress(v) ?? "");
            // Printed and left on desks: the outcome word only, the same word as the JSON; never the conditions.
            csv.WriteField(v.Screening is { } outcome ? Enums.Name(outcome) : "no_valid_screening");
            csv.WriteField(Enums.Name(v.Status));
            csv.NextRecord();
        }
        csv.Flush();
        return text.ToString();
    }

    public static string? Progress(ScheduleItem v) =>
        v.CourseSession is { } n && v.CourseSessions is { } total ? $"{v.Course}: session {n} of {total}" : null;

    /// <summary>One VEVENT per visit with a stable UID and a SEQUENCE that grows with each change; times in the salon's
    /// zone with its VTIMEZONE.</summary>
    public static string Ics(IReadOnlyList<ScheduleItem> visits, TimeZoneInfo zone, string name, DateTimeOffset now)
    {
        var calendar = new Ical.Net.Calendar();
        calendar.AddProperty("X-WR-CALNAME", name);
        calendar.AddTimeZone(VTimeZone.FromDateTimeZone(zone.Id, now.UtcDateTime.AddYears(-1), false));
        foreach (var v in visits)
        {
            var description = new StringBuilder()
                .Append("Клиент: ").AppendLine(v.Client)
                .Append(v.Device is null ? "" : "Аппарат: " + v.Device + "\n")
                .Append(Progress(v) is { } progress ? "Курс: " + progress + "\n" : "");
            // No health data in calendars (DESIGN.md): phones sync them to clouds the salon does not control.
            calendar.Events.Add(new CalendarEvent
            {
                Uid = $"{v.BookingId}@salon",
                DtStamp = new CalDateTime(now.UtcDateTime, "UTC"),
                DtStart = new CalDateTime(v.Start.DateTime, zone.Id),
                DtEnd = new CalDateTime(v.End.DateTime, zone.Id),
                Summary = $"{v.Service} — {v.Client}",
                Description = description.ToString().TrimEnd(),
                Sequence = v.Sequence,
                Status = v.Status == Domain.BookingStatus.Cancelled ? EventStatus.Cancelled : EventStatus.Confirmed,
            });
        }
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }
}
