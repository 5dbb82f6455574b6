using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Salon.Api.Tests.Infrastructure;

public static class Http
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Task<HttpResponseMessage> PostJson(this HttpClient http, string url, object body)
        => http.PostAsJsonAsync(url, body, Json);

    public static Task<HttpResponseMessage> PostRaw(this HttpClient http, string url, string body) =>
        http.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));

    public static async Task<JsonNode> Body(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("empty body");

    /// <summary>Asserts the status and returns the JSON body, showing the body when the status is wrong.</summary>
    public static async Task<JsonNode> Expect(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status,
            $"expected {(int)status} but got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    /// <summary>Asserts an RFC 9457 problem with the given status and stable type code.</summary>
    public static async Task<JsonNode> ExpectProblem(this HttpResponseMessage response, HttpStatusCode status,
        string code)
    {
        var body = await response.Expect(status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("https://salon.example/problems/" + code, (string?)body["type"]);
        Assert.Equal((int)status, (int?)body["status"]);
        return body;
    }

    /// <summary>Every item of a paged list (items, pageNumber, pageSize, total), read page after page.</summary>
    public static async Task<JsonArray> AllAsync(this HttpClient http, string url)
    {
        var all = new JsonArray();
        for (var page = 1; ; page++)
        {
            var separator = url.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            var answer = await http.GetAsync($"{url}{separator}page={page}&pageSize=100");
            var body = await answer.Expect(HttpStatusCode.OK);
            var items = body["items"]!.AsArray();
            foreach (var item in items.ToList()) all.Add(item!.DeepClone());
            if (items.Count == 0 || all.Count >= (long)body["total"]!) return all;
        }
    }
}
