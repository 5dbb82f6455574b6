using Mediator;
using Salon.Api.Infrastructure.Data;
using Salon.Domain;

namespace Salon.Api.Features.Clients;

public sealed record GetClient(Guid Id) : IQuery<Result<ClientResponse>>
{
    internal sealed class Handler(DbSession db) : IQueryHandler<GetClient, Result<ClientResponse>>
    {
        public async ValueTask<Result<ClientResponse>> Handle(GetClient query, CancellationToken ct) =>
            await ClientReader.ReadAsync(db, query.Id, ct) is { } client ? client : Refusal.NotFound("Client");
    }
}
