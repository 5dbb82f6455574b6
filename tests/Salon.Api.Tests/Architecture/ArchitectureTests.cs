using System.Reflection;
using NetArchTest.Rules;
using Salon.Api.Infrastructure;

namespace Salon.Api.Tests.Architecture;

/// <summary>
/// The layout DESIGN.md declares, kept by tests: features depend in one direction, Infrastructure knows no feature,
/// handlers stay private to their slice, and only Infrastructure/Data knows which database it talks to.
/// Dependencies are read from the compiled types (signatures and method bodies), not from using lines.
/// </summary>
public sealed partial class ArchitectureTests
{
    private const string Features = "Salon.Api.Features";
    private static readonly Assembly Api = typeof(SalonOptions).Assembly;

    [Fact]
    public void No_cycle_between_feature_folders()
    {
        var cycles = FeatureGraph.Cycles(FeatureGraph.Of(Api));
        Assert.True(cycles.Count == 0,
            "Feature folders depend on each other in a circle: " + string.Join("; ", cycles.Select(c
                => string.Join(" -> ", c))));
    }

    /// <summary>
    /// Infrastructure's folders in one direction too: Behaviors -> Http (the pipeline reads the request's user and
    /// idempotency key; the request shape it checks lives in Http). Data <-> Events is the one cycle left, known and
    /// pinned: DbSession writes the outbox at commit. Breaking it means a commit hook declared in Data (Events -> Data).
    /// </summary>
    [Fact]
    public void No_cycle_between_infrastructure_folders()
    {
        IReadOnlyList<string> pending = ["Data", "Events", "Data"];
        var cycles = FeatureGraph.Cycles(FeatureGraph.Of(Api, "Salon.Api.Infrastructure"))
            .Where(c => !c.SequenceEqual(pending)).ToList();
        Assert.True(cycles.Count == 0,
            "Infrastructure folders depend on each other in a circle: " + string.Join("; ", cycles.Select(c
                => string.Join(" -> ", c))));
    }

    /// <summary>The declared direction: the right-hand folder never depends on the left-hand one.</summary>
    [Theory]
    [InlineData("Screening", "Catalog")]
    [InlineData("Availability", "Packages")]
    [InlineData("Bookings", "Availability")]
    [InlineData("Billing", "Packages")]
    [InlineData("Bookings", "Packages")]
    public void Lower_features_do_not_depend_on_higher_ones(string higher, string lower)
    {
        var offenders = Dependents($"{Features}.{higher}").Where(In($"{Features}.{lower}.")).ToList();
        Assert.True(offenders.Count == 0, $"{lower} must not depend on {higher}, but {Names(offenders)} do");
    }

    [Fact]
    public void Infrastructure_references_no_feature()
    {
        var offenders = Dependents(Features).Where(In("Salon.Api.Infrastructure.")).ToList();
        Assert.True(offenders.Count == 0, $"Infrastructure must not know features, but {Names(offenders)} do");
    }

    [Fact]
    public void The_shared_kernel_references_no_feature()
    {
        var features = FeatureGraph.Folders(Api).Where(f => f != "Shared").Select(f => $"{Features}.{f}").ToArray();
        var offenders = Dependents(features).Where(In($"{Features}.Shared.")).ToList();
        Assert.True(offenders.Count == 0, $"The shared kernel must not know features, but {Names(offenders)} do");
    }

    [Fact]
    public void Every_mediator_handler_is_internal_sealed()
    {
        var handlers = Api.GetTypes().Where(IsHandler).ToList();
        Assert.NotEmpty(handlers);
        var offenders = handlers.Where(t => !t.IsSealed || t.IsPublic || t.IsNestedPublic || t.IsNestedFamily
            || t.IsNestedFamORAssem)
            .Select(t => t.FullName!).ToList();
        Assert.True(offenders.Count == 0, $"Handlers must be internal sealed: {Names(offenders)}");
    }

    [Fact]
    public void Only_Infrastructure_Data_knows_the_database_provider()
    {
        var offenders = Dependents("Microsoft.Data.Sqlite", "Npgsql", "Microsoft.Data.SqlClient")
            .Where(n => !In("Salon.Api.Infrastructure.Data.")(n)).ToList();
        Assert.True(offenders.Count == 0, $"Provider types outside Infrastructure/Data: {Names(offenders)}");
        var asking = Dependents("Salon.Api.Infrastructure.Data.DatabaseProvider").Where(In(Features + ".")).ToList();
        Assert.True(asking.Count == 0, $"Features must not ask which database they run on: {Names(asking)}");
    }

    /// <summary>
    /// A feature asks the dialect (db.Dialect.GuidListsAsText, AnyOf, Page...), never which dialect it has.
    /// </summary>
    [Fact]
    public void Features_ask_the_dialect_not_which_dialect_it_is()
    {
        var offenders = Dependents("Salon.Api.Infrastructure.Data.SqliteDialect",
                "Salon.Api.Infrastructure.Data.PostgresDialect", "Salon.Api.Infrastructure.Data.SqlServerDialect")
            .Where(In(Features + ".")).ToList();
        Assert.True(offenders.Count == 0, $"Features must not name a dialect: {Names(offenders)}");
    }

    /// <summary>
    /// Stored text is the data layer's business: dates are read through StoredDate or the DateOnly handler (which
    /// trim what SQL Server's nchar(10) pads), codes are nvarchar and need no trimming. A feature that trims a stored
    /// code or date, or parses the stored date format itself, is working around a database it should not know.
    /// </summary>
    [Fact]
    public void Features_do_not_handle_stored_text_for_a_provider()
    {
        var features = Path.Combine(OpenApiTests.RepositoryRoot(), "src", "Salon.Api", "Features");
        var offenders = Directory.EnumerateFiles(features, "*.cs", SearchOption.AllDirectories)
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (file, line, i)))
            .Where(x => StoredTextHandling().IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(features, x.file)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();
        Assert.True(offenders.Count == 0, "Provider-specific handling of stored text in features (use StoredDate or "
            + "the type handlers): " + string.Join("; ", offenders));
    }

    [System.Text.RegularExpressions.GeneratedRegex(
        @"\.\w*(Code|Date|Day|On|Until|From|To|Item|Kind|Status)\??\.Trim(End)?\(\)"
        + @"|ParseExact\([^)]*""yyyy-MM-dd""|is (SqliteParameter|NpgsqlParameter|SqlParameter)\b")]
    private static partial System.Text.RegularExpressions.Regex StoredTextHandling();

    /// <summary>Full names of the types (nested ones as Outer/Inner, compiler-made ones left out) using any of
    /// <paramref name="dependencies"/>.</summary>
    internal static IReadOnlyList<string> Dependents(params string[] dependencies) =>
        Types.InAssembly(Api).That().HaveDependencyOnAny(dependencies).GetTypes()
            .Select(t => t.FullName!).Where(n => !n.Contains('<')).Distinct().ToList();

    private static Func<string, bool> In(string prefix) => n => n.StartsWith(prefix, StringComparison.Ordinal);

    private static bool IsHandler(Type type) =>
        !type.IsAbstract && type.GetInterfaces().Any(i => i.IsGenericType && i.Namespace == "Mediator" &&
            i.Name.Split('`')[0] is "ICommandHandler" or "IQueryHandler" or "IRequestHandler" or "INotificationHandler"
                or "IStreamCommandHandler" or "IStreamQueryHandler" or "IStreamRequestHandler");

    private static string Names(IEnumerable<string> names) => string.Join(", ", names.Order());
}

/// <summary>The graph of the folders under a namespace (Features by default, or Infrastructure): an edge A -> B when
/// a type of folder A uses a type of folder B.</summary>
internal static class FeatureGraph
{
    private const string Features = "Salon.Api.Features";

    public static IReadOnlyList<string> Folders(Assembly api, string root = Features) =>
        api.GetTypes().Select(t => t.Namespace).Where(ns => ns is not null && ns.StartsWith(root + ".",
            StringComparison.Ordinal))
            .Select(ns => ns![(root.Length + 1)..].Split('.')[0]).Distinct().Order(StringComparer.Ordinal).ToList();

    public static Dictionary<string, SortedSet<string>> Of(Assembly api, string root = Features)
    {
        var folders = Folders(api, root);
        var graph = folders.ToDictionary(f => f, _ => new SortedSet<string>(StringComparer.Ordinal));
        foreach (var to in folders)
        {
            foreach (var user in Types.InAssembly(api).That().HaveDependencyOn($"{root}.{to}").GetTypes())
            {
                var from = user.FullName!.StartsWith(root + ".",
                    StringComparison.Ordinal) ? user.FullName[(root.Length + 1)..].Split('.')[0] : null;
                if (from is not null && from != to && graph.ContainsKey(from)) graph[from].Add(to);
            }
        }
        return graph;
    }

    /// <summary>Elementary cycles, each listed once, starting from its smallest folder name.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Cycles(Dictionary<string, SortedSet<string>> graph)
    {
        var found = new List<IReadOnlyList<string>>();
        foreach (var start in graph.Keys.Order(StringComparer.Ordinal))
            Walk(start, start, [start]);
        return found;

        void Walk(string start, string node, List<string> path)
        {
            foreach (var next in graph[node])
            {
                if (next == start) found.Add([.. path, start]);
                else if (!path.Contains(next) && string.CompareOrdinal(next, start) > 0) Walk(start, next, [.. path,
                    next]);
            }
        }
    }
}

public sealed class BookingSqlTests
{
    /// <summary>The SQL list is built from the domain's definition; this pins what the queries and indexes
    /// expect.</summary>
    [Fact]
    public void Holding_resources_is_spelled_as_the_statuses_the_domain_names() =>
        Assert.Equal("('booked', 'checked_in', 'completed')", Salon.Api.Features.Shared.BookingSql.HoldingResources);
}
