namespace Salon.Api.Features.Shared;

/// <summary>How money changes hands at the desk.</summary>
public enum PayMethod
{
    Cash,
    Card,
}
