using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Salon.Api.Infrastructure;
using Salon.Api.Infrastructure.Behaviors;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests.Architecture;

/// <summary>
/// Who may act for which client is decided in one place: every request that names a client is client-scoped, and the
/// Mediator pipeline the API runs puts <see cref="ClientScopeBehavior{TMessage,TResponse}"/> in front of its handler.
/// </summary>
public sealed class ClientScopeTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private static readonly Type[] RequestInterfaces =
        [typeof(ICommand<>), typeof(IQuery<>), typeof(IRequest<>)];

    public static TheoryData<string> RequestsNamingAClient()
    {
        var data = new TheoryData<string>();
        foreach (var type in Requests().Where(t => t.GetProperty("ClientId")?.PropertyType is { } p
            && (p == typeof(Guid) || p == typeof(Guid?))))
            data.Add(type.FullName!);
        return data;
    }

    [Theory]
    [MemberData(nameof(RequestsNamingAClient))]
    public async Task A_request_naming_a_client_is_client_scoped_and_passes_the_scope_behaviour(string request)
    {
        var type = typeof(SalonOptions).Assembly.GetType(request)!;
        Assert.True(typeof(IClientScoped).IsAssignableFrom(type),
            $"{type.Name} names a client but is not IClientScoped");

        var response = type.GetInterfaces().Single(i => i.IsGenericType
            && RequestInterfaces.Contains(i.GetGenericTypeDefinition()))
            .GetGenericArguments()[0];
        await using var scope = app.Services.CreateAsyncScope();
        var behaviours = scope.ServiceProvider.GetServices(typeof(IPipelineBehavior<,>).MakeGenericType(type,
            response));
        Assert.Contains(behaviours, b => b!.GetType().GetGenericTypeDefinition() == typeof(ClientScopeBehavior<,>));
    }

    [Fact]
    public void The_search_finds_the_requests_it_is_meant_to_guard() =>
        Assert.Contains(typeof(Salon.Api.Features.Bookings.CreateBooking).FullName!,
            RequestsNamingAClient().Select(row => row.Data));

    private static IEnumerable<Type> Requests() =>
        typeof(SalonOptions).Assembly.GetTypes().Where(t => !t.IsAbstract && t.GetInterfaces()
            .Any(i => i.IsGenericType && RequestInterfaces.Contains(i.GetGenericTypeDefinition())));
}
