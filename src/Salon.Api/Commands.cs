using Mediator;
using Salon.Api.Features.Staff;
using Salon.Api.Infrastructure.Data;
using Salon.Api.Infrastructure.Http;

namespace Salon.Api;

/// <summary>Operator commands that share the API's configuration and wiring, then exit.</summary>
public static class Commands
{
    private static readonly string[] Known = ["migrate", "create-staff", "openapi"];

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
            hostArgs.Add("--urls=http://127.0.0.1:0");
        }
        return (command, hostArgs.ToArray());
    }

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
            case "openapi":
            {
                var path = app.Configuration["out"] ?? Path.Combine(RepositoryRoot(), "openapi", "salon.v1.json");
                await File.WriteAllTextAsync(path, await ServedOpenApiAsync(app));
                Console.WriteLine($"Wrote {Path.GetFullPath(path)}");
                return 0;
            }
            default:
                return 2;
        }
    }

    /// <summary>The folder holding Salon.sln, found upwards from the working directory (dotnet run starts in the project folder).</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Salon.sln")))
                return dir.FullName;
        return Directory.GetCurrentDirectory();
    }

    /// <summary>The document exactly as /openapi/salon.v1.json serves it: the app is started on a free loopback port and asked.</summary>
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

    /// <summary>create-staff --login NAME --role admin|frontdesk; the password comes from SALON_STAFF_PASSWORD or standard input, never an argument.</summary>
    private static async Task<int> CreateStaffAsync(WebApplication app)
    {
        var login = app.Configuration["login"];
        var role = app.Configuration["role"] ?? "admin";
        var password = Environment.GetEnvironmentVariable("SALON_STAFF_PASSWORD") ?? Console.ReadLine();
        if (string.IsNullOrWhiteSpace(login) || string.IsNullOrWhiteSpace(password) || !Enum.TryParse<StaffRole>(role, true, out var staffRole))
        {
            Console.Error.WriteLine("usage: create-staff --login NAME [--role admin|frontdesk] (password from SALON_STAFF_PASSWORD or stdin)");
            return 2;
        }

        await app.Services.GetRequiredService<Migrator>().MigrateAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new CreateStaffUser(login, password, staffRole, null));
        if (result.Refusal is { } refusal)
        {
            Console.Error.WriteLine($"{refusal.Title}: {refusal.Detail}");
            return 1;
        }
        Console.WriteLine($"Created {role} '{result.Value!.Login}'.");
        return 0;
    }
}
