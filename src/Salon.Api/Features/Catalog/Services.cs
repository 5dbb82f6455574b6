using Mediator;
using Salon.Api.Infrastructure.Behaviors;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;
using Salon.Domain;

namespace Salon.Api.Features.Catalog;

public sealed record ServiceResponse(
    Guid Id,
    string Name,
    ServiceKind Kind,
    ScreeningKind ScreeningKind,
    int DurationMinutes,
    int BufferMinutes,
    string? DeviceType,
    string RequiredSkill,
    bool Active,
    decimal? CurrentPrice,
    long Version);

public sealed record ServiceDefinition(
    string Name,
    ServiceKind Kind,
    ScreeningKind ScreeningKind,
    int DurationMinutes,
    int BufferMinutes,
    string RequiredSkill,
    string? DeviceType)
{
    public void Validate(ValidationErrors errors)
    {
        errors.Required("name", Name, 100).Range("durationMinutes", DurationMinutes, 5, 480).Range("bufferMinutes",
            BufferMinutes, 0, 240)
            .Code("requiredSkill", RequiredSkill);
        if (Kind == ServiceKind.Hardware) errors.Code("deviceType", DeviceType);
        else if (DeviceType is not null) errors.Add("deviceType", "only hardware services occupy a device");
    }
}

/// <summary>Adds a service with its first price, in force from now.</summary>
public sealed record CreateService(
    string Name,
    ServiceKind Kind,
    ScreeningKind ScreeningKind,
    int DurationMinutes,
    int BufferMinutes,
    string RequiredSkill,
    decimal Price,
    string? DeviceType = null) : ICommand<Result<ServiceResponse>>, IValidate
{
    public ServiceDefinition Definition => new(Name, Kind, ScreeningKind, DurationMinutes, BufferMinutes, RequiredSkill,
        DeviceType);

    public void Validate(ValidationErrors errors)
    {
        Definition.Validate(errors);
        errors.Rubles("price", Price);
    }

    internal sealed class Handler(DbSession db, TimeProvider clock,
        Infrastructure.Http.CurrentUser user) : ICommandHandler<CreateService, Result<ServiceResponse>>
    {
        private const string Insert = """
            INSERT INTO services (id, name, kind, screening_kind, duration_minutes, buffer_minutes, device_type, required_skill, active, version, created_at)
            VALUES (@id, @name, @kind, @screeningKind, @durationMinutes, @bufferMinutes, @deviceType, @requiredSkill, @active, 1, @now)
            """;

        public async ValueTask<Result<ServiceResponse>> Handle(CreateService command, CancellationToken ct)
        {
            var id = Guid.CreateVersion7();
            var now = clock.GetUtcNow();
            try
            {
                await db.ExecuteAsync(Insert, ServiceCatalog.Row(command.Definition, id, true, now), ct);
            }
            catch (Exception ex) when (db.Dialect.IsUniqueViolation(ex))
            {
                return ServiceCatalog.NameTaken;
            }
            Kopecks.TryFromRubles(command.Price, out var price);
            await ServiceCatalog.InsertPriceAsync(db, id, price, now, now, user.Id, ct);
            return (await ServiceCatalog.ReadAsync(db, id, now, ct))!;
        }
    }
}

/// <summary>Changes a service's definition under If-Match; prices change through their own dated records.</summary>
public sealed record UpdateService(Guid Id, long ExpectedVersion, ServiceDefinition Definition,
    bool Active) : ICommand<Result<ServiceResponse>>, IValidate
{
    public void Validate(ValidationErrors errors) => Definition.Validate(errors);

    internal sealed class Handler(DbSession db,
        TimeProvider clock) : ICommandHandler<UpdateService, Result<ServiceResponse>>
    {
        private const string Update = """
            UPDATE services SET name = @name, kind = @kind, screening_kind = @screeningKind, duration_minutes = @durationMinutes,
                buffer_minutes = @bufferMinutes, device_type = @deviceType, required_skill = @requiredSkill, active = @active,
                version = version + 1
            WHERE id = @id AND version = @expectedVersion
            """;

        public async ValueTask<Result<ServiceResponse>> Handle(UpdateService command, CancellationToken ct)
        {
            var now = clock.GetUtcNow();
            if (await VersionedUpdate.RunAsync(db, Update, ServiceCatalog.Row(command.Definition, command.Id,
                command.Active, now), command.ExpectedVersion,
                    "services", command.Id, "Service", ServiceCatalog.NameTaken, ct) is { } refused)
                return refused;
            return (await ServiceCatalog.ReadAsync(db, command.Id, now, ct))!;
        }
    }
}

public sealed record GetService(Guid Id) : IQuery<Result<ServiceResponse>>
{
    internal sealed class Handler(DbSession db, TimeProvider clock) : IQueryHandler<GetService, Result<ServiceResponse>>
    {
        public async ValueTask<Result<ServiceResponse>> Handle(GetService query, CancellationToken ct) =>
            await ServiceCatalog.ReadAsync(db, query.Id, clock.GetUtcNow(),
                ct) is { } service ? service : Refusal.NotFound("Service");
    }
}

/// <summary>The services by name, a page at a time, in the same page shape as every other list.</summary>
public sealed record ListServices(bool IncludeInactive, int Page = 1,
    int PageSize = 20) : IQuery<Page<ServiceResponse>>, IValidate
{
    public void Validate(ValidationErrors errors) => Paging.Validate(errors, Page, PageSize);

    internal sealed class Handler(DbSession db, TimeProvider clock) : IQueryHandler<ListServices, Page<ServiceResponse>>
    {
        public async ValueTask<Page<ServiceResponse>> Handle(ListServices query, CancellationToken ct)
        {
            var where = query.IncludeInactive ? "" : "WHERE s.active = @active";
            var total = await db.ScalarAsync<long>($"SELECT COUNT(*) FROM services s {where}", new { active = true },
                ct);
            var items = await ServiceCatalog.ReadManyAsync(db, where, null, clock.GetUtcNow(), ct,
                Paging.Skip(query.Page, query.PageSize), query.PageSize);
            return new Page<ServiceResponse>(items, query.Page, query.PageSize, total);
        }
    }
}
