using System.Text.RegularExpressions;
using static Salon.Domain.Tests.DesignScreeningTable;

namespace Salon.Domain.Tests;

/// <summary>The rules are data seeded by a migration, from one file every database runs (db/shared): it must hold
/// exactly the table of DESIGN.md, and no provider may seed a copy of its own.</summary>
public sealed partial class ScreeningSeedTests
{
    public static TheoryData<string> Providers => new() { "sqlite", "postgres", "sqlserver" };

    // Quoted, so that the one file suits all three: SQLite stores the integer, the others convert.
    private static readonly string[] BooleanLiterals = ["0", "1"];

    [GeneratedRegex(@"INSERT\s+INTO\s+(?<table>\w+)\s*\((?<columns>[^)]*)\)\s*VALUES\s*(?<rows>(?:\s*,?\s*\((?:N?'(?:[^']|'')*'|[^'()])*\))+)",
        RegexOptions.IgnoreCase)]
    private static partial Regex Insert();

    [GeneratedRegex(@"\((?<values>(?:N?'(?:[^']|'')*'|[^'()])*)\)")]
    private static partial Regex Row();

    [GeneratedRegex(@"N?'(?<text>(?:[^']|'')*)'|(?<bare>[^,\s]+)")]
    private static partial Regex Value();

    [GeneratedRegex(@"(INSERT\s+INTO|UPDATE|DELETE\s+FROM|MERGE(\s+INTO)?)\s+screening_rules\b",
        RegexOptions.IgnoreCase)]
    private static partial Regex WritesRules();

    [Fact]
    public void The_seeded_screening_rules_are_exactly_the_design_table()
    {
        const string provider = "shared";
        var rows = Inserts("screening_rules");
        var seeded = new Dictionary<(string, string), string>();
        foreach (var row in rows)
            Assert.True(seeded.TryAdd((row["question_code"], row["kind"]), row["effect"]),
                $"{provider}: {row["question_code"]} {row["kind"]} is seeded twice");

        var expected = Cells.ToDictionary(c => (c.Key.Code, c.Key.Kind.ToString()), c
            => c.Value == '—' ? "-" : c.Value.ToString());
        var wrong = expected.Where(c => seeded.GetValueOrDefault(c.Key) != c.Value)
            .Select(c
                => $"{c.Key.Item1} {c.Key.Item2}: design {c.Value}, seeded {seeded.GetValueOrDefault(c.Key) ?? "nothing"}")
            .Concat(seeded.Keys.Except(expected.Keys).Select(k => $"{k.Item1} {k.Item2}: seeded but not in the design"))
            .ToList();
        Assert.Empty(wrong);
        Assert.Equal(144, seeded.Count);
    }

    [Fact]
    public void The_seeded_questionnaire_has_every_code_and_asks_the_day_of_questions_again()
    {
        var questions = Inserts("screening_questions");
        Assert.Equal(Codes, questions.Select(q => q["code"]).Order(StringComparer.Ordinal));
        var askedOnDay = questions.Where(q => q["asked_on_day"] is "1").Select(q
            => q["code"]).Order(StringComparer.Ordinal);
        Assert.Equal(AskedOnDay, askedOnDay);
        Assert.All(questions, q => Assert.Contains(q["asked_on_day"], BooleanLiterals));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    [InlineData("shared")]
    public void No_later_migration_rewrites_the_seeded_rules(string provider)
    {
        var later = Directory.GetFiles(Path.Combine(RepoRoot(), "db", provider), "*.sql")
            .Where(f => !Path.GetFileName(f).StartsWith("0003_", StringComparison.Ordinal))
            .Where(f => WritesRules().IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetFileName(f))
            .ToList();
        Assert.Empty(later);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void No_provider_seeds_a_copy_of_its_own(string provider)
    {
        var own = File.ReadAllText(Path.Combine(RepoRoot(), "db", provider, "0003_screening.sql"));
        Assert.DoesNotMatch(@"INSERT\s+INTO\s+screening_(questions|rules)\b", own);
    }

    /// <summary>Every row the shared seed inserts into <paramref name="table"/>, as column name to value text.</summary>
    private static List<Dictionary<string, string>> Inserts(string table)
    {
        var sql = File.ReadAllText(Path.Combine(RepoRoot(), "db", "shared", "0003_screening.sql"));
        var rows = new List<Dictionary<string, string>>();
        foreach (Match insert in Insert().Matches(sql))
        {
            if (!insert.Groups["table"].Value.Equals(table, StringComparison.OrdinalIgnoreCase)) continue;
            var columns = insert.Groups["columns"].Value.Split(',', StringSplitOptions.TrimEntries);
            foreach (Match row in Row().Matches(insert.Groups["rows"].Value))
            {
                var values = Value().Matches(row.Groups["values"].Value)
                    .Select(v => v.Groups["text"].Success ? v.Groups["text"].Value.Replace("''", "'",
                        StringComparison.Ordinal) : v.Groups["bare"].Value)
                    .ToList();
                Assert.Equal(columns.Length, values.Count);
                rows.Add(columns.Zip(values).ToDictionary(p => p.First, p => p.Second));
            }
        }
        Assert.NotEmpty(rows);
        return rows;
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Salon.sln")))
                return dir.FullName;
        throw new InvalidOperationException("Salon.sln not found above the test binaries.");
    }
}
