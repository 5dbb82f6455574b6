namespace Salon.Api.Tests.Infrastructure;

/// <summary>
/// Tests that measure time run in this collection: after every parallel collection, one class at a time, so the
/// figure is the product's and not the other test classes' load on the runner.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class Alone
{
    public const string Name = "alone";
}
