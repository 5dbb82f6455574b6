namespace Salon.Api.Features.Shared;

/// <summary>A service as the booking rules need it.</summary>
public sealed record ServiceSpec
{
    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    public int DurationMinutes { get; init; }
    public int BufferMinutes { get; init; }
    public string RequiredSkill { get; init; } = "";
    public string? DeviceType { get; init; }
    public string ScreeningKind { get; init; } = "";
    public string Kind { get; init; } = "";
    public bool Active { get; init; }
    public TimeSpan Duration => TimeSpan.FromMinutes(DurationMinutes);
    public TimeSpan Buffer => TimeSpan.FromMinutes(BufferMinutes);
}

/// <summary>Something a booking names by id and display name: its service, its therapist, its device unit.</summary>
public sealed record NamedRef(Guid Id, string Name);
