using System.Text.Json;
using System.Text.Json.Serialization;
using Salon.Api.Features.Availability;

namespace Salon.Api.Features.Bookings;

/// <summary>
/// Serialization metadata generated at build time for the answers written most often (availability, bookings), so that
/// they are not described by reflection; every other type still is. The options' converters and naming apply as before.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AvailabilityResponse))]
[JsonSerializable(typeof(CompactAvailabilityResponse))]
[JsonSerializable(typeof(BookingResponse))]
internal sealed partial class HotJson : JsonSerializerContext
{
    /// <summary>Puts the generated metadata ahead of reflection for the HTTP answers.</summary>
    public static void Register(IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, Default));
}
