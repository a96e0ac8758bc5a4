using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Auditing;
using PeakShop.Infrastructure.Catalog.Admin;
using PeakShop.Integration.Tests.Web.Storefront;

namespace PeakShop.Integration.Tests.Api.V1;

/// <summary>The catalog read API on the real platform: keyset paging, filters, products, categories, search, caching.</summary>
public sealed class CatalogApiTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    private async Task<(HttpResponseMessage Response, JsonElement Body)> GetAsync(string url)
    {
        using var client = factory.CreateCookielessClient();
        var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        var body = response.Content.Headers.ContentLength is 0 ? default : await ApiJson.ReadAsync(response);
        return (response, body);
    }

    private static int[] Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32())];

    private static decimal[] Prices(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("price").GetDecimal())];

    /// <summary>
    /// A seeded category no test adds products to: other classes create theirs, cheap, in the first product's category
    /// (tents) while this one runs, and one of them landing on the first page moved the walk back by one.
    /// </summary>
    private const string QuietCategory = "backpacks";

    [Fact]
    public async Task ListProducts_CursorsWalkForwardAndBack_InPriceOrder()
    {
        var (firstResponse, first) = await GetAsync($"/api/v1/products?category={QuietCategory}&sort=price-asc");
        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
        Assert.Equal(24, Ids(first).Length);
        Assert.True(first.GetProperty("total").GetInt32() > 24);
        Assert.Equal(JsonValueKind.Null, first.GetProperty("previousCursor").ValueKind);
        var next = first.GetProperty("nextCursor").GetString()!;

        var (_, second) = await GetAsync($"/api/v1/products?category={QuietCategory}&sort=price-asc&after=" + Uri.EscapeDataString(next));
        Assert.Empty(Ids(first).Intersect(Ids(second)));
        var prices = Prices(first).Concat(Prices(second)).ToArray();
        Assert.Equal(prices.Order(), prices);

        var back = second.GetProperty("previousCursor").GetString()!;
        var (_, again) = await GetAsync($"/api/v1/products?category={QuietCategory}&sort=price-asc&before=" + Uri.EscapeDataString(back));
        Assert.Equal(Ids(first), Ids(again));
    }

    [Fact]
    public async Task ListProducts_WithoutCategory_ListsTheWholeCatalog_AndFiltersApply()
    {
        var (_, all) = await GetAsync("/api/v1/products");
        var (_, tents) = await GetAsync("/api/v1/products?category=tents");
        Assert.True(all.GetProperty("total").GetInt32() > tents.GetProperty("total").GetInt32());

        var brand = all.GetProperty("facets").GetProperty("brands")[0];
        var (response, filtered) = await GetAsync($"/api/v1/products?brand={brand.GetProperty("slug").GetString()}&min=50&max=300&stock=true&sort=newest");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(Ids(filtered));
        foreach (var item in filtered.GetProperty("items").EnumerateArray())
        {
            Assert.Equal(brand.GetProperty("name").GetString(), item.GetProperty("brand").GetString());
            Assert.InRange(item.GetProperty("price").GetDecimal(), 50m, 300m);
            Assert.True(item.GetProperty("inStock").GetBoolean());
        }
    }

    [Fact]
    public async Task ListProducts_UnknownCategory_Is404Problem()
    {
        var (response, _) = await GetAsync("/api/v1/products?category=no-such-category");
        await ApiJson.ProblemAsync(response, HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task ListProducts_CursorOfAnotherSort_Is400WithTheField()
    {
        var (_, first) = await GetAsync("/api/v1/products?category=tents&sort=price-asc");
        var next = Uri.EscapeDataString(first.GetProperty("nextCursor").GetString()!);

        var (response, _) = await GetAsync("/api/v1/products?category=tents&sort=newest&after=" + next);
        var problem = await ApiJson.ProblemAsync(response, HttpStatusCode.BadRequest, "validation");
        Assert.Contains("price-asc", ApiJson.Errors(problem, "after")[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetProduct_ByIdAndBySlug_AreTheSameProduct_WithMoneyAndAbsoluteImages()
    {
        var (_, list) = await GetAsync("/api/v1/products?category=tents");
        // A seeded product (the lowest id): products other tests make in this category have no photos.
        var tile = list.GetProperty("items").EnumerateArray().MinBy(item => item.GetProperty("id").GetInt32());
        var id = tile.GetProperty("id").GetInt32();

        var (byIdResponse, byId) = await GetAsync($"/api/v1/products/{id}");
        var (_, bySlug) = await GetAsync($"/api/v1/products/by-slug/{tile.GetProperty("slug").GetString()}");
        Assert.Equal(HttpStatusCode.OK, byIdResponse.StatusCode);
        Assert.Equal("application/json", byIdResponse.Content.Headers.ContentType?.MediaType);
        Assert.Equal(byId.ToString(), bySlug.ToString());
        Assert.Equal(JsonValueKind.Number, byId.GetProperty("price").ValueKind);
        Assert.Equal(tile.GetProperty("price").GetDecimal(), byId.GetProperty("price").GetDecimal());
        Assert.Matches("^[A-Z]{3}$", byId.GetProperty("currency").GetString());
        var images = byId.GetProperty("images").EnumerateArray().ToList();
        Assert.NotEmpty(images);
        Assert.All(images, i => Assert.StartsWith(ShopFactory.PublicBaseUrl + "/", i.GetProperty("url").GetString(), StringComparison.Ordinal));
        Assert.StartsWith(ShopFactory.PublicBaseUrl + "/", tile.GetProperty("imageUrl").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/products/2000000000")]
    [InlineData("/api/v1/products/0")]
    [InlineData("/api/v1/products/-5")]
    [InlineData("/api/v1/products/by-slug/no-such-product")]
    [InlineData("/api/v1/products/by-slug/NOT%20A%20SLUG")]
    public async Task GetProduct_Unknown_Is404Problem(string url)
    {
        var (response, _) = await GetAsync(url);
        await ApiJson.ProblemAsync(response, HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task GetProduct_HasStrongETagAndPublicCacheControl_AndAnswers304()
    {
        var product = await TestProducts.CreateAsync(factory.Services, stock: 4, price: 33m);
        await TestProducts.WaitVisibleOnStandbyAsync(factory.Services, product.Id);
        var url = $"/api/v1/products/{product.Id}";
        using var client = factory.CreateCookielessClient();

        using var first = await client.GetAsync(new Uri(url, UriKind.Relative));
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        Assert.Equal("public, max-age=30", first.Headers.CacheControl?.ToString());

        // Twice: the first revalidation may be answered by the handler, the second from the output cache.
        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.IfNoneMatch.Add(etag);
            using var revalidated = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
            Assert.Empty(await revalidated.Content.ReadAsByteArrayAsync());
            Assert.Equal(etag, revalidated.Headers.ETag);
        }

        using var other = new HttpRequestMessage(HttpMethod.Get, url);
        other.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"something-else\""));
        using var changed = await client.SendAsync(other);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(33m, (await ApiJson.ReadAsync(changed)).GetProperty("price").GetDecimal());
    }

    [Fact]
    public async Task PriceChangeByStaff_EvictsTheCachedJson_OnTheNextRead()
    {
        var product = await TestProducts.CreateAsync(factory.Services, stock: 4, price: 40m);
        await TestProducts.WaitVisibleOnStandbyAsync(factory.Services, product.Id);
        var url = $"/api/v1/products/{product.Id}";
        using var client = factory.CreateCookielessClient();
        using (var before = await client.GetAsync(new Uri(url, UriKind.Relative)))
        using (var cached = await client.GetAsync(new Uri(url, UriKind.Relative)))
        {
            Assert.Equal(40m, (await ApiJson.ReadAsync(before)).GetProperty("price").GetDecimal());
            Assert.True(cached.Headers.Age is not null, "the second read comes from the output cache");
        }

        var admin = factory.Services.GetRequiredService<ProductAdmin>();
        var form = (await admin.GetAsync(product.Id))!;
        form.Price = 45.5m;
        Assert.True((await admin.UpdateAsync(product.Id, form, new StaffActor("api-test", "api-test@peakshop.test"))).Succeeded);
        // The catalog reads on the standby: wait until it has the write (nothing reads this product meanwhile).
        await TestProducts.WaitVisibleOnStandbyAsync(factory.Services, product.Id, p => p.Price == 45.5m);

        using var after = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Null(after.Headers.Age);
        Assert.Equal(45.5m, (await ApiJson.ReadAsync(after)).GetProperty("price").GetDecimal());
    }

    [Fact]
    public async Task Categories_AreATreeOfDepartments()
    {
        var (response, tree) = await GetAsync("/api/v1/categories");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);
        var roots = tree.EnumerateArray().ToList();
        Assert.Contains(roots, r => r.GetProperty("slug").GetString() == "outdoor");
        Assert.Contains(roots.SelectMany(r => r.GetProperty("children").EnumerateArray()), c => c.GetProperty("slug").GetString() is { Length: > 0 });
    }

    [Fact]
    public async Task Search_FindsAndCorrects_AndSuggestCompletes()
    {
        var (response, page) = await GetAsync("/api/v1/search?q=tnet");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(page.GetProperty("corrected").GetBoolean());
        Assert.Equal("tent", page.GetProperty("effectiveQuery").GetString());
        Assert.NotEmpty(page.GetProperty("items").EnumerateArray());
        Assert.Equal(1, page.GetProperty("page").GetInt32());

        var (_, second) = await GetAsync("/api/v1/search?q=tent&page=2&sort=price-desc");
        var prices = Prices(second);
        Assert.Equal(prices.OrderDescending(), prices);

        var (_, suggestions) = await GetAsync("/api/v1/search/suggest?q=ten");
        Assert.NotEmpty(suggestions.EnumerateArray());
        Assert.All(suggestions.EnumerateArray(), s => Assert.False(string.IsNullOrEmpty(s.GetProperty("slug").GetString())));
    }
}
