using Salon.Domain;

namespace Salon.Api.Tests.Infrastructure;

/// <summary>Dates and money go in and come out the same on every database, through the dialect's type
/// handlers.</summary>
public abstract class TypeHandlerTests(SalonApp app) : ProviderTests(app)
{
    [Fact]
    public async Task A_date_is_stored_as_its_text_and_read_back()
    {
        var day = new DateOnly(2026, 12, 1);
        Assert.Equal("2026-12-01", (await App.ScalarAsync<string>("SELECT @day", new { day }))?.Trim());
        Assert.Equal(day, await App.ScalarAsync<DateOnly>("SELECT @day", new { day }));
    }

    [Fact]
    public async Task Kopecks_are_a_whole_number() =>
        Assert.Equal(new Kopecks(123_456), await App.ScalarAsync<Kopecks>("SELECT @amount",
            new { amount = new Kopecks(123_456) }));
}

public sealed class TypeHandlersOnSqlite(SqliteApp app) : TypeHandlerTests(app), IClassFixture<SqliteApp>;
public sealed class TypeHandlersOnPostgres(PostgresApp app) : TypeHandlerTests(app), IClassFixture<PostgresApp>;
public sealed class TypeHandlersOnSqlServer(SqlServerApp app) : TypeHandlerTests(app), IClassFixture<SqlServerApp>;
