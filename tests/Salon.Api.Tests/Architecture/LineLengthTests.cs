namespace Salon.Api.Tests.Architecture;

/// <summary>
/// Lines stay within 120 columns (.editorconfig max_line_length). SQL inside raw string literals is left as written
/// (the dialect tests parse it; rewrapping it is a separate change), so the check counts code lines only, and the
/// few code lines that have no safe break point are held at today's number: the count may fall, never rise.
/// </summary>
public sealed class LineLengthTests
{
    private const int Max = 120;
    private const int LongCodeLinesToday = 210;

    [Fact]
    public void No_new_code_line_in_src_is_longer_than_120_columns()
    {
        var src = Path.Combine(RepositoryRoot(), "src");
        var longLines = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}",
                StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}",
                    StringComparison.Ordinal))
            .SelectMany(f => CodeLines(f).Where(l => l.Text.Length > Max)
                .Select(l => $"{Path.GetRelativePath(src, f)}:{l.Number} ({l.Text.Length})"))
            .ToList();
        Assert.True(longLines.Count <= LongCodeLinesToday,
            $"{longLines.Count} code lines over {Max} columns (at most {LongCodeLinesToday}):\n" + string.Join("\n",
                longLines));
    }

    /// <summary>The lines of a file outside raw (""") string literals.</summary>
    private static IEnumerable<(int Number, string Text)> CodeLines(string file)
    {
        var inRaw = false;
        var number = 0;
        foreach (var line in File.ReadLines(file))
        {
            number++;
            var quotes = CountRawQuotes(line);
            if (!inRaw && quotes == 0) yield return (number, line);
            if (quotes % 2 == 1) inRaw = !inRaw;
        }
    }

    private static int CountRawQuotes(string line)
    {
        var count = 0;
        for (var i = line.IndexOf("\"\"\"", StringComparison.Ordinal); i >= 0; i = line.IndexOf("\"\"\"", i + 3,
            StringComparison.Ordinal))
            count++;
        return count;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Salon.sln"))) return dir.FullName;
        throw new InvalidOperationException("Salon.sln not found above " + AppContext.BaseDirectory);
    }
}
