using System.Text.RegularExpressions;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Salon.Api.Infrastructure.Data;

namespace Salon.Api.Tests;

/// <summary>
/// SQL Server never runs on this machine, so every T-SQL text is at least parsed by Microsoft's own parser:
/// the migrations, the dialect's own statements, and every SQL constant the handlers share across databases.
/// </summary>
public sealed partial class SqlServerSyntaxTests
{
    private static readonly SqlServerDialect Dialect = new();

    public static TheoryData<string> Migrations() =>
        new(Migrator.Scripts(Dialect).Select(s => Path.GetFileName(s.Path)));

    [Theory]
    [MemberData(nameof(Migrations))]
    public async Task Every_sql_server_migration_parses(string file)
    {
        // What the migrator runs: the provider's file and, under the same number, the shared one in T-SQL literals.
        var (version, name, path) = Migrator.Scripts(Dialect).Single(s => Path.GetFileName(s.Path) == file);
        foreach (var batch in await Migrator.BatchesAsync(Dialect, version, name, path))
            AssertParses(batch, file);
    }

    [Fact]
    public async Task The_shared_screening_seed_reaches_sql_server_as_unicode_literals()
    {
        var (version, name, path) = Migrator.Scripts(Dialect).Single(s => s.Name == "screening");
        var seed = string.Join("\n", (await Migrator.BatchesAsync(Dialect, version, name, path))
            .Where(b => b.Contains("INSERT INTO screening_questions", StringComparison.Ordinal)));
        Assert.Contains("N'беременность', N'pregnancy', N'1', 17", seed, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"[^N]'беременность'", seed);
    }

    [Fact]
    public void The_sql_server_dialect_statements_parse()
    {
        AssertParses(Dialect.CreateMigrationsTable, "CreateMigrationsTable");
        AssertParses(Dialect.MigrationLock, "MigrationLock");
        AssertParses($"SELECT id FROM clients ORDER BY search_name, id {Dialect.Page}", "Page");
        AssertParses($"SELECT d.id FROM webhook_deliveries d {Dialect.SkipLockedHint} WHERE d.status = 'pending' ORDER BY d.event_position {Dialect.Page}",
            "SkipLockedHint");
    }

    /// <summary>
    /// Handlers keep their SQL next to the code, in string literals. Each literal that starts like a statement is
    /// taken from the source, its dialect holes filled with the SQL Server fragments, and parsed.
    /// </summary>
    [Fact]
    public void Every_sql_statement_in_the_api_source_parses_as_t_sql()
    {
        var sources = Directory.EnumerateFiles(Path.Combine(OpenApiTests.RepositoryRoot(), "src"), "*.cs",
            SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"));
        var statements = new List<(string Where, string Sql)>();
        foreach (var file in sources)
        {
            var text = File.ReadAllText(file);
            foreach (Match m in Literal().Matches(text))
            {
                var body = m.Groups["raw"].Success ? m.Groups["raw"].Value : m.Groups["plain"].Value;
                if (!LooksLikeSql(body) || body.TrimEnd().EndsWith("VALUES",
                    StringComparison.Ordinal)) continue; // assembled by code: see below
                var sql = body.Replace("{db.Dialect.Page}", Dialect.Page).Replace("\\\\", "\\")
                    .Replace("{ActiveStatuses}", Features.Availability.Calendars.ActiveStatuses)
                    .Replace("{BookingSql.HoldingResources}", Features.Shared.BookingSql.HoldingResources);
                sql = AnyOfHole().Replace(sql, m => ((ISqlDialect)Dialect).AnyOf(m.Groups[1].Value,
                    m.Groups[2].Value).Replace(" @" + m.Groups[2].Value, " (@" + m.Groups[2].Value + ")"));
                sql = TableHole().Replace(sql,
                    "$1 placeholder_table"); // a table name chosen by the code, e.g. FROM {table}
                sql = Hole().Replace(sql, "");
                statements.Add(($"{Path.GetFileName(file)}: {body.Trim().Split('\n')[0]}", sql));
            }
        }

        Assert.True(statements.Count >= 30, $"expected the handlers' SQL, found {statements.Count} statements");
        foreach (var (where, sql) in statements)
            AssertParses(sql, where);
    }

    [System.Text.RegularExpressions.GeneratedRegex("\"\"\"(?<raw>.*?)\"\"\"|(?<![\"])\"(?<plain>(?:SELECT|INSERT|UPDATE|DELETE)[^\"\\n]*)\"", System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex Literal();

    // Interpolated holes other than the dialect's (a WHERE built from fixed pieces) are dropped; those pieces are
    // literals checked on their own.
    [System.Text.RegularExpressions.GeneratedRegex("\\{[^{}]*\\}")]
    private static partial System.Text.RegularExpressions.Regex Hole();

    [System.Text.RegularExpressions.GeneratedRegex("\\b(FROM|JOIN|UPDATE|INTO)\\s+\\{[^{}]*\\}")]
    private static partial System.Text.RegularExpressions.Regex TableHole();

    // Dapper expands the list parameter into "(@ids1, @ids2, ...)" before SQL Server sees it.
    [System.Text.RegularExpressions.GeneratedRegex("\\{db\\.Dialect\\.AnyOf\\(\"(\\w+)\", \"(\\w+)\"\\)\\}")]
    private static partial System.Text.RegularExpressions.Regex AnyOfHole();

    [Fact]
    public void The_assembled_claims_insert_parses()
    {
        AssertParses(Features.Bookings.BookingPlanner.ClaimsInsert(1), "claims insert of one granule");
        AssertParses(Features.Bookings.BookingPlanner.ClaimsInsert(144), "claims insert of a twelve-hour hold");
    }

    /// <summary>Batches assembled from shared pieces (one round trip each), parsed whole.</summary>
    [Fact]
    public void The_assembled_batches_parse()
    {
        AssertParses(Features.Availability.Calendars.SearchSql(false), "search");
        AssertParses(Features.Availability.Calendars.SearchSql(true), "search for one therapist");
        AssertParses(Features.Screening.ScreeningGate.FactsSql(Dialect), "screening gate facts");
        AssertParses(Features.Bookings.BookingPlanner.ReadSql(Dialect, false), "a booking's read");
        AssertParses(Features.Bookings.BookingPlanner.ReadSql(Dialect, true), "a booking's read for one therapist");
        AssertParses(Features.Bookings.BookingPlanner.ReadSql(Dialect, true, course: true), "a booking on a course");
        AssertParses($"{((ISqlDialect)Dialect).Savepoint("claim")};\n{Features.Bookings.BookingPlanner.ClaimsInsert(3, "@claimTherapist")};\n"
            + Features.Bookings.BookingPlanner.ClaimsInsert(3, "@claimDevice"), "a booking's claims");
    }

    [Fact]
    public void A_syntax_error_is_caught()
    {
        var errors = Parse("SELECT FROM WHERE");
        Assert.NotEmpty(errors);
    }

    private static bool LooksLikeSql(string text)
    {
        var head = text.TrimStart();
        return new[] { "SELECT ", "INSERT ", "UPDATE ", "DELETE ", "WITH " }.Any(k => head.StartsWith(k,
            StringComparison.OrdinalIgnoreCase));
    }

    private static IList<ParseError> Parse(string sql)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        parser.Parse(reader, out var errors);
        return errors;
    }

    private static void AssertParses(string sql, string what)
    {
        var errors = Parse(sql);
        Assert.True(errors.Count == 0,
            $"{what}: " + string.Join("; ", errors.Select(e => $"line {e.Line} col {e.Column}: {e.Message}")));
    }
}
