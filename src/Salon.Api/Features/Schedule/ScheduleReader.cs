using Salon.Api.Features.Screening;
using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Data;
using Salon.Domain;

namespace Salon.Api.Features.Schedule;

/// <summary>One visit as a therapist's day shows it; times are salon-local.</summary>
public sealed record ScheduleItem(
    Guid BookingId,
    Guid TherapistId,
    string TherapistName,
    DateTimeOffset Start,
    DateTimeOffset End,
    string Service,
    string? Device,
    string Client,
    string? Course,
    int? CourseSession,
    int? CourseSessions,
    OutcomeStatus? Screening,
    IReadOnlyList<string> Warnings,
    BookingStatus Status,
    int Sequence,
    IReadOnlyList<string>? Restrictions = null,
    IReadOnlyList<DayOfAnswer>? DayOfAnswers = null);

/// <summary>How much of the screening a schedule carries (DESIGN.md, "Who sees what").</summary>
public enum ScheduleHealth
{
    /// <summary>Calendar feeds and exports: no health data at all.</summary>
    None,
    /// <summary>The front desk and printed sheets: the outcome word only.</summary>
    Outcome,
    /// <summary>The therapist's own visits (and the admin): outcome, warnings in plain words, restrictions, day-of
    /// answers.</summary>
    Full,
}

public sealed record ScheduleResponse(string TimeZone, DateOnly From, DateOnly To, IReadOnlyList<ScheduleItem> Visits);

/// <summary>Reads visits for one therapist (or all) over a window with the course progress and screening outcome of
/// each.</summary>
internal static class ScheduleReader
{
    private const string Select = """
        SELECT b.id, b.therapist_id, t.first_name AS therapist_first_name, t.last_name AS therapist_last_name, b.starts_at, b.ends_at,
               s.name AS service_name, s.screening_kind, d.unit_name AS device_name, b.client_id, c.first_name AS client_first_name,
               c.last_name AS client_last_name, b.status, b.package_id, p.name AS package_name, p.session_count,
               (SELECT COUNT(*) FROM booking_events e WHERE e.booking_id = b.id AND e.kind = 'rescheduled') AS reschedules,
               (SELECT COUNT(*) FROM booking_events e WHERE e.booking_id = b.id) AS changes
        FROM bookings b
        JOIN therapists t ON t.id = b.therapist_id
        JOIN services s ON s.id = b.service_id
        JOIN clients c ON c.id = b.client_id
        LEFT JOIN devices d ON d.id = b.device_id
        LEFT JOIN packages p ON p.id = b.package_id
        """;

    /// <param name="initialsOnly">Calendar feeds carry only what the therapist needs: first name and initial.</param>
    public static async Task<IReadOnlyList<ScheduleItem>> LoadAsync(DbSession db, SalonOptions salon,
        DateTimeOffset now, Guid? therapistId,
        DateTimeOffset from, DateTimeOffset to, bool initialsOnly, ScheduleHealth health, CancellationToken ct)
    {
        var rows = await db.QueryAsync<Row>($"""
            {Select}
            WHERE b.starts_at >= @from AND b.starts_at < @to {(therapistId is null ? "" : "AND b.therapist_id = @therapistId")}
            ORDER BY b.starts_at, t.last_name, b.id
            """, new { from, to, therapistId }, ct);
        var zone = salon.Zone();
        var items = new List<ScheduleItem>(rows.Count);
        foreach (var r in rows)
        {
            var kind = Enum.Parse<ScreeningKindCode>(r.ScreeningKind);
            var view = health == ScheduleHealth.None ? null
                : await TherapistView.ForVisitAsync(db, salon, now, r.Id, r.ClientId, kind, r.StartsAt, ct);
            var full = health == ScheduleHealth.Full && view is not null;
            int? session = null;
            if (r.PackageId is { } packageId)
                session = 1 + await db.ScalarAsync<int>("""
                    SELECT COUNT(*) FROM bookings WHERE package_id = @packageId AND status <> 'cancelled' AND starts_at < @startsAt
                    """, new { packageId, r.StartsAt }, ct);

            var client = initialsOnly ? $"{r.ClientFirstName} {r.ClientLastName[..1]}." : $"{r.ClientFirstName} {r.ClientLastName}";
            items.Add(new ScheduleItem(r.Id, r.TherapistId, $"{r.TherapistFirstName} {r.TherapistLastName}",
                TimeZoneInfo.ConvertTime(r.StartsAt, zone), TimeZoneInfo.ConvertTime(r.EndsAt,
                    zone), r.ServiceName, r.DeviceName, client,
                r.PackageName, session, r.SessionCount, view?.Status,
                full ? view!.Warnings.Select(w => w.Text).ToList() : [],
                Enums.Parse<BookingStatus>(r.Status), (int)r.Changes - 1,
                full ? view!.Restrictions : null, full ? view!.DayOfAnswers : null));
        }
        return items;
    }

    internal sealed record Row
    {
        public Guid Id { get; init; }
        public Guid TherapistId { get; init; }
        public string TherapistFirstName { get; init; } = "";
        public string TherapistLastName { get; init; } = "";
        public DateTimeOffset StartsAt { get; init; }
        public DateTimeOffset EndsAt { get; init; }
        public string ServiceName { get; init; } = "";
        public string ScreeningKind { get; init; } = "";
        public string? DeviceName { get; init; }
        public Guid ClientId { get; init; }
        public string ClientFirstName { get; init; } = "";
        public string ClientLastName { get; init; } = "";
        public string Status { get; init; } = "";
        public Guid? PackageId { get; init; }
        public string? PackageName { get; init; }
        public int? SessionCount { get; init; }
        public long Reschedules { get; init; }
        public long Changes { get; init; }
    }
}
