using Salon.Api;
using Salon.Api.Features.Accounts;
using Salon.Api.Features.Availability;
using Salon.Api.Features.Billing;
using Salon.Api.Features.Bookings;
using Salon.Api.Features.Catalog;
using Salon.Api.Features.Clients;
using Salon.Api.Features.Packages;
using Salon.Api.Features.Schedule;
using Salon.Api.Features.Screening;
using Salon.Api.Features.Staff;
using Salon.Api.Features.Therapists;
using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Http;

// Commands: `migrate`, `create-staff`, `openapi`; anything else starts the API. `--demo` loads the demo salon.
var (command, hostArgs) = Commands.Split(args);
var builder = WebApplication.CreateBuilder(hostArgs);
builder.AddSalon();

var app = builder.Build();
app.UseSalon();
// One group for every route: filters that hold for the whole API (the ETag of a versioned resource) sit on it.
var api = app.MapGroup("").AddEndpointFilter<VersionETagFilter>();
api.MapStaff();
api.MapClients();
api.MapCatalog();
api.MapPublicCatalog();
api.MapTherapists();
api.MapAccounts();
api.MapAvailability();
api.MapBookings();
api.MapScreening();
api.MapPackages();
api.MapBilling();
api.MapSchedule();

if (command is not null)
    return await Commands.RunAsync(command, app);

await app.RunAsync();
return 0;

public partial class Program;
