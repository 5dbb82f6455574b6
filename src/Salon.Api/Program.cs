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

// Commands: `migrate`, `create-staff`, `openapi`; anything else starts the API. `--demo` loads the demo salon.
var (command, hostArgs) = Commands.Split(args);
var builder = WebApplication.CreateBuilder(hostArgs);
builder.AddSalon();
builder.Services.AddHealthRetention();

var app = builder.Build();
app.UseSalon();
app.MapStaff();
app.MapClients();
app.MapCatalog();
app.MapTherapists();
app.MapAccounts();
app.MapAvailability();
app.MapBookings();
app.MapScreening();
app.MapPackages();
app.MapBilling();
app.MapSchedule();

if (command is not null)
    return await Commands.RunAsync(command, app);

await app.RunAsync();
return 0;

public partial class Program;
