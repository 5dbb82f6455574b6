using Mono.Cecil;
using Mono.Cecil.Cil;
using Salon.Api.Infrastructure;

namespace Salon.Api.Tests.Architecture;

/// <summary>
/// How many source files a reader follows for POST /api/v1/bookings, from the endpoint through the endpoint filters,
/// the Mediator pipeline and the handler to the SQL and back: a static call graph over Salon.Api and Salon.Domain
/// (lambdas and async bodies included, an interface call counting every implementation), each method mapped to its
/// file through the PDB. Middleware every request passes is left out; generated code too.
/// </summary>
public sealed class BookingPathTests(ITestOutputHelper output)
{
    [Fact]
    public void Creating_a_booking_reads_a_bounded_number_of_files()
    {
        var files = BookingPath.Files();
        foreach (var file in files) output.WriteLine(file);
        output.WriteLine($"{files.Count} files");
        Assert.InRange(files.Count, 1, 45);
    }
}

internal static class BookingPath
{
    public static IReadOnlyList<string> Files()
    {
        var resolver = new OurAssemblies();
        var api = resolver.Load(typeof(SalonOptions).Assembly.Location);
        var domain = resolver.Load(typeof(Salon.Domain.Refusal).Assembly.Location);
        var types = api.MainModule.GetTypes().Concat(domain.MainModule.GetTypes()).ToList();
        var ours = new HashSet<string> { api.Name.Name, domain.Name.Name };

        var roots = new List<MethodDefinition>();
        MethodDefinition[] Methods(string fullName, string? name = null) =>
            types.Single(t => t.FullName == fullName).Methods.Where(m => name is null || m.Name == name).ToArray();
        roots.AddRange(Methods("Salon.Api.Features.Bookings.CreateBooking/Handler", "Handle"));
        roots.AddRange(Methods("Salon.Api.Features.Bookings.CreateBooking", "Validate"));
        foreach (var filter in new[] { "Salon.Api.Infrastructure.Http.IdempotencyFilter",
            "Salon.Api.Infrastructure.Http.VersionETagFilter" })
            roots.AddRange(Methods(filter, "InvokeAsync"));
        foreach (var behavior in types.Where(t => t.Interfaces.Any(i
            => i.InterfaceType.Name.StartsWith("IPipelineBehavior", StringComparison.Ordinal))))
            roots.AddRange(behavior.Methods.Where(m => m.Name == "Handle"));
        roots.AddRange(types.Single(t => t.FullName == "Salon.Api.Infrastructure.Http.Problems").Methods.Where(m
            => m.Name.StartsWith("ToHttp", StringComparison.Ordinal)));

        var seen = new HashSet<MethodDefinition>();
        var files = new SortedSet<string>(StringComparer.Ordinal);
        // the endpoint's route lambda (its siblings in MapBookings serve other routes, so only the file counts)
        files.Add(Relative(Methods("Salon.Api.Features.Bookings.BookingsEndpoints", "MapBookings")[0]
            .DebugInformation.SequencePoints.First(p => !p.IsHidden).Document.Url));
        var queue = new Queue<MethodDefinition>(roots);
        while (queue.Count > 0)
        {
            var method = queue.Dequeue();
            if (!seen.Add(method)) continue;
            if (method.DebugInformation.SequencePoints.FirstOrDefault(p => !p.IsHidden) is { } point &&
                !point.Document.Url.Contains("/obj/", StringComparison.Ordinal))
                files.Add(Relative(point.Document.Url));
            if (!method.HasBody) continue;
            foreach (var instruction in method.Body.Instructions)
            {
                if (instruction.Operand is MethodReference called && ours.Contains(Scope(called.DeclaringType)))
                {
                    if (Resolve(called) is not { } target) continue;
                    queue.Enqueue(target);
                    foreach (var sm in StateMachine(target)) queue.Enqueue(sm);
                    if (target.IsAbstract || target.IsVirtual)
                        foreach (var impl in Implementations(types, target)) queue.Enqueue(impl);
                    // a constructed type's field initialisers and static constructor run too
                    if (target.IsConstructor && target.DeclaringType.Methods.FirstOrDefault(m => m.IsConstructor
                        && m.IsStatic) is { } cctor)
                        queue.Enqueue(cctor);
                }
                else if (instruction.Operand is FieldReference field && ours.Contains(Scope(field.DeclaringType)) &&
                         field.Resolve()?.DeclaringType is { } owner && owner.Methods.FirstOrDefault(m
                             => m.IsConstructor && m.IsStatic) is { } init)
                {
                    queue.Enqueue(init); // a static field read runs the type's initialiser (SQL consts are inlined, refusals are not)
                }
            }
            foreach (var sm in StateMachine(method)) queue.Enqueue(sm);
        }
        return files.ToList();
    }

    /// <summary>Resolves Salon's own assemblies to the copies read with their symbols.</summary>
    private sealed class OurAssemblies : DefaultAssemblyResolver
    {
        private readonly Dictionary<string, AssemblyDefinition> loaded = [];

        public OurAssemblies() => AddSearchDirectory(AppContext.BaseDirectory);

        public AssemblyDefinition Load(string path)
        {
            var assembly = AssemblyDefinition.ReadAssembly(path, new ReaderParameters { ReadSymbols = true,
                AssemblyResolver = this });
            loaded[assembly.Name.Name] = assembly;
            return assembly;
        }

        public override AssemblyDefinition Resolve(AssemblyNameReference name) =>
            loaded.TryGetValue(name.Name, out var assembly) ? assembly : base.Resolve(name);
    }

    private static string Scope(TypeReference type) => type.Scope switch
    {
        ModuleDefinition m => m.Assembly.Name.Name,
        AssemblyNameReference a => a.Name,
        _ => "",
    };

    private static MethodDefinition? Resolve(MethodReference method)
    {
        try { return method.Resolve(); }
        catch (AssemblyResolutionException) { return null; }
    }

    /// <summary>The MoveNext of an async or iterator method, where its body really lives.</summary>
    private static IEnumerable<MethodDefinition> StateMachine(MethodDefinition method) =>
        method.CustomAttributes
            .Where(a => a.AttributeType.Name is "AsyncStateMachineAttribute" or "IteratorStateMachineAttribute")
            .Select(a => ((TypeReference)a.ConstructorArguments[0].Value).Resolve())
            .SelectMany(t => t.Methods.Where(m => m.Name == "MoveNext"));

    /// <summary>An interface with a handful of implementations (the three dialects) is followed into each; a wide
    /// one (every request's IValidate) is not: only the request at hand runs.</summary>
    private static IEnumerable<MethodDefinition> Implementations(IEnumerable<TypeDefinition> types,
        MethodDefinition method)
    {
        var found = Candidates(types, method).ToList();
        return found.Count <= 4 ? found : [];
    }

    private static IEnumerable<MethodDefinition> Candidates(IEnumerable<TypeDefinition> types,
        MethodDefinition method) =>
        types.Where(t => !t.IsInterface).SelectMany(t => t.Methods)
            .Where(m => m.Name == method.Name || m.Name.EndsWith("." + method.Name, StringComparison.Ordinal))
            .Where(m => m.Parameters.Count == method.Parameters.Count && m.HasBody && m != method &&
                (m.DeclaringType.Interfaces.Any(i => i.InterfaceType.Name == method.DeclaringType.Name) ||
                 Derives(m.DeclaringType, method.DeclaringType)));

    private static bool Derives(TypeDefinition type, TypeDefinition from)
    {
        for (var b = type.BaseType; b is not null; b = Resolve(b)?.BaseType)
            if (b.FullName == from.FullName) return true;
        return false;
    }

    private static TypeDefinition? Resolve(TypeReference type)
    {
        try { return type.Resolve(); }
        catch (AssemblyResolutionException) { return null; }
    }

    private static string Relative(string path)
    {
        var i = path.IndexOf("/src/", StringComparison.Ordinal);
        return i < 0 ? path : path[(i + 1)..];
    }
}
