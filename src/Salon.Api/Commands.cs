using Mediator;
using Salon.Api.Features.Staff;
using Salon.Api.Infrastructure.Behaviors;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;

namespace Salon.Api;

/// <summary>Operator commands that share the API's configuration and wiring, then exit.</summary>
public static class Commands
{
    private static readonly string[] Known = ["migrate", "create-staff", "openapi", "backup"];

    /// <summary>Exit code for a wrong command line or setting, as with most Unix tools.</summary>
    public const int BadUsage = 2;

    public const string Help = """
        Salon API. Without a command it serves HTTP (default http://localhost:5080).

        usage: Salon.Api [command] [--Section:Key=value ...]
          (no command)      serve the API; --demo loads the demo salon into an empty database
          migrate           apply pending database migrations and exit
          create-staff      --login NAME [--role admin|frontdesk|therapist] [--therapist-id ID]
                            the password from SALON_STAFF_PASSWORD or the first line of standard input
          backup            --out FILE   copy the SQLite database while the API may be running (online backup)
          openapi           [--out FILE] write the OpenAPI document (default openapi/salon.v1.json)
          --help            this text

        settings (appsettings.json, environment Section__Key, or --Section:Key=value):
          --urls / ASPNETCORE_URLS   where to listen, e.g. http://0.0.0.0:8080
          Database:Provider          sqlite | postgres | sqlserver
          Database:ConnectionString  required for postgres and sqlserver
          Database:DataFolder        SQLite file and generated key; relative to the application folder
          Salon:TimeZone             IANA zone, default Europe/Moscow
          Salon:DemoPassword         password of the demo logins (else one is generated and printed on each start)
          Salon:AdminLogin, Salon:AdminPassword   create the first admin at start-up
          Jwt:Key                    token signing key, at least 32 bytes (generated into the data folder if empty)
          ReverseProxy:KnownProxies  addresses of proxies whose X-Forwarded-For/-Proto are trusted
          RateLimits:LoginPerMinute, RateLimits:LoginPerAccountPerMinute, RateLimits:LoginGlobalPerMinute
        See README.md for the full table.
        """;

    public static bool WantsHelp(string[] args) => args.Any(a => a is "--help" or "-h" or "-?" or "help");

    public static (string? Command, string[] HostArgs) Split(string[] args)
    {
        var hostArgs = args.Select(a => a == "--demo" ? "--Salon:Demo=true" : a).ToList();
        var command = hostArgs.FirstOrDefault(a => Known.Contains(a));
        if (command is not null)
        {
            hostArgs.Remove(command);
            // Commands never start the background start-up work a server does.
            hostArgs.Add("--Database:MigrateOnStartup=false");
            hostArgs.Add("--Salon:Demo=false");
            hostArgs.Add("--Salon:StartupChecks=false");
            hostArgs.Add("--urls=http://127.0.0.1:0");
        }
        return (command, hostArgs.ToArray());
    }

    /// <summary>A setting the host cannot start with: the binder's, a check's or the time zone database's
    /// complaint.</summary>
    public static bool IsBadSetting(Exception exception) =>
        exception is InvalidOperationException or TimeZoneNotFoundException or InvalidTimeZoneException or FormatException
            or ArgumentException;

    public static async Task<int> RunAsync(string command, WebApplication app)
    {
        switch (command)
        {
            case "migrate":
            {
                var applied = await app.Services.GetRequiredService<Migrator>().MigrateAsync();
                Console.WriteLine($"Applied {applied} migration(s).");
                return 0;
            }
            case "create-staff":
                return await CreateStaffAsync(app);
            case "backup":
                return await BackupAsync(app);
            case "openapi":
            {
                var path = app.Configuration["out"] ?? Path.Combine(RepositoryRoot(), "openapi", "salon.v1.json");
                await File.WriteAllTextAsync(path, await ServedOpenApiAsync(app));
                Console.WriteLine($"Wrote {Path.GetFullPath(path)}");
                return 0;
            }
            default:
                return BadUsage;
        }
    }

    /// <summary>The folder holding Salon.sln, found upwards from the working directory (dotnet run starts in the
    /// project folder).</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Salon.sln")))
                return dir.FullName;
        return Directory.GetCurrentDirectory();
    }

    /// <summary>The document exactly as /openapi/salon.v1.json serves it: the app is started on a free loopback port
    /// and asked.</summary>
    private static async Task<string> ServedOpenApiAsync(WebApplication app)
    {
        await app.StartAsync();
        try
        {
            var address = app.Urls.First();
            using var http = new HttpClient { BaseAddress = new Uri(address) };
            return await http.GetStringAsync(OpenApi.DocumentPath);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    /// <summary>
    /// create-staff --login NAME --role admin|frontdesk|therapist [--therapist-id ID]; the password comes from
    /// SALON_STAFF_PASSWORD or standard input, never an argument (it would show in the process list and shell history).
    /// </summary>
    private static async Task<int> CreateStaffAsync(WebApplication app)
    {
        var login = app.Configuration["login"] ?? "";
        var role = app.Configuration["role"] ?? "admin";
        var therapist = app.Configuration["therapist-id"];
        if (!Enum.TryParse<StaffRole>(role, true, out var staffRole) || !Enum.IsDefined(staffRole)
            || role.All(char.IsDigit))
            return Fail("--role must be admin, frontdesk or therapist");
        Guid? therapistId = null;
        if (therapist is not null)
        {
            if (!Guid.TryParse(therapist,
                out var parsed)) return Fail("--therapist-id must be a therapist's id (a UUID)");
            therapistId = parsed;
        }
        var password = Environment.GetEnvironmentVariable("SALON_STAFF_PASSWORD") ?? Console.ReadLine() ?? "";

        await app.Services.GetRequiredService<Migrator>().MigrateAsync();
        await using var scope = app.Services.CreateAsyncScope();
        try
        {
            var result = await scope.ServiceProvider.GetRequiredService<IMediator>()
                .Send(new CreateStaffUser(login, password, staffRole, therapistId));
            if (result.Refusal is { } refusal)
                return Fail($"{refusal.Title}{(refusal.Detail is null ? "" : ": " + refusal.Detail)}", 1);
            Console.WriteLine($"Created {CreateStaffUser.RoleName(staffRole)} '{result.Value!.Login}'.");
            return 0;
        }
        catch (RequestValidationException invalid)
        {
            // The same rules as POST /api/v1/staff, said in one line.
            return Fail(string.Join("; ", invalid.Errors.Select(e => $"{Option(e.Key)} {string.Join(", ", e.Value)}")));
        }
    }

    private static string Option(string field) => field switch
    {
        "therapistId" => "--therapist-id",
        "password" => "the password",
        _ => "--" + field,
    };

    /// <summary>backup --out FILE: SQLite's online backup API copies a consistent database while the API keeps
    /// serving.</summary>
    private static async Task<int> BackupAsync(WebApplication app)
    {
        var database = app.Services.GetRequiredService<DatabaseOptions>();
        var target = app.Configuration["out"];
        if (database.Provider != DatabaseProvider.Sqlite)
            return Fail(database.Provider == DatabaseProvider.Postgres
                ? "backup copies SQLite only; for PostgreSQL use: pg_dump --format=custom --file=salon.dump \"$DATABASE_URL\""
                : "backup copies SQLite only; for SQL Server use: BACKUP DATABASE salon TO DISK = N'/var/opt/mssql/backup/salon.bak'");
        if (string.IsNullOrWhiteSpace(target))
            return Fail("usage: backup --out FILE");
        if (File.Exists(target))
            return Fail($"{Path.GetFullPath(target)} exists; choose a new file");
        var copied = await SqliteBackup.CopyAsync(app.Services.GetRequiredService<ConnectionSettings>().ConnectionString, target);
        Console.WriteLine($"Backed up {copied} to {Path.GetFullPath(target)}");
        return 0;
    }

    private static int Fail(string message, int code = BadUsage)
    {
        Console.Error.WriteLine("salon: " + message);
        return code;
    }
}
