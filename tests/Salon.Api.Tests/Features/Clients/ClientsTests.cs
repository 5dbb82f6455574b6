using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Salon.Api.Tests.Infrastructure;

namespace Salon.Api.Tests;

public abstract class ClientsTests(SalonApp app) : ProviderTests(app)
{
    private static int _phoneSeed = Random.Shared.Next(1_000_000, 8_000_000);

    /// <summary>A phone no other test in this run uses, in the local format a front desk types.</summary>
    public static string NewPhone() => $"8 (926) {Interlocked.Increment(ref _phoneSeed):0000000}";

    public static object NewClient(string? phone = null, string first = "Екатерина", string last = "Орлова") => new
    {
        firstName = first,
        lastName = last,
        phone = phone ?? NewPhone(),
        birthDate = "1990-04-12",
        personalDataConsent = new { channel = "paper" },
    };

    [Fact]
    public async Task Registering_a_client_normalises_the_phone_and_records_the_consent()
    {
        var desk = App.FrontDesk();
        var response = await desk.PostJson("/api/v1/clients", NewClient(phone: "8 (916) 555-12-34".Replace("555",
            Random.Shared.Next(100, 999).ToString())));
        var client = await response.Expect(HttpStatusCode.Created);

        Assert.StartsWith("+7916", (string)client["phone"]!);
        Assert.Equal(12, ((string)client["phone"]!).Length);
        var consent = Assert.Single(client["consents"]!.AsArray());
        Assert.Equal("personal_data", (string?)consent!["kind"]);
        Assert.Equal("paper", (string?)consent["channel"]);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal(1L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM client_consents WHERE client_id = @id",
            new { id = Guid.Parse((string)client["id"]!) }));
    }

    [Fact]
    public async Task The_same_phone_written_differently_is_refused_as_taken()
    {
        var desk = App.FrontDesk();
        var digits = Random.Shared.Next(1_000_000, 9_999_999).ToString();
        await (await desk.PostJson("/api/v1/clients",
            NewClient(phone: "+7 903 " + digits))).Expect(HttpStatusCode.Created);

        var again = await desk.PostJson("/api/v1/clients", NewClient(phone: "8903" + digits));

        await again.ExpectProblem(HttpStatusCode.Conflict, "phone-taken");
        Assert.Equal(1L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM clients WHERE phone = @phone",
            new { phone = "+7903" + digits }));
    }

    [Fact]
    public async Task Registering_the_same_phone_at_once_from_many_desks_stores_exactly_one_client()
    {
        var phone = NewPhone();
        var attempts = await Task.WhenAll(Enumerable.Range(0, 20).Select(_
            => App.FrontDesk().PostJson("/api/v1/clients", NewClient(phone))));

        Assert.Equal(1, attempts.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(attempts.Where(r => r.StatusCode != HttpStatusCode.Created), r
            => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        var digits = new string(phone.Where(char.IsAsciiDigit).ToArray())[1..];
        Assert.Equal(1L, await App.ScalarAsync<long>("SELECT COUNT(*) FROM clients WHERE phone = @phone",
            new { phone = "+7" + digits }));
    }

    [Fact]
    public async Task An_update_needs_the_current_version_and_a_stale_one_gets_412()
    {
        var desk = App.FrontDesk();
        var created = await (await desk.PostJson("/api/v1/clients", NewClient())).Expect(HttpStatusCode.Created);
        var url = $"/api/v1/clients/{created["id"]}";
        var changes = new { firstName = "Катя", lastName = "Орлова", phone = (string)created["phone"]!,
            email = "katya@example.ru" };

        var withoutVersion = await desk.PutAsync(url, JsonContent(changes));
        await withoutVersion.ExpectProblem(HttpStatusCode.PreconditionRequired, "precondition-required");

        var first = await desk.SendAsync(Put(url, changes, "\"1\""));
        var updated = await first.Expect(HttpStatusCode.OK);
        Assert.Equal("Катя", (string?)updated["firstName"]);
        Assert.Equal(2L, (long?)updated["version"]);
        Assert.Equal("\"2\"", first.Headers.ETag?.Tag);

        var stale = await desk.SendAsync(Put(url, changes with { }, "\"1\""));
        await stale.ExpectProblem(HttpStatusCode.PreconditionFailed, "precondition-failed");
        Assert.Equal("Катя", (string?)(await (await desk.GetAsync(url)).Expect(HttpStatusCode.OK))["firstName"]);
    }

    [Fact]
    public async Task Two_concurrent_updates_with_the_same_version_let_exactly_one_through()
    {
        var desk = App.FrontDesk();
        var created = await (await desk.PostJson("/api/v1/clients", NewClient())).Expect(HttpStatusCode.Created);
        var url = $"/api/v1/clients/{created["id"]}";

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            App.FrontDesk().SendAsync(Put(url, new { firstName = $"Имя{i}", lastName = "Орлова",
                phone = (string)created["phone"]! }, "\"1\""))));

        Assert.Equal(1, results.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(9, results.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed));
        Assert.Equal(2L, await App.ScalarAsync<long>("SELECT version FROM clients WHERE id = @id",
            new { id = Guid.Parse((string)created["id"]!) }));
    }

    [Fact]
    public async Task Search_finds_by_part_of_the_name_in_any_case_and_by_phone_digits_a_page_at_a_time()
    {
        var desk = App.FrontDesk();
        var tag = "Тест" + Guid.NewGuid().ToString("N")[..6];
        var phones = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var c = await (await desk.PostJson("/api/v1/clients", NewClient(first: "Алёна",
                last: tag + i))).Expect(HttpStatusCode.Created);
            phones.Add((string)c["phone"]!);
        }

        var page1 = await (await desk.GetAsync($"/api/v1/clients?query={Uri.EscapeDataString(tag.ToUpperInvariant())}&pageSize=2")).Expect(HttpStatusCode.OK);
        Assert.Equal(5L, (long?)page1["total"]);
        Assert.Equal(2, page1["items"]!.AsArray().Count);
        var page3 = await (await desk.GetAsync($"/api/v1/clients?query={Uri.EscapeDataString(tag)}&pageSize=2&page=3")).Expect(HttpStatusCode.OK);
        Assert.Single(page3["items"]!.AsArray());

        var byYo = await (await desk.GetAsync($"/api/v1/clients?query={Uri.EscapeDataString("алена " + tag.ToLowerInvariant())}")).Expect(HttpStatusCode.OK);
        Assert.Equal(0L, (long?)byYo["total"]); // the key is "last first": word order matters
        var byFirstName = await (await desk.GetAsync($"/api/v1/clients?query={Uri.EscapeDataString(tag.ToLowerInvariant() + "0 алена")}")).Expect(HttpStatusCode.OK);
        Assert.Equal(1L, (long?)byFirstName["total"]);

        var local = "8" + phones[0][2..];
        var byPhone = await (await desk.GetAsync($"/api/v1/clients?query={Uri.EscapeDataString(local)}")).Expect(HttpStatusCode.OK);
        Assert.Equal(phones[0], (string?)Assert.Single(byPhone["items"]!.AsArray())!["phone"]);
    }

    [Fact]
    public async Task Search_treats_like_wildcards_as_plain_text()
    {
        var page = await (await App.FrontDesk().GetAsync("/api/v1/clients?query=%25%25_")).Expect(HttpStatusCode.OK);
        Assert.Equal(0L, (long?)page["total"]);
        // [а-я] is a character class to SQL Server's LIKE: it must stay text there too.
        var bracket = await (await App.FrontDesk().GetAsync($"/api/v1/clients?query={Uri.EscapeDataString("[а-я]")}")).Expect(HttpStatusCode.OK);
        Assert.Equal(0L, (long?)bracket["total"]);
    }

    [Fact]
    public async Task A_consent_can_be_withdrawn_once_and_stays_on_record()
    {
        var desk = App.FrontDesk();
        var created = await (await desk.PostJson("/api/v1/clients", NewClient())).Expect(HttpStatusCode.Created);
        var consentId = (string)created["consents"]![0]!["id"]!;
        var url = $"/api/v1/clients/{created["id"]}/consents/{consentId}/withdraw";

        var withdrawn = await (await desk.PostAsync(url, null)).Expect(HttpStatusCode.OK);
        Assert.NotNull((string?)withdrawn["consents"]![0]!["withdrawnAt"]);
        await (await desk.PostAsync(url, null)).ExpectProblem(HttpStatusCode.Conflict, "consent-already-withdrawn");
    }

    [Fact]
    public async Task An_unknown_client_is_404_with_the_not_found_type()
    {
        await (await App.FrontDesk().GetAsync($"/api/v1/clients/{Guid.NewGuid()}")).ExpectProblem(HttpStatusCode.NotFound, "not-found");
    }

    private static StringContent JsonContent(object body) =>
        new(System.Text.Json.JsonSerializer.Serialize(body, Http.Json), System.Text.Encoding.UTF8, "application/json");

    private static HttpRequestMessage Put(string url, object body, string etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent(body) };
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        return request;
    }
}

public sealed class ClientsOnSqlite(SqliteApp app) : ClientsTests(app), IClassFixture<SqliteApp>;
public sealed class ClientsOnPostgres(PostgresApp app) : ClientsTests(app), IClassFixture<PostgresApp>;
public sealed class ClientsOnSqlServer(SqlServerApp app) : ClientsTests(app), IClassFixture<SqlServerApp>;
