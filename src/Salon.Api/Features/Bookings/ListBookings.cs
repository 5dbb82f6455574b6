using Mediator;
using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Behaviors;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Bookings;

/// <summary>
/// Bookings by salon-local dates, therapist, client and status, in start order, a page at a time.
/// A client sees only their own; a therapist only their own schedule.
/// </summary>
public sealed record ListBookings(DateOnly? From, DateOnly? To, Guid? TherapistId, Guid? ClientId,
    BookingStatus? Status, int Page = 1, int PageSize = 50)
    : IQuery<Result<Page<BookingResponse>>>, IValidate, IClientScoped
{
    Guid? IClientScoped.ScopedClientId => ClientId;
    string IClientScoped.ForeignClientTitle => "A client lists only their own bookings";

    public void Validate(ValidationErrors errors)
    {
        Paging.Validate(errors, Page, PageSize);
        errors.Date("from", From).Date("to", To);
        if (From is { } f && To is { } t && t < f) errors.Add("to", "must not be before from");
    }

    internal sealed class Handler(DbSession db, SalonOptions salon,
        CurrentUser user) : IQueryHandler<ListBookings, Result<Page<BookingResponse>>>
    {
        public async ValueTask<Result<Page<BookingResponse>>> Handle(ListBookings query, CancellationToken ct)
        {
            var clientId = query.ClientId;
            var therapistId = query.TherapistId;
            clientId = user.ClientScope(clientId);
            if (user.Role == Roles.Therapist)
            {
                if (therapistId is not null && therapistId != user.TherapistId)
                    return new Refusal(RefusalKind.Forbidden, "forbidden", "A therapist lists only their own schedule");
                therapistId = user.TherapistId;
            }

            var zone = salon.Zone();
            var conditions = new List<string>();
            if (query.From is { } from) conditions.Add("b.starts_at >= @fromInstant");
            if (query.To is { } to) conditions.Add("b.starts_at < @toInstant");
            if (therapistId is not null) conditions.Add("b.therapist_id = @therapistId");
            if (clientId is not null) conditions.Add("b.client_id = @clientId");
            if (query.Status is not null) conditions.Add("b.status = @status");
            var where = conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions);
            var args = new
            {
                fromInstant = query.From is { } f ? SlotFinder.StartOfDay(f, zone) : (DateTimeOffset?)null,
                toInstant = query.To is { } t ? SlotFinder.StartOfDay(t.AddDays(1), zone) : (DateTimeOffset?)null,
                therapistId, clientId, status = query.Status,
                skip = Paging.Skip(query.Page, query.PageSize), take = query.PageSize,
            };

            var total = await db.ScalarAsync<long>($"SELECT COUNT(*) FROM bookings b {where}", args, ct);
            var rows = await db.QueryAsync<BookingReader.Row>($"{BookingReader.Select} {where} ORDER BY b.starts_at, b.id {db.Dialect.Page}", args, ct);
            return new Page<BookingResponse>(rows.Select(r => BookingReader.ToResponse(r, zone, null)).ToList(),
                query.Page, query.PageSize, total);
        }
    }
}
