using System.Text.Json;
using System.Text.Json.Serialization;
using Salon.Api.Features.Availability;
using Salon.Api.Features.Bookings;

namespace Salon.Api.Infrastructure.Http;

/// <summary>
/// Serialization metadata generated at build time for the answers written most often (availability, bookings), so that
/// they are not described by reflection; every other type still is. The options' converters and naming apply as before.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AvailabilityResponse))]
[JsonSerializable(typeof(CompactAvailabilityResponse))]
[JsonSerializable(typeof(BookingResponse))]
internal sealed partial class HotJson : JsonSerializerContext;
