using Salon.Api;
using Salon.Api.Features.Accounts;
using Salon.Api.Features.Availability;
using Salon.Api.Features.Billing;
using Salon.Api.Features.Bookings;
using Salon.Api.Features.Catalog;
using Salon.Api.Features.Clients;
using Salon.Api.Features.Packages;
using Salon.Api.Features.Reminders;
using Salon.Api.Features.Schedule;
using Salon.Api.Features.Screening;
using Salon.Api.Features.Staff;
using Salon.Api.Features.Therapists;
using Salon.Api.Features.Waitlist;
using Salon.Api.Features.Webhooks;
using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Http;

// Commands: `migrate`, `create-staff`, `backup`, `openapi`; anything else starts the API. `--demo` loads the demo
// salon.
if (Commands.WantsHelp(args))
{
    Console.WriteLine(Commands.Help);
    return 0;
}
var (command, hostArgs) = Commands.Split(args);
WebApplication app;
try
{
    var builder = WebApplication.CreateBuilder(hostArgs);
    builder.AddSalon();
    builder.AddAvailability();
    Salon.Api.Features.Bookings.HotJson.Register(builder.Services);
    builder.AddWebhooks();
    builder.AddReminders();
    builder.AddWaitlist();
    builder.Services.AddHealthRetention();
    app = builder.Build();
}
catch (Exception ex) when (Commands.IsBadSetting(ex))
{
    // One line an operator can act on, not a stack trace.
    Console.Error.WriteLine("salon: " + ex.Message);
    return Commands.BadUsage;
}
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
api.MapWebhooks();
api.MapReminders();
api.MapWaitlist();

try
{
    if (command is not null)
        return await Commands.RunAsync(command, app);
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is IOException or System.Data.Common.DbException or System.Net.Sockets.SocketException
                               or TimeoutException)
{
    // The port is taken, the database is out of reach: say so in one line.
    Console.Error.WriteLine("salon: cannot start: " + ex.GetBaseException().Message);
    return 1;
}

public partial class Program;
