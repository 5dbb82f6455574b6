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

    /// <summary>Dapper would bind an enum as its number; the data layer binds the stored word, as the JSON
    /// spells it.</summary>
    [Fact]
    public async Task An_enum_parameter_is_bound_as_its_stored_word()
    {
        Assert.Equal("no_show", await App.ScalarAsync<string>("SELECT @status", new { status = BookingStatus.NoShow }));
        Assert.Equal("package_sale", await App.ScalarAsync<string>("SELECT @purpose",
            new { purpose = PaymentPurpose.PackageSale }));
        Assert.Equal("SURF", await App.ScalarAsync<string>("SELECT @kind",
            new { kind = Salon.Api.Features.Catalog.ScreeningKind.Surf }));
        Assert.Equal(BookingStatus.NoShow,
            Salon.Api.Infrastructure.Data.Enums.Parse<BookingStatus>(await App.ScalarAsync<string>("SELECT @status",
                new { status = (BookingStatus?)BookingStatus.NoShow }) ?? ""));
    }

    [Fact]
    public async Task Kopecks_are_a_whole_number() =>
        Assert.Equal(new Kopecks(123_456), await App.ScalarAsync<Kopecks>("SELECT @amount",
            new { amount = new Kopecks(123_456) }));
}

public sealed class TypeHandlersOnSqlite(SqliteApp app) : TypeHandlerTests(app), IClassFixture<SqliteApp>;
public sealed class TypeHandlersOnPostgres(PostgresApp app) : TypeHandlerTests(app), IClassFixture<PostgresApp>;
public sealed class TypeHandlersOnSqlServer(SqlServerApp app) : TypeHandlerTests(app), IClassFixture<SqlServerApp>;
