using Mediator;
using Salon.Api.Infrastructure.Http;
using Salon.Api.Infrastructure.Data;
using Salon.Domain;

namespace Salon.Api.Features.Clients;

public sealed record ClientChanges(
    string FirstName,
    string LastName,
    string Phone,
    string? MiddleName = null,
    string? Email = null,
    DateOnly? BirthDate = null,
    string? Notes = null) : IClientDetails;

/// <summary>Replaces a client's details if the caller saw the current version (If-Match), else 412.</summary>
public sealed record UpdateClient(Guid Id, long ExpectedVersion,
    ClientChanges Changes) : ICommand<Result<ClientResponse>>, IValidate
{
    public void Validate(ValidationErrors errors) => ClientDetails.Validate(Changes, errors);

    internal sealed class Handler(DbSession db,
        TimeProvider clock) : ICommandHandler<UpdateClient, Result<ClientResponse>>
    {
        private const string Update = """
            UPDATE clients SET first_name = @firstName, last_name = @lastName, middle_name = @middleName, phone = @phone,
                email = @email, birth_date = @birthDate, notes = @notes, search_name = @searchName,
                version = version + 1, updated_at = @now
            WHERE id = @id AND version = @expectedVersion
            """;

        public async ValueTask<Result<ClientResponse>> Handle(UpdateClient command, CancellationToken ct)
        {
            if (await VersionedUpdate.RunAsync(db, Update, ClientDetails.Row(command.Changes, command.Id,
                clock.GetUtcNow()), command.ExpectedVersion,
                    "clients", command.Id, "Client", ClientDetails.PhoneTaken, ct) is { } refused)
                return refused;
            return (await ClientReader.ReadAsync(db, command.Id, ct))!;
        }
    }
}
