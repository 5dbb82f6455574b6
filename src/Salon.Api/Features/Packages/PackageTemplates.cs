using Mediator;
using Salon.Api.Infrastructure.Http;
using Salon.Api.Infrastructure.Data;
using Salon.Domain;

namespace Salon.Api.Features.Packages;

public enum ValidityFrom
{
    Purchase,
    FirstVisit,
}

public enum ServiceFamily
{
    Manual,
    Hardware,
}

public sealed record TemplateResponse
{
    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    public Guid? ServiceId { get; init; }
    public ServiceFamily? ServiceKind { get; init; }
    public int SessionCount { get; init; }
    public decimal Price { get; init; }
    public int ValidityDays { get; init; }
    public ValidityFrom ValidityFrom { get; init; }
    public int MinDaysBetween { get; init; }
    public int FreezeDays { get; init; }
    public RefundMethod RefundMethod { get; init; }
    public bool LateCancelBurns { get; init; }
    public bool Active { get; init; }
}

/// <summary>
/// A course on sale: the service (or the whole manual or hardware family) it covers, sessions, price, validity,
/// cadence ("every other day" = at least 2 days apart), freeze allowance, refund method and late-cancellation policy.
/// </summary>
public sealed record CreateTemplate(string Name, int SessionCount, decimal Price, int ValidityDays, int MinDaysBetween,
    int FreezeDays,
    Guid? ServiceId = null, ServiceFamily? ServiceKind = null, ValidityFrom ValidityFrom = ValidityFrom.Purchase,
    RefundMethod RefundMethod = RefundMethod.ProRata, bool LateCancelBurns = true) : ICommand<Result<TemplateResponse>>, IValidate
{
    public void Validate(ValidationErrors errors)
    {
        errors.Required("name", Name, 100).Range("sessionCount", SessionCount, 1, 100).Rubles("price", Price)
            .Range("validityDays", ValidityDays, 1, 1000).Range("minDaysBetween", MinDaysBetween, 0,
                30).Range("freezeDays", FreezeDays, 0, 365);
        if (ServiceId.HasValue == ServiceKind.HasValue) errors.Add("serviceId",
            "name either a service or a service kind (manual, hardware)");
    }

    internal sealed class Handler(DbSession db,
        TimeProvider clock) : ICommandHandler<CreateTemplate, Result<TemplateResponse>>
    {
        public async ValueTask<Result<TemplateResponse>> Handle(CreateTemplate command, CancellationToken ct)
        {
            if (command.ServiceId is { } serviceId
                && await db.ScalarAsync<int>("SELECT COUNT(*) FROM services WHERE id = @serviceId", new { serviceId },
                ct) == 0)
                return Refusal.NotFound("Service");
            var id = Guid.CreateVersion7();
            Kopecks.TryFromRubles(command.Price, out var price);
            try
            {
                await db.ExecuteAsync("""
                    INSERT INTO package_templates (id, name, service_id, service_kind, session_count, price_kopecks, validity_days, validity_from,
                        min_days_between, freeze_days, refund_method, late_cancel_burns, active, created_at)
                    VALUES (@id, @name, @serviceId, @serviceKind, @sessionCount, @price, @validityDays, @validityFrom,
                        @minDaysBetween, @freezeDays, @refundMethod, @lateCancelBurns, @active, @now)
                    """, new
                {
                    id, name = command.Name.Trim(), command.ServiceId, command.ServiceKind,
                    command.SessionCount, price = price.Value, command.ValidityDays, command.ValidityFrom,
                    command.MinDaysBetween, command.FreezeDays, command.RefundMethod, command.LateCancelBurns,
                    active = true, now = clock.GetUtcNow(),
                }, ct);
            }
            catch (Exception ex) when (db.Dialect.IsUniqueViolation(ex))
            {
                return new Refusal(RefusalKind.Conflict, "template-name-taken", "Another package has this name");
            }
            return (await ListTemplates.ReadAsync(db, id, ct))!;
        }
    }
}

public sealed record ListTemplates : IQuery<IReadOnlyList<TemplateResponse>>
{
    internal sealed class Handler(DbSession db) : IQueryHandler<ListTemplates, IReadOnlyList<TemplateResponse>>
    {
        public async ValueTask<IReadOnlyList<TemplateResponse>> Handle(ListTemplates query, CancellationToken ct) =>
            (await db.QueryAsync<Row>($"{Select} ORDER BY name", null, ct)).Select(r => r.ToResponse()).ToList();
    }

    private const string Select = """
        SELECT id, name, service_id, service_kind, session_count, price_kopecks, validity_days, validity_from, min_days_between, freeze_days,
               refund_method, late_cancel_burns, active
        FROM package_templates
        """;

    internal static async Task<TemplateResponse?> ReadAsync(DbSession db, Guid id, CancellationToken ct) =>
        (await db.QuerySingleOrDefaultAsync<Row>($"{Select} WHERE id = @id", new { id }, ct))?.ToResponse();

    internal sealed record Row
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public Guid? ServiceId { get; init; }
        public string? ServiceKind { get; init; }
        public int SessionCount { get; init; }
        public long PriceKopecks { get; init; }
        public int ValidityDays { get; init; }
        public string ValidityFrom { get; init; } = "";
        public int MinDaysBetween { get; init; }
        public int FreezeDays { get; init; }
        public string RefundMethod { get; init; } = "";
        public bool LateCancelBurns { get; init; }
        public bool Active { get; init; }

        public TemplateResponse ToResponse() => new()
        {
            Id = Id, Name = Name, ServiceId = ServiceId, ServiceKind = ServiceKind is null ? null : Enums.Parse<ServiceFamily>(ServiceKind),
            SessionCount = SessionCount, Price = new Kopecks(PriceKopecks).ToRubles(), ValidityDays = ValidityDays,
            ValidityFrom = Enums.Parse<ValidityFrom>(ValidityFrom), MinDaysBetween = MinDaysBetween, FreezeDays = FreezeDays,
            RefundMethod = Enums.Parse<RefundMethod>(RefundMethod), LateCancelBurns = LateCancelBurns, Active = Active,
        };
    }
}
