using Salon.Api.Features.Shared;
using Salon.Api.Features.Ledger;
using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Packages;

/// <summary>The course rules at booking time and the session use at completion, no-show and late
/// cancellation.</summary>
internal static class PackageRules
{
    public static readonly Refusal Exhausted = new(RefusalKind.BusinessRule, "package-exhausted",
        "No sessions left on the package");

    /// <summary>Whether a session of this service on this date may be booked on the package.</summary>
    public static async Task<Refusal?> CheckForBookingAsync(DbSession db, SalonOptions salon, Guid packageId,
        Guid clientId, ServiceSpec service,
        DateTimeOffset sessionStart, Guid? ignoreBooking, DateTimeOffset now, CancellationToken ct)
    {
        var (refusal, days) = await CourseAsync(db, salon, packageId, clientId, service, ignoreBooking, now, ct);
        return refusal ?? days!.Check(SlotFinder.LocalDate(sessionStart, salon.Zone()));
    }

    /// <summary>
    /// The package as a booking of this service meets it: a refusal for the package as a whole (not found, not active,
    /// not covering, no sessions left), or the days a session may fall on (validity, freezes, cadence). Availability
    /// uses the days to offer only the dates a booking on the package would accept.
    /// </summary>
    public static async Task<(Refusal? Refusal, CourseDays? Days)> CourseAsync(DbSession db, SalonOptions salon,
        Guid packageId, Guid clientId,
        ServiceSpec service, Guid? ignoreBooking, DateTimeOffset now, CancellationToken ct)
    {
        await using var grid = await db.QueryMultipleAsync(CourseSql,
            new { packageId, ignoreBooking = ignoreBooking ?? Guid.Empty }, ct);
        return Course(await ReadCourseAsync(grid), salon, clientId, service, now);
    }

    /// <summary>What the course rules read about a package (@packageId), all at once; @ignoreBooking is a booking being
    /// moved (Guid.Empty for none). A booking reads it with its other facts, in the same round trip.</summary>
    public static readonly string CourseSql = $"""
        {PackageBook.Select} WHERE id = @packageId;
        SELECT COUNT(*) FROM bookings
        WHERE package_id = @packageId AND status IN ('booked', 'checked_in') AND id <> @ignoreBooking;
        SELECT from_date, to_date FROM package_freezes WHERE package_id = @packageId;
        SELECT id, starts_at FROM bookings
        WHERE package_id = @packageId AND status IN {BookingSql.HoldingResources} AND id <> @ignoreBooking
        """;

    /// <summary>What <see cref="CourseSql"/> read.</summary>
    internal sealed record CourseFacts(PackageBook.Row? Package, int Booked, IReadOnlyList<FreezeRow> Freezes,
        IReadOnlyList<SessionRow> Others);

    public static async Task<CourseFacts> ReadCourseAsync(Dapper.SqlMapper.GridReader grid) =>
        new(await grid.ReadSingleOrDefaultAsync<PackageBook.Row>(), await grid.ReadSingleAsync<int>(),
            (await grid.ReadAsync<FreezeRow>()).ToList(), (await grid.ReadAsync<SessionRow>()).ToList());

    /// <summary>The decision of <see cref="CourseAsync"/> on what it read.</summary>
    public static (Refusal? Refusal, CourseDays? Days) Course(CourseFacts facts, SalonOptions salon, Guid clientId,
        ServiceSpec service, DateTimeOffset now)
    {
        var package = facts.Package;
        if (package is null || package.ClientId != clientId) return (Refusal.NotFound("Package"), null);
        var zone = salon.Zone();
        switch (package.EffectiveStatus(SlotFinder.LocalDate(now, zone)))
        {
            case "refunded": return (new Refusal(RefusalKind.BusinessRule, "package-refunded",
                "The package has been refunded"), null);
            case not "active": return (CourseDays.Expired, null);
        }
        var covered = package.ServiceId is { } only ? only == service.Id : package.ServiceKind == service.Kind;
        if (!covered) return (new Refusal(RefusalKind.BusinessRule, "package-not-covering",
            "The package does not cover this service"), null);

        if (package.SessionCount - package.SessionsUsed - facts.Booked <= 0) return (Exhausted, null);

        // Valid from the first visit and none given yet: the course's sessions must still fit in its validity, counted
        // from the earliest.
        var span = package.ValidityFrom == "first_visit"
            && package.ExpiresOn is null ? package.ValidityDays + package.FreezeDaysUsed : (int?)null;
        return (null, new CourseDays(StoredDate.ParseOrNull(package.ExpiresOn), span,
            facts.Freezes.Select(f => (StoredDate.Parse(f.FromDate), StoredDate.Parse(f.ToDate))).ToList(),
            facts.Others.Select(o => SlotFinder.LocalDate(o.StartsAt, zone)).ToList(), package.MinDaysBetween));
    }

    /// <summary>
    /// Uses one session of the booking's package: redeemed at completion, or burned by a no-show or late cancellation
    /// where the client accepted that policy. The conditional update is the guard: remaining sessions never go below
    /// zero.
    /// </summary>
    public static async Task<Refusal?> UseAsync(DbSession db, SalonOptions salon, CurrentUser user, Guid bookingId,
        string kind, DateTimeOffset now, CancellationToken ct)
    {
        var booking = await db.QuerySingleOrDefaultAsync<BookingRow>("""
            SELECT b.package_id, b.client_id, b.starts_at, s.name AS service_name FROM bookings b JOIN services s ON s.id = b.service_id WHERE b.id = @bookingId
            """, new { bookingId }, ct);
        if (booking?.PackageId is not { } packageId) return null;
        var package = (await PackageBook.RowAsync(db, packageId, ct))!;
        if (kind == "burned" && !package.Burns) return null;

        var used = await db.ExecuteAsync(
            "UPDATE packages SET sessions_used = sessions_used + 1, version = version + 1 WHERE id = @packageId AND sessions_used < session_count",
            new { packageId }, ct);
        if (used == 0) return Exhausted;

        // Read back under the row lock the update took: a concurrent use or freeze may have changed the row since the
        // first read.
        package = (await PackageBook.RowAsync(db, packageId, ct))!;
        var number = package.SessionsUsed;
        var price = new Kopecks(package.PriceKopecks);
        var value = PackageValuation.SessionValue(price, package.SessionCount, number);
        var zone = salon.Zone();
        var visitDay = SlotFinder.LocalDate(booking.StartsAt, zone);
        await db.ExecuteAsync("""
            INSERT INTO package_redemptions (id, package_id, booking_id, kind, session_number, value_kopecks, at, local_date)
            VALUES (@id, @packageId, @bookingId, @kind, @number, @value, @now, @day)
            """, new { id = Guid.CreateVersion7(), packageId, bookingId, kind, number, value = value.Value, now, day = SlotFinder.LocalDate(now, zone) }, ct);

        if (package.ValidityFrom == "first_visit" && package.ExpiresOn is null)
            await db.ExecuteAsync("UPDATE packages SET valid_from = @from, expires_on = @until WHERE id = @packageId AND expires_on IS NULL",
                new { from = visitDay,
                    until = visitDay.AddDays(package.ValidityDays - 1 + package.FreezeDaysUsed), packageId }, ct);

        var label = kind == "redeemed" ? "сеанс" : "сеанс списан (неявка или поздняя отмена)";
        await ReceiptBook.WriteAsync(db, salon, ReceiptOperation.Income,
            kind == "redeemed" ? "package_redemption" : "package_burn", booking.ClientId, now,
            Kopecks.Zero, Kopecks.Zero,
            [($"{booking.ServiceName} (абонемент «{package.Name}», {label} {number} из {package.SessionCount})", value,
                PaymentMethodTag.FullPayment, value)], ct,
            new ReceiptLinks(BookingId: bookingId, PackageId: packageId));
        return null;
    }

    /// <summary>The salon-local days a session of the course may fall on: within validity, outside freezes, keeping the
    /// cadence.</summary>
    internal sealed class CourseDays(DateOnly? lastDay, int? validDaysFromFirst, IReadOnlyList<(DateOnly From,
        DateOnly To)> freezes,
        IReadOnlyList<DateOnly> sessions, int minDaysBetween)
    {
        public static readonly Refusal Expired = new(RefusalKind.BusinessRule, "package-expired",
            "The package is not valid on that date");

        public Refusal? Check(DateOnly date)
        {
            if (lastDay is { } last && date > last) return Expired;
            if (validDaysFromFirst is { } span && sessions.Count > 0
                && Math.Max(date.DayNumber, sessions.Max().DayNumber) - Math.Min(date.DayNumber,
                    sessions.Min().DayNumber) >= span)
                return Expired;
            if (freezes.Any(f => f.From <= date && date <= f.To))
                return new Refusal(RefusalKind.BusinessRule, "package-frozen", "The package is frozen on that date");
            if (!CourseCadence.Fits(date, sessions, minDaysBetween))
                return new Refusal(RefusalKind.BusinessRule, "course-cadence",
                    "Too close to another session of the course",
                    $"Sessions of this course are at least {minDaysBetween} days apart.");
            return null;
        }
    }

    internal sealed record FreezeRow
    {
        public string FromDate { get; init; } = "";
        public string ToDate { get; init; } = "";
    }

    internal sealed record SessionRow
    {
        public Guid Id { get; init; }
        public DateTimeOffset StartsAt { get; init; }
    }

    private sealed record BookingRow
    {
        public Guid? PackageId { get; init; }
        public Guid ClientId { get; init; }
        public DateTimeOffset StartsAt { get; init; }
        public string ServiceName { get; init; } = "";
    }
}
