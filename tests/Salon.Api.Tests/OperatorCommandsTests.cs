using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests;

/// <summary>The API as an operator starts it: a real process, its exit code and what it prints.</summary>
public sealed class OperatorCommandsTests : IDisposable
{
    private static readonly string Application = Path.Combine(AppContext.BaseDirectory, "Salon.Api.dll");
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "salon-cli", Guid.NewGuid().ToString("N"));

    public OperatorCommandsTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private sealed record Run(int ExitCode, string Out, string Error);

    private static ProcessStartInfo Start(string workingDirectory, IDictionary<string, string>? environment,
        params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true,
            RedirectStandardError = true, RedirectStandardInput = true };
        info.ArgumentList.Add(Application);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        return info;
    }

    private async Task<Run> RunAsync(IDictionary<string, string>? environment, params string[] args)
    {
        using var process = Process.Start(Start(_folder, environment, args))!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new Run(process.ExitCode, await output, await error);
    }

    private string[] Data(params string[] args) => [.. args, $"--Database:DataFolder={_folder}"];

    [Fact]
    public async Task Help_lists_the_commands_and_settings_and_starts_no_server()
    {
        var run = await RunAsync(null, "--help");
        Assert.Equal(0, run.ExitCode);
        foreach (var word in new[] { "migrate", "create-staff", "backup", "openapi", "ASPNETCORE_URLS",
            "Database:DataFolder", "Jwt:Key" })
            Assert.Contains(word, run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("listening", run.Out, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("--Jwt:Key=too-short", "Jwt:Key")]
    [InlineData("--Salon:TimeZone=Mars/Olympus", "Salon:TimeZone")]
    [InlineData("--Salon:SlotMinutes=seven", "Salon:SlotMinutes")]
    [InlineData("--Database:Provider=postgres", "Database:ConnectionString")]
    public async Task A_bad_setting_is_one_line_and_exit_code_2(string setting, string named)
    {
        var run = await RunAsync(null, Data("migrate", setting));
        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(named, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("short", "admin", null, "the password must be at least 12 characters")]
    [InlineData("a-long-enough-password", "therapist", null, "--therapist-id is required")]
    [InlineData("a-long-enough-password", "owner", null, "--role must be")]
    [InlineData("a-long-enough-password", "therapist", "not-a-uuid", "--therapist-id must be")]
    public async Task Create_staff_validates_like_the_api_and_says_why_in_one_line(string password, string role,
        string? therapist, string says)
    {
        string[] args = therapist is null
            ? Data("create-staff", "--login", "boss", "--role", role)
            : Data("create-staff", "--login", "boss", "--role", role, "--therapist-id", therapist);
        var run = await RunAsync(new Dictionary<string, string> { ["SALON_STAFF_PASSWORD"] = password }, args);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(says, Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_staff_takes_a_therapist_id_and_refuses_an_unknown_one()
    {
        var run = await RunAsync(new Dictionary<string, string> { ["SALON_STAFF_PASSWORD"] = "a-long-enough-password" },
            Data("create-staff", "--login", "anna", "--role", "therapist", "--therapist-id",
                Guid.NewGuid().ToString()));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("not found", run.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_relative_data_folder_is_next_to_the_application_not_the_working_directory()
    {
        var relative = "data-" + Guid.NewGuid().ToString("N");
        var run = await RunAsync(null, "migrate", $"--Database:DataFolder={relative}");
        Assert.Equal(0, run.ExitCode);
        try
        {
            Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, relative, "salon.db")));
            Assert.False(Directory.Exists(Path.Combine(_folder, relative)));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(Path.Combine(AppContext.BaseDirectory, relative), recursive: true);
        }
    }

    [Fact]
    public async Task Backup_copies_the_live_database_into_one_file_that_restores()
    {
        var env = new Dictionary<string, string> { ["SALON_STAFF_PASSWORD"] = "a-long-enough-password" };
        Assert.Equal(0, (await RunAsync(env, Data("create-staff", "--login", "boss", "--role", "admin"))).ExitCode);
        var backup = Path.Combine(_folder, "backups", "salon-backup.db");

        var run = await RunAsync(null, Data("backup", "--out", backup));

        Assert.Equal(0, run.ExitCode);
        Assert.False(File.Exists(backup + "-wal"));
        Assert.Equal(2, (await RunAsync(null, Data("backup", "--out", backup))).ExitCode); // never overwrites
        // Restore: the copy becomes the data folder's salon.db; the API starts on it and finds the admin.
        var restored = Path.Combine(_folder, "restored");
        Directory.CreateDirectory(restored);
        File.Copy(backup, Path.Combine(restored, "salon.db"));
        var migrate = await RunAsync(null, "migrate", $"--Database:DataFolder={restored}");
        Assert.Equal(0, migrate.ExitCode);
        Assert.Contains("Applied 0 migration(s)", migrate.Out, StringComparison.Ordinal);
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(restored, "salon.db")};Pooling=false");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new SqliteCommand("SELECT login FROM staff_users", connection);
        Assert.Equal("boss", (string?)await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_server_listens_where_ASPNETCORE_URLS_says_and_warns_when_no_admin_exists()
    {
        var launch = await File.ReadAllTextAsync(Path.Combine(OpenApiTests.RepositoryRoot(), "src", "Salon.Api",
            "Properties", "launchSettings.json"),
            TestContext.Current.CancellationToken);
        Assert.DoesNotContain("applicationUrl", launch,
            StringComparison.Ordinal); // dotnet run would put it over ASPNETCORE_URLS

        var port = FreePort();
        var info = Start(_folder, new Dictionary<string, string> { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" },
            Data());
        using var process = Process.Start(info)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var live = await PollAsync(http, "/health/live");
            Assert.Equal(HttpStatusCode.OK, live);
            Assert.Contains(output, line => line.Contains("No active admin exists", StringComparison.Ordinal));
            Assert.Contains(output, line => line.Contains("create-staff --login NAME --role admin",
                StringComparison.Ordinal));
            // Production serves no Swagger UI to the public.
            var swagger = (await http.GetAsync("/swagger/index.html",
                TestContext.Current.CancellationToken)).StatusCode;
            Assert.True(swagger is HttpStatusCode.NotFound or HttpStatusCode.Unauthorized,
                $"/swagger answered {swagger}");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
    }

    private static async Task<HttpStatusCode?> PollAsync(HttpClient http, string path)
    {
        for (var i = 0; i < 150; i++)
        {
            try
            {
                return (await http.GetAsync(path)).StatusCode;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(200);
            }
        }
        return null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task A_later_demo_start_honours_the_configured_password_and_a_generated_one_is_new_each_start()
    {
        var settings = new Dictionary<string, string>
        {
            ["Database:DataFolder"] = _folder, ["Jwt:Key"] = SalonApp.TestJwtKey, ["Salon:Demo"] = "true",
        };
        await using (var first = Host(settings))
            Assert.Equal(HttpStatusCode.OK, (await first.CreateClient().GetAsync("/health/ready")).StatusCode);

        settings["Salon:DemoPassword"] = "pick-a-long-password";
        await using var second = Host(settings);
        await (await second.CreateClient().PostJson("/api/v1/auth/token", new { login = "frontdesk",
            password = "pick-a-long-password" }))
            .Expect(HttpStatusCode.OK);
    }

    private static WebApplicationFactory<Program> Host(IDictionary<string, string> settings) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            foreach (var (key, value) in settings) b.UseSetting(key, value);
        });
}
