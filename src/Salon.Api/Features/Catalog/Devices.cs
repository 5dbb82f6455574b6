using Mediator;
using Salon.Api.Infrastructure.Http;
using Salon.Api.Infrastructure.Data;
using Salon.Domain;

namespace Salon.Api.Features.Catalog;

public sealed record MaintenanceWindow(Guid Id, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Reason);

public sealed record DeviceResponse(Guid Id, string DeviceType, string UnitName, bool Active,
    IReadOnlyList<MaintenanceWindow> Maintenance);

public sealed record CreateDevice(string DeviceType, string UnitName) : ICommand<Result<DeviceResponse>>, IValidate
{
    public void Validate(ValidationErrors errors) => errors.Code("deviceType", DeviceType).Required("unitName",
        UnitName, 100);

    internal sealed class Handler(DbSession db,
        TimeProvider clock) : ICommandHandler<CreateDevice, Result<DeviceResponse>>
    {
        public async ValueTask<Result<DeviceResponse>> Handle(CreateDevice command, CancellationToken ct)
        {
            var id = Guid.CreateVersion7();
            try
            {
                await db.ExecuteAsync("""
                    INSERT INTO devices (id, device_type, unit_name, active, created_at) VALUES (@id, @deviceType, @unitName, @active, @now)
                    """, new { id, command.DeviceType, unitName = command.UnitName.Trim(), active = true, now = clock.GetUtcNow() }, ct);
            }
            catch (Exception ex) when (db.Dialect.IsUniqueViolation(ex))
            {
                return new Refusal(RefusalKind.Conflict, "device-unit-taken",
                    "A unit of this type already has this name");
            }
            return (await DeviceReader.ReadAsync(db, id, ct))!;
        }
    }
}

public sealed record GetDevice(Guid Id) : IQuery<Result<DeviceResponse>>
{
    internal sealed class Handler(DbSession db) : IQueryHandler<GetDevice, Result<DeviceResponse>>
    {
        public async ValueTask<Result<DeviceResponse>> Handle(GetDevice query, CancellationToken ct) =>
            await DeviceReader.ReadAsync(db, query.Id, ct) is { } device ? device : Refusal.NotFound("Device");
    }
}

public sealed record ListDevices(string? DeviceType) : IQuery<IReadOnlyList<DeviceResponse>>
{
    internal sealed class Handler(DbSession db) : IQueryHandler<ListDevices, IReadOnlyList<DeviceResponse>>
    {
        public async ValueTask<IReadOnlyList<DeviceResponse>> Handle(ListDevices query, CancellationToken ct)
        {
            var where = query.DeviceType is null ? "" : "WHERE device_type = @deviceType";
            var ids = await db.QueryAsync<Guid>($"SELECT id FROM devices {where} ORDER BY device_type, unit_name",
                new { query.DeviceType }, ct);
            var devices = new List<DeviceResponse>(ids.Count);
            foreach (var id in ids)
                devices.Add((await DeviceReader.ReadAsync(db, id, ct))!);
            return devices;
        }
    }
}

/// <summary>Takes a unit out of service for a window; availability skips it then.</summary>
public sealed record AddMaintenance(Guid DeviceId, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    string? Reason) : ICommand<Result<DeviceResponse>>, IValidate
{
    public void Validate(ValidationErrors errors)
    {
        errors.Optional("reason", Reason, 500);
        if (EndsAt <= StartsAt) errors.Add("endsAt", "must be after startsAt");
        else if (EndsAt - StartsAt > TimeSpan.FromDays(366)) errors.Add("endsAt", "a window is at most a year");
    }

    internal sealed class Handler(DbSession db) : ICommandHandler<AddMaintenance, Result<DeviceResponse>>
    {
        public async ValueTask<Result<DeviceResponse>> Handle(AddMaintenance command, CancellationToken ct)
        {
            if (await db.ScalarAsync<int>("SELECT COUNT(*) FROM devices WHERE id = @deviceId", new { command.DeviceId },
                ct) == 0)
                return Refusal.NotFound("Device");
            await db.ExecuteAsync("""
                INSERT INTO device_maintenance (id, device_id, starts_at, ends_at, reason) VALUES (@id, @deviceId, @startsAt, @endsAt, @reason)
                """, new { id = Guid.CreateVersion7(), command.DeviceId, command.StartsAt, command.EndsAt, command.Reason }, ct);
            return (await DeviceReader.ReadAsync(db, command.DeviceId, ct))!;
        }
    }
}

public sealed record RemoveMaintenance(Guid DeviceId, Guid WindowId) : ICommand<Result<DeviceResponse>>
{
    internal sealed class Handler(DbSession db) : ICommandHandler<RemoveMaintenance, Result<DeviceResponse>>
    {
        public async ValueTask<Result<DeviceResponse>> Handle(RemoveMaintenance command, CancellationToken ct)
        {
            var removed = await db.ExecuteAsync("DELETE FROM device_maintenance WHERE id = @windowId AND device_id = @deviceId",
                new { command.WindowId, command.DeviceId }, ct);
            return removed == 0 ? Refusal.NotFound("Maintenance window") : (await DeviceReader.ReadAsync(db,
                command.DeviceId, ct))!;
        }
    }
}

internal static class DeviceReader
{
    public static async Task<DeviceResponse?> ReadAsync(DbSession db, Guid id, CancellationToken ct)
    {
        var device = await db.QuerySingleOrDefaultAsync<DeviceRow>("SELECT id, device_type, unit_name, active FROM devices WHERE id = @id", new { id }, ct);
        if (device is null) return null;
        var windows = await db.QueryAsync<WindowRow>(
            "SELECT id, starts_at, ends_at, reason FROM device_maintenance WHERE device_id = @id ORDER BY starts_at", new { id }, ct);
        return new DeviceResponse(device.Id, device.DeviceType, device.UnitName, device.Active,
            windows.Select(w => new MaintenanceWindow(w.Id, w.StartsAt, w.EndsAt, w.Reason)).ToList());
    }

    private sealed record DeviceRow
    {
        public Guid Id { get; init; }
        public string DeviceType { get; init; } = "";
        public string UnitName { get; init; } = "";
        public bool Active { get; init; }
    }

    private sealed record WindowRow
    {
        public Guid Id { get; init; }
        public DateTimeOffset StartsAt { get; init; }
        public DateTimeOffset EndsAt { get; init; }
        public string? Reason { get; init; }
    }
}
