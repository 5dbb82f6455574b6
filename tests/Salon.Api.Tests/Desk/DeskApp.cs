using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests.Desk;

/// <summary>
/// The API with the demo salon on Kestrel at 127.0.0.1 (a browser cannot reach the in-memory test server) and the
/// system Chromium driven by Playwright. Without Chromium the browser tests are skipped with the reason.
/// </summary>
public sealed class DeskSession : IAsyncDisposable
{
    public const string Password = "desk-test-password";
    public const string ChromiumPath = "/usr/bin/chromium";

    public static readonly IReadOnlyDictionary<string, string> Settings = new Dictionary<string, string>
    {
        ["Salon:Demo"] = "true",
        ["Salon:DemoPassword"] = Password,
    };

    private IPlaywright? _playwright;
    public IBrowser? Browser { get; private set; }
    public string? SkipReason { get; private set; }
    public string BaseUrl { get; private set; } = "";

    /// <summary>The salon-local day the tests work on: a Tuesday (Anna and Olga work), the clock at 10:00.</summary>
    public string Day { get; private set; } = "";

    /// <summary>Moves the app's clock to the next Tuesday, 10:00 Moscow time, before the host starts.</summary>
    private void SetClock(FakeTimeProvider clock)
    {
        var moscow = TimeSpan.FromHours(3);
        var local = clock.GetUtcNow().ToOffset(moscow).Date.AddDays(1);
        while (local.DayOfWeek != DayOfWeek.Tuesday) local = local.AddDays(1);
        clock.SetUtcNow(new DateTimeOffset(local.AddHours(10), moscow));
        Day = local.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Start(SalonApp app)
    {
        app.UseKestrel(0);
        app.StartServer();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
    }

    private async Task LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            SkipReason = $"Desk browser tests: no {ChromiumPath} (apt-get install -y chromium, as .ci/run does).";
            Console.WriteLine(SkipReason);
            return;
        }
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
    }

    /// <summary>A fresh browser context (its own session storage) at 1366x768, logged in as the front desk.</summary>
    /// <param name="login">the demo login</param>
    /// <param name="prepare">runs before the desk is loaded (e.g. to route requests)</param>
    public async Task<IPage> OpenDeskAsync(string login = "frontdesk", Func<IPage, Task>? prepare = null)
    {
        var context = await Browser!.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1366, Height = 768 },
            Locale = "ru-RU",
            TimezoneId = "Europe/Moscow",
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        if (prepare is not null) await prepare(page);
        await page.GotoAsync($"{BaseUrl}/desk/#{Day}");
        await page.GetByLabel("Логин").FillAsync(login);
        await page.GetByLabel("Пароль").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Войти" }).ClickAsync();
        await page.GetByTestId("day").WaitForAsync();
        return page;
    }

    /// <summary>Saved beside the test binaries (an artefact), and in docs/desk if SALON_DESK_SCREENSHOTS is
    /// set.</summary>
    public static async Task ScreenshotAsync(IPage page, string name, ILocator? part = null)
    {
        var folders = new List<string> { Path.Combine(AppContext.BaseDirectory, "desk-screenshots") };
        if (Environment.GetEnvironmentVariable("SALON_DESK_SCREENSHOTS") is { Length: > 0 })
            folders.Add(Path.Combine(Repository.Root, "docs", "desk"));
        foreach (var folder in folders)
        {
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, name + ".png");
            if (part is null) await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
            else await part.ScreenshotAsync(new LocatorScreenshotOptions { Path = path });
        }
    }

    /// <summary>Sets the clock, starts the app (and its database), then the browser.</summary>
    public async ValueTask InitializeAsync(SalonApp app, Func<ValueTask> startApp)
    {
        SetClock(app.Clock);
        await startApp();
        if (app.SkipReason is null) await LaunchAsync();
    }

    public async ValueTask DisposeAsync(Func<ValueTask> disposeApp)
    {
        await DisposeAsync();
        await disposeApp();
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}

/// <summary>The repository's root folder, found from the test binaries.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Salon.sln")))
                return dir.FullName;
        throw new InvalidOperationException("Salon.sln not found above " + AppContext.BaseDirectory);
    }
}

public sealed class SqliteDeskApp : SqliteApp
{
    public DeskSession Desk { get; } = new();
    protected override IReadOnlyDictionary<string, string> Settings => DeskSession.Settings;
    protected override void StartHost() => Desk.Start(this);
    public override ValueTask InitializeAsync() => Desk.InitializeAsync(this, base.InitializeAsync);
    public override ValueTask DisposeAsync() => Desk.DisposeAsync(base.DisposeAsync);
}

public sealed class PostgresDeskApp : PostgresApp
{
    public DeskSession Desk { get; } = new();
    protected override IReadOnlyDictionary<string, string> Settings => DeskSession.Settings;
    protected override void StartHost() => Desk.Start(this);
    public override ValueTask InitializeAsync() => Desk.InitializeAsync(this, base.InitializeAsync);
    public override ValueTask DisposeAsync() => Desk.DisposeAsync(base.DisposeAsync);
}
