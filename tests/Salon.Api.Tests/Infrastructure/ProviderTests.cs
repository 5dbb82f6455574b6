namespace Salon.Api.Tests.Infrastructure;

/// <summary>Base of every HTTP-level test class: the same tests run once per database provider.</summary>
public abstract class ProviderTests(SalonApp app) : IAsyncLifetime
{
    protected SalonApp App { get; } = app;

    public ValueTask InitializeAsync()
    {
        App.SkipIfUnavailable();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
