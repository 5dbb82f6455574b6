using System.Text.RegularExpressions;

namespace Salon.Api.Tests.Desk;

/// <summary>The README's pictures and links to files of the repository point at files that exist.</summary>
public sealed partial class ReadmeLinkTests
{
    [Fact]
    public void Every_relative_link_and_picture_in_the_readme_names_a_file_of_the_repository()
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        var targets = Link().Matches(readme).Select(m => m.Groups[1].Value)
            .Where(t => !t.Contains("://", StringComparison.Ordinal) && !t.StartsWith('#'))
            .Select(t => t.Split('#')[0])
            .ToList();

        Assert.Contains("docs/desk/day.png", targets);
        var missing = targets.Where(t => !File.Exists(Path.Combine(Repository.Root, t))
            && !Directory.Exists(Path.Combine(Repository.Root, t))).ToList();
        Assert.True(missing.Count == 0, "README.md links to what is not there: " + string.Join(", ", missing));
    }

    // [text](target) and ![alt](target)
    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex Link();
}
