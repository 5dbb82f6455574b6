using Salon.Api.Infrastructure.Data;
using Salon.Domain;

namespace Salon.Api.Features.Catalog;

/// <summary>Service rows in and out, shared by the service commands and queries.</summary>
internal static class ServiceCatalog
{
    public static readonly Refusal NameTaken = new(RefusalKind.Conflict, "service-name-taken",
        "Another service has this name");

    // The price in force at @at is the one with the latest effective_from not after it; portable SQL, no TOP/LIMIT.
    private const string Select = """
        SELECT s.id, s.name, s.kind, s.screening_kind, s.duration_minutes, s.buffer_minutes, s.device_type, s.required_skill,
               s.active, s.version, p.amount_kopecks AS price_kopecks
        FROM services s
        LEFT JOIN service_prices p ON p.service_id = s.id AND p.effective_from = (
            SELECT MAX(p2.effective_from) FROM service_prices p2 WHERE p2.service_id = s.id AND p2.effective_from <= @at)
        """;

    /// <summary>The price of @serviceId in force at @at: the latest effective_from not after it.</summary>
    public const string PriceInForce = """
        SELECT p.amount_kopecks FROM service_prices p
        WHERE p.service_id = @serviceId AND p.effective_from = (
            SELECT MAX(p2.effective_from) FROM service_prices p2 WHERE p2.service_id = @serviceId AND p2.effective_from <= @at)
        """;

    public static object Row(ServiceDefinition d, Guid id, bool active, DateTimeOffset now) => new
    {
        id,
        name = d.Name.Trim(),
        d.Kind,
        d.ScreeningKind,
        d.DurationMinutes,
        d.BufferMinutes,
        deviceType = d.Kind == ServiceKind.Hardware ? d.DeviceType : null,
        d.RequiredSkill,
        active,
        now,
    };

    public static async Task<ServiceResponse?> ReadAsync(DbSession db, Guid id, DateTimeOffset at,
        CancellationToken ct) =>
        (await ReadManyAsync(db, "WHERE s.id = @id", id, at, ct)).SingleOrDefault();

    public static async Task<IReadOnlyList<ServiceResponse>> ReadManyAsync(DbSession db, string where, Guid? id,
        DateTimeOffset at, CancellationToken ct,
        int skip = 0, int? take = null)
    {
        var page = take is null ? "" : db.Dialect.Page;
        var rows = await db.QueryAsync<ServiceRow>($"{Select} {where} ORDER BY s.name, s.id {page}", new { id, at,
            active = true, skip, take }, ct);
        return rows.Select(r => new ServiceResponse(r.Id, r.Name, Enums.Parse<ServiceKind>(r.Kind),
            Codes.ParseScreeningKind(r.ScreeningKind),
            r.DurationMinutes, r.BufferMinutes, r.DeviceType, r.RequiredSkill, r.Active,
            r.PriceKopecks is { } k ? new Kopecks(k).ToRubles() : null, r.Version)).ToList();
    }

    public static async Task<bool> ExistsAsync(DbSession db, Guid id, CancellationToken ct) =>
        await db.ScalarAsync<int>("SELECT COUNT(*) FROM services WHERE id = @id", new { id }, ct) > 0;

    public static Task<int> InsertPriceAsync(DbSession db, Guid serviceId, Kopecks amount, DateTimeOffset effectiveFrom,
        DateTimeOffset now, Guid? by, CancellationToken ct) =>
        db.ExecuteAsync("""
            INSERT INTO service_prices (id, service_id, amount_kopecks, effective_from, created_at, created_by)
            VALUES (@id, @serviceId, @amount, @effectiveFrom, @now, @by)
            """, new { id = Guid.CreateVersion7(), serviceId, amount = amount.Value, effectiveFrom, now, by }, ct);

    private sealed record ServiceRow
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public string Kind { get; init; } = "";
        public string ScreeningKind { get; init; } = "";
        public int DurationMinutes { get; init; }
        public int BufferMinutes { get; init; }
        public string? DeviceType { get; init; }
        public string RequiredSkill { get; init; } = "";
        public bool Active { get; init; }
        public long Version { get; init; }
        public long? PriceKopecks { get; init; }
    }
}
