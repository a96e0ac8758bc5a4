using System.Net;
using System.Text;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Integration.Tests.Web.Storefront;

namespace PeakShop.Integration.Tests.Api.V1;

/// <summary>Every error under /api is RFC 9457 problem JSON, and no bad input is ever a 5xx.</summary>
public sealed class ApiErrorsTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/html")] // a browser: still JSON, never the status page re-executed
    public async Task UnknownRoute_Is404Problem_WhateverTheClientAccepts(string accept)
    {
        using var client = factory.CreateCookielessClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/no-such-thing");
        request.Headers.Accept.ParseAdd(accept);
        using var response = await client.SendAsync(request);

        var problem = await ApiJson.ProblemAsync(response, HttpStatusCode.NotFound, "not-found");
        Assert.Equal("/api/v1/no-such-thing", problem.GetProperty("instance").GetString());
    }

    [Fact]
    public async Task WrongMethod_Is405Problem_WithAllow()
    {
        using var client = factory.CreateCookielessClient();
        using var response = await client.DeleteAsync(new Uri("/api/v1/products/1", UriKind.Relative));

        await ApiJson.ProblemAsync(response, HttpStatusCode.MethodNotAllowed, "method-not-allowed");
        Assert.Contains("GET", response.Content.Headers.Allow);
    }

    [Fact]
    public async Task BodyOver64KB_Is413Problem()
    {
        using var client = factory.CreateCookielessClient();
        // 70 KB of valid JSON: refused for its size, not its content.
        var ids = string.Join(',', Enumerable.Repeat("1", 35 * 1024));
        using var response = await client.PostAsync(new Uri("/api/v1/products/lookup", UriKind.Relative), Json($"{{\"ids\":[{ids}]}}"));

        await ApiJson.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
    }

    [Fact]
    public async Task TextPlainBody_Is415Problem()
    {
        using var client = factory.CreateCookielessClient();
        using var response = await client.PostAsync(new Uri("/api/v1/products/lookup", UriKind.Relative),
            new StringContent("{\"ids\":[1]}", Encoding.UTF8, "text/plain"));

        await ApiJson.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
    }

    [Theory]
    [InlineData("{\"ids\":[1,")]
    [InlineData("{\"ids\":\"one\"}")]
    [InlineData("not json")]
    [InlineData("")]
    public async Task MalformedJson_Is400Problem(string body)
    {
        using var client = factory.CreateCookielessClient();
        using var response = await client.PostAsync(new Uri("/api/v1/products/lookup", UriKind.Relative), Json(body));

        await ApiJson.ProblemAsync(response, HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task UnknownJsonFields_AreIgnored()
    {
        var product = await TestProducts.CreateAsync(factory.Services, stock: 3, price: 12.5m);
        await TestProducts.WaitVisibleOnStandbyAsync(factory.Services, product.Id);
        using var client = factory.CreateCookielessClient();
        using var response = await client.PostAsync(new Uri("/api/v1/products/lookup", UriKind.Relative),
            Json($"{{\"colour\":\"red\",\"ids\":[{product.Id}],\"nested\":{{\"a\":[1,2]}}}}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tiles = await ApiJson.ReadAsync(response);
        var tile = Assert.Single(tiles.EnumerateArray());
        Assert.Equal(product.Id, tile.GetProperty("id").GetInt32());
        Assert.Equal(12.5m, tile.GetProperty("price").GetDecimal());
        Assert.Equal("EUR", tile.GetProperty("currency").GetString());
    }

    [Theory]
    [InlineData("{\"ids\":[]}")]
    [InlineData("{}")]
    [InlineData("{\"ids\":[0]}")]
    public async Task InvalidBodyFields_Are400WithTheField(string body)
    {
        using var client = factory.CreateCookielessClient();
        using var response = await client.PostAsync(new Uri("/api/v1/products/lookup", UriKind.Relative), Json(body));

        var problem = await ApiJson.ProblemAsync(response, HttpStatusCode.BadRequest, "validation");
        Assert.NotEmpty(ApiJson.Errors(problem, "ids"));
    }

    [Theory]
    [InlineData("/api/v1/products?sort=cheapest", "sort")]
    [InlineData("/api/v1/products?after=not-a-cursor", "after")]
    [InlineData("/api/v1/products?before=%FF%FE", null)]
    [InlineData("/api/v1/products?min=abc", "min")]
    [InlineData("/api/v1/products?min=1e309", "min")]
    [InlineData("/api/v1/products?max=-1", "max")]
    [InlineData("/api/v1/products?min=50&max=10", "max")]
    [InlineData("/api/v1/products?stock=maybe", "stock")]
    [InlineData("/api/v1/products?brand=A%20B", "brand")]
    [InlineData("/api/v1/products?category=a%00b", null)]
    [InlineData("/api/v1/search?q=", "q")]
    [InlineData("/api/v1/search?q=tent&page=51", "page")]
    [InlineData("/api/v1/search?q=tent&page=2147483648", "page")]
    [InlineData("/api/v1/search?q=tent&page=NaN", "page")]
    [InlineData("/api/v1/search/suggest?q=%ED%A0%80", null)]
    [InlineData("/api/v1/products/2147483648", null)] // not an int: no route, a 404
    public async Task HostileQueryValues_Are4xxProblems_NeverServerErrors(string url, string? field)
    {
        using var client = factory.CreateCookielessClient();
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));

        var status = (int)response.StatusCode;
        Assert.True(status is 400 or 404, $"{url}: {status} {await response.Content.ReadAsStringAsync()}");
        var problem = await ApiJson.ProblemAsync(response, response.StatusCode, status == 400 ? "validation" : "not-found");
        if (field is not null)
        {
            Assert.NotEmpty(ApiJson.Errors(problem, field));
        }
    }

    [Fact]
    public async Task CrossOriginPost_IsNotRefused_BecauseTheApiTrustsNoCookie()
    {
        using var client = factory.CreateCookielessClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/products/lookup") { Content = Json("{\"ids\":[1]}") };
        request.Headers.Add("Origin", "https://elsewhere.example");
        request.Headers.Add("Sec-Fetch-Site", "cross-site");
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task UnexpectedException_Is500Problem_NotAPage()
    {
        await using var failing = factory.WithWebHostBuilder(web => web.ConfigureTestServices(services =>
        {
            var inner = services.Last(d => d.ServiceType == typeof(HybridCache));
            services.Remove(inner);
            services.AddSingleton<HybridCache>(sp => new FailingHybridCache(
                (HybridCache)(inner.ImplementationInstance ?? inner.ImplementationFactory?.Invoke(sp)
                    ?? ActivatorUtilities.CreateInstance(sp, inner.ImplementationType!)),
                FailingHybridCache.FailingKey));
        }));
        using var client = failing.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/products/" + FailingHybridCache.FailingId);
        request.Headers.Accept.ParseAdd("text/html");
        using var response = await client.SendAsync(request);

        var problem = await ApiJson.ProblemAsync(response, HttpStatusCode.InternalServerError, "server-error");
        Assert.DoesNotContain("boom", problem.ToString(), StringComparison.Ordinal); // no exception text for the client
    }

    /// <summary>The real cache, except that one key throws what a bug would throw (not an outage).</summary>
    private sealed class FailingHybridCache(HybridCache inner, string failingKey) : HybridCache
    {
        public const int FailingId = 2_000_000_001;
        public static readonly string FailingKey = "catalog:product:" + FailingId;

        public override ValueTask<T> GetOrCreateAsync<TState, T>(string key, TState state, Func<TState, CancellationToken, ValueTask<T>> factory,
            HybridCacheEntryOptions? options = null, IEnumerable<string>? tags = null, CancellationToken cancellationToken = default) =>
            key == failingKey
                ? throw new InvalidOperationException("boom")
                : inner.GetOrCreateAsync(key, state, factory, options, tags, cancellationToken);

        public override ValueTask SetAsync<T>(string key, T value, HybridCacheEntryOptions? options = null, IEnumerable<string>? tags = null,
            CancellationToken cancellationToken = default) => inner.SetAsync(key, value, options, tags, cancellationToken);

        public override ValueTask RemoveAsync(string key, CancellationToken cancellationToken = default) => inner.RemoveAsync(key, cancellationToken);

        public override ValueTask RemoveByTagAsync(string tag, CancellationToken cancellationToken = default) => inner.RemoveByTagAsync(tag, cancellationToken);
    }
}
