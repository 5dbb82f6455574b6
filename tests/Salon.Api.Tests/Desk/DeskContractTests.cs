using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests.Desk;

/// <summary>
/// The desk is held to the API's contract: its types come from openapi/salon.v1.json, its words cover every refusal.
/// </summary>
public sealed partial class DeskContractTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private static readonly string DeskFolder = Path.Combine(Repository.Root, "src", "Salon.Desk");

    [Fact]
    public async Task The_desk_type_checks_against_the_committed_openapi_document()
    {
        if (await RunAsync("npm", "--version") is not (0, _))
            Assert.Skip("npm is missing (apt-get install -y npm, as .ci/run does): the desk type-check cannot run.");
        if (!Directory.Exists(Path.Combine(DeskFolder, "node_modules")))
        {
            var (installed, log) = await RunAsync("npm", "ci --no-audit --no-fund");
            Assert.True(installed == 0, "npm ci failed:\n" + log);
        }
        // Regenerates types/api.d.ts from the committed document, then tsc checks every module against it.
        var (code, output) = await RunAsync("npm", "run --silent check");
        Assert.True(code == 0, "The desk no longer matches the API contract:\n" + output);
    }

    [Fact]
    public void Every_problem_type_the_API_can_return_has_a_russian_message_in_the_desk()
    {
        var codes = new SortedSet<string>(StringComparer.Ordinal);
        var sources = Path.Combine(Repository.Root, "src");
        foreach (var file in Directory.EnumerateFiles(sources, "*.cs", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            foreach (Match m in RefusalCode().Matches(text)) codes.Add(m.Groups[1].Value);
            foreach (Match m in PlannerRuleCode().Matches(text)) codes.Add(m.Groups[1].Value);
            if (Path.GetFileName(file) == "Problems.cs")
                foreach (Match m in StatusCode().Matches(text)) codes.Add(m.Groups[1].Value);
        }
        Assert.True(codes.Count > 50, $"the scan found only {codes.Count} problem types: refusals written otherwise?");
        var messages = File.ReadAllText(Path.Combine(DeskFolder, "wwwroot", "messages.js"));
        var known = MessageKey().Matches(messages).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var missing = codes.Where(c => !known.Contains(c)).ToList();
        Assert.True(missing.Count == 0,
            "Add a Russian message to src/Salon.Desk/wwwroot/messages.js for: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task The_desk_is_served_at_slash_desk_without_a_token()
    {
        var http = app.CreateClient(new() { AllowAutoRedirect = false });
        var bare = await http.GetAsync("/desk");
        Assert.Equal(HttpStatusCode.Redirect, bare.StatusCode);
        Assert.Equal("/desk/", bare.Headers.Location?.OriginalString);

        var page = await http.GetAsync("/desk/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"ru\">", html, StringComparison.Ordinal);
        Assert.Contains("<script type=\"module\" src=\"app.js\">", html, StringComparison.Ordinal);

        var module = await http.GetAsync("/desk/api.js");
        Assert.Equal(HttpStatusCode.OK, module.StatusCode);
        Assert.Equal("text/javascript", module.Content.Headers.ContentType?.MediaType);
        // the tooling beside wwwroot is not served
        Assert.NotEqual(HttpStatusCode.OK, (await http.GetAsync("/desk/package.json")).StatusCode);
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, string arguments)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = DeskFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await stdout + await stderr);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, ex.Message);
        }
    }

    // new Refusal(RefusalKind.X, "code", ...) and new(RefusalKind.X, "code", ...), across line breaks
    [GeneratedRegex(@"RefusalKind\.\w+\s*,\s*""([a-z][a-z-]*)""")]
    private static partial Regex RefusalCode();

    // the booking planner's Rule("code", ...)
    [GeneratedRegex(@"\bRule\(""([a-z][a-z-]*)""")]
    private static partial Regex PlannerRuleCode();

    // Problems.CodeForStatus: 400 => "malformed-request", ...
    [GeneratedRegex(@"=>\s*""([a-z][a-z-]*)""")]
    private static partial Regex StatusCode();

    // a key of problemMessages: 'slot-taken': ... or, where it is a plain word, validation: ...
    [GeneratedRegex("""^\s*'?([a-z][a-z-]*)'?\s*:""", RegexOptions.Multiline)]
    private static partial Regex MessageKey();
}
