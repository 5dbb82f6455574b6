using Mediator;
using Salon.Api.Infrastructure.Behaviors;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Clients;

/// <summary>How the client gave consent to processing their personal data (152-FZ); required before anything is
/// stored.</summary>
public sealed record ConsentGiven(ConsentChannel Channel);

public sealed record RegisterClient(
    string FirstName,
    string LastName,
    string Phone,
    ConsentGiven PersonalDataConsent,
    string? MiddleName = null,
    string? Email = null,
    DateOnly? BirthDate = null,
    string? Notes = null) : ICommand<Result<ClientResponse>>, IValidate, IClientDetails
{
    public void Validate(ValidationErrors errors) => ClientDetails.Validate(this, errors);

    internal sealed class Handler(DbSession db, TimeProvider clock,
        CurrentUser user) : ICommandHandler<RegisterClient, Result<ClientResponse>>
    {
        private const string InsertClient = """
            INSERT INTO clients (id, first_name, last_name, middle_name, phone, email, birth_date, notes, search_name, version, created_at, updated_at)
            VALUES (@id, @firstName, @lastName, @middleName, @phone, @email, @birthDate, @notes, @searchName, 1, @now, @now)
            """;

        public async ValueTask<Result<ClientResponse>> Handle(RegisterClient command, CancellationToken ct)
        {
            var id = Guid.CreateVersion7();
            var now = clock.GetUtcNow();
            try
            {
                await db.ExecuteAsync(InsertClient, ClientDetails.Row(command, id, now), ct);
            }
            catch (Exception ex) when (db.Dialect.IsUniqueViolation(ex))
            {
                return ClientDetails.PhoneTaken;
            }
            await RecordConsent.InsertAsync(db, id, ConsentKind.PersonalData, command.PersonalDataConsent.Channel, now,
                user.Id, ct);
            return (await ClientReader.ReadAsync(db, id, ct))!;
        }
    }
}
