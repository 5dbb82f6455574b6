using Mediator;
using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Bookings;

public sealed record GetBooking(Guid Id) : IQuery<Result<BookingResponse>>
{
    internal sealed class Handler(DbSession db, SalonOptions salon,
        CurrentUser user) : IQueryHandler<GetBooking, Result<BookingResponse>>
    {
        public async ValueTask<Result<BookingResponse>> Handle(GetBooking query, CancellationToken ct)
        {
            if (await BookingAccess.CheckAsync(db, user, query.Id, ct) is { } denied) return denied;
            return (await BookingReader.ReadAsync(db, query.Id, salon, ct))!;
        }
    }
}
