using System.Net;
using System.Text.Json;

namespace PeakShop.Integration.Tests.Cdn;

/// <summary>The edge serves public catalog API GETs (ADR 21): one copy per URL whoever asks, never an error or a cart.</summary>
public sealed class CdnEdgeApiTests(CdnEdge cdn) : IClassFixture<CdnEdge>
{
    [Fact]
    public async Task CatalogGet_IsMissThenHit_ForEveryCaller_WithTheOriginsCacheControl()
    {
        const string path = "api/v1/products/1";
        using var first = await cdn.GetAsync(path);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        // A partner's key and a shopper's cookie neither split the cache nor bypass it.
        request.Headers.Add("X-Api-Key", "psk_someone_secret");
        request.Headers.Add("Cookie", "ps_cart=abc");
        using var second = await cdn.Edge.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("MISS", CdnEdge.XCache(first));
        Assert.Equal("HIT", CdnEdge.XCache(second));
        Assert.Equal("public, max-age=30", second.Headers.CacheControl?.ToString());
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        using var body = JsonDocument.Parse(await second.Content.ReadAsStringAsync());
        Assert.Equal(1, body.RootElement.GetProperty("id").GetInt32());
        Assert.False(second.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task CatalogList_IsCachedPerQueryString()
    {
        Assert.Equal("MISS", await cdn.CacheOfAsync("api/v1/products?category=tents"));
        Assert.Equal("HIT", await cdn.CacheOfAsync("api/v1/products?category=tents"));
        Assert.Equal("MISS", await cdn.CacheOfAsync("api/v1/products?category=tents&sort=newest"));
    }

    [Fact]
    public async Task ApiProblems_AreNotCached()
    {
        using var first = await cdn.GetAsync("api/v1/products/2000000000");
        using var second = await cdn.GetAsync("api/v1/products/2000000000");

        Assert.Equal(HttpStatusCode.NotFound, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        Assert.Equal("MISS", CdnEdge.XCache(second));
    }

    [Theory]
    [InlineData("GET", "/api/v1/carts/abc")]
    [InlineData("GET", "/api/v1/me")]
    [InlineData("POST", "/api/v1/products/lookup")]
    [InlineData("GET", "/api/v1/products/lookup")]
    public async Task PrivateApi_IsNotServedByTheEdge(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        using var response = await cdn.Edge.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType); // the edge's own 404
    }
}
