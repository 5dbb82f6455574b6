using Salon.Api.Infrastructure.Behaviors;
using Mediator;
using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Screening;

public sealed record ScreeningAnswersResponse(Guid Id, Guid ClientId, DateTimeOffset SubmittedAt,
    DateTimeOffset ValidUntil, string Channel,
    IReadOnlyDictionary<string, bool> Answers);

/// <summary>The raw answers of the client's current screening: the client and the admin only; every read is
/// audited.</summary>
public sealed record GetScreeningAnswers(Guid ClientId) : IQuery<Result<ScreeningAnswersResponse>>, IClientScoped
{
    Guid? IClientScoped.ScopedClientId => ClientId;
    string IClientScoped.ForeignClientTitle
        => "Health answers and clearances are read only by the client and the admin";

    internal sealed class Handler(DbSession db, SalonOptions salon, TimeProvider clock,
        CurrentUser user) : IQueryHandler<GetScreeningAnswers, Result<ScreeningAnswersResponse>>
    {
        public async ValueTask<Result<ScreeningAnswersResponse>> Handle(GetScreeningAnswers query, CancellationToken ct)
        {
            if (HealthRecords.MayReadRaw(user, query.ClientId) is { } denied) return denied;
            var now = clock.GetUtcNow();
            var screening = await db.QuerySingleOrDefaultAsync<Row>($"""
                SELECT id, submitted_at, valid_until, channel FROM screenings WHERE client_id = @clientId AND superseded_at IS NULL
                ORDER BY submitted_at DESC {db.Dialect.Page}
                """, new { query.ClientId, skip = 0, take = 1 }, ct);
            await HealthRecords.AuditAsync(db, user, query.ClientId, "screening_answers", screening?.Id, now, ct);
            if (await HealthRecords.ProcessingStoppedAsync(db, query.ClientId,
                ct)) return HealthRecords.ProcessingStopped;
            if (screening is null) return Refusal.NotFound("Screening");
            var answers = await db.QueryAsync<AnswerRow>(
                "SELECT question_code, answer FROM screening_answers WHERE screening_id = @id ORDER BY question_code", new { screening.Id }, ct);
            var zone = salon.Zone();
            return new ScreeningAnswersResponse(screening.Id, query.ClientId,
                TimeZoneInfo.ConvertTime(screening.SubmittedAt, zone),
                TimeZoneInfo.ConvertTime(screening.ValidUntil, zone), screening.Channel, answers.ToDictionary(a
                    => a.QuestionCode, a => a.Answer));
        }
    }

    private sealed record Row
    {
        public Guid Id { get; init; }
        public DateTimeOffset SubmittedAt { get; init; }
        public DateTimeOffset ValidUntil { get; init; }
        public string Channel { get; init; } = "";
    }

    private sealed record AnswerRow
    {
        public string QuestionCode { get; init; } = "";
        public bool Answer { get; init; }
    }
}

/// <summary>Outcome per service kind: the front desk and the admin for anyone, a client for themself.</summary>
public sealed record GetScreeningOutcome(Guid ClientId) : IQuery<Result<ScreeningOutcomeResponse>>, IClientScoped
{
    Guid? IClientScoped.ScopedClientId => ClientId;
    string IClientScoped.ForeignClientTitle => "This screening outcome is not yours to read";

    internal sealed class Handler(DbSession db, SalonOptions salon, TimeProvider clock,
        CurrentUser user) : IQueryHandler<GetScreeningOutcome, Result<ScreeningOutcomeResponse>>
    {
        public async ValueTask<Result<ScreeningOutcomeResponse>> Handle(GetScreeningOutcome query, CancellationToken ct)
        {
            if (HealthRecords.MayReadOutcome(user, query.ClientId) is { } denied) return denied;
            if (await db.ScalarAsync<int>("SELECT COUNT(*) FROM clients WHERE id = @clientId", new { query.ClientId },
                ct) == 0)
                return Refusal.NotFound("Client");
            var withCodes = HealthRecords.SeesCodes(user, query.ClientId);
            if (user.Role == Roles.Admin)
                await HealthRecords.AuditAsync(db, user, query.ClientId, "screening_outcome", null, clock.GetUtcNow(),
                    ct);
            return await HealthRecords.OutcomeAsync(db, query.ClientId, salon, clock.GetUtcNow(), withCodes, ct);
        }
    }
}

/// <summary>A warning in plain words: the question's text, its code alongside for the record.</summary>
public sealed record ScreeningWarning(string Code, string Text);

/// <summary>A day-of answer given at check-in, in plain words.</summary>
public sealed record DayOfAnswer(string Code, string Text, bool Answer);

/// <summary>What the therapist reads before a visit of their own client (DESIGN.md, "Who sees what").</summary>
/// <param name="Warnings">W answers, R answers a clearance lifts, and D answers from the screening, as the question
/// text.</param>
/// <param name="Restrictions">The restrictions written on the clearances the visit rests on.</param>
/// <param name="DayOfAnswers">What the client said at check-in, when checked in.</param>
public sealed record BookingScreeningResponse(Guid BookingId, string Kind, OutcomeStatus Status,
    IReadOnlyList<ScreeningWarning> Warnings,
    IReadOnlyList<string> Restrictions, IReadOnlyList<DayOfAnswer> DayOfAnswers, bool HasValidScreening,
        bool ScreeningDue);

/// <summary>
/// What the therapist sees for a visit: the outcome for the booked kind, warnings in plain words, the clearance's
/// restrictions and the day-of answers; for their own visits only. The front desk sees the outcome without conditions.
/// </summary>
public sealed record GetBookingScreening(Guid BookingId) : IQuery<Result<BookingScreeningResponse>>
{
    internal sealed class Handler(DbSession db, SalonOptions salon, TimeProvider clock,
        CurrentUser user) : IQueryHandler<GetBookingScreening, Result<BookingScreeningResponse>>
    {
        public async ValueTask<Result<BookingScreeningResponse>> Handle(GetBookingScreening query, CancellationToken ct)
        {
            var booking = await db.QuerySingleOrDefaultAsync<Row>("""
                SELECT b.client_id, b.therapist_id, b.starts_at, s.screening_kind FROM bookings b JOIN services s ON s.id = b.service_id WHERE b.id = @bookingId
                """, new { query.BookingId }, ct);
            if (booking is null || (user.Role == Roles.Therapist && booking.TherapistId != user.TherapistId)
                                || !user.MayActFor(booking.ClientId))
                return Refusal.NotFound("Booking");

            var kind = Enum.Parse<ScreeningKindCode>(booking.ScreeningKind);
            var view = await TherapistView.ForVisitAsync(db, salon, clock.GetUtcNow(), query.BookingId,
                booking.ClientId, kind, booking.StartsAt, ct);
            var plain = user.Role is Roles.Therapist or Roles.Admin || user.Role == Roles.Client;
            if (view is null)
                return new BookingScreeningResponse(query.BookingId, kind.ToString(), OutcomeStatus.Blocked, [], [],
                    [], false,
                    await HealthRecords.HadScreeningAsync(db, booking.ClientId, ct));
            if (user.Role == Roles.Admin)
                await HealthRecords.AuditAsync(db, user, booking.ClientId, "visit_screening", query.BookingId,
                    clock.GetUtcNow(), ct);
            return plain
                ? view with { BookingId = query.BookingId }
                : view with { Warnings = [], Restrictions = [], DayOfAnswers = [] };
        }
    }

    private sealed record Row
    {
        public Guid ClientId { get; init; }
        public Guid TherapistId { get; init; }
        public DateTimeOffset StartsAt { get; init; }
        public string ScreeningKind { get; init; } = "";
    }
}
