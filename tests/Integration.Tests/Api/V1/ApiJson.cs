using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace PeakShop.Integration.Tests.Api.V1;

/// <summary>Reading API answers in tests: the JSON document of a body, and the checks every problem answer must pass.</summary>
internal static class ApiJson
{
    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    /// <summary>RFC 9457: problem+json, the status repeated in the body, our type URI, a trace id to quote.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(body);
        var problem = document.RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Equal("/api/v1/problems/" + code, problem.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        Assert.True(problem.TryGetProperty("traceId", out _), body);
        return problem;
    }

    public static string[] Errors(JsonElement problem, string field) =>
        [.. problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()!)];

    public static async Task<string> CreateCartAsync(HttpClient client)
    {
        using var response = await client.PostAsync(new Uri("/api/v1/carts", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await ReadAsync(response)).GetProperty("token").GetString()!;
    }

    /// <summary>The Redis cart id a token names (the test looks at the store the pages share).</summary>
    public static string CartId(ShopFactory factory, string token) =>
        factory.Services.GetRequiredService<PeakShop.Web.Api.V1.CartTokens>().Read(token)
        ?? throw new InvalidOperationException("not a cart token");
}
