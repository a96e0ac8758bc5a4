using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Caching;
using PeakShop.Infrastructure.Catalog;
using PeakShop.Infrastructure.Data;

namespace PeakShop.Integration.Tests.Web.Storefront;

public sealed class CatalogPagesTests : IClassFixture<ShopFactory>, IAsyncLifetime
{
    private readonly ShopFactory _factory;

    public CatalogPagesTests(ShopFactory factory) => _factory = factory;

    // Other tests write prices without invalidating: start from what the database holds.
    public async Task InitializeAsync() =>
        await _factory.Services.GetRequiredService<IShopCacheInvalidator>().InvalidateAsync([CatalogTags.Catalog]);

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("price-asc")]
    [InlineData("price-desc")]
    [InlineData("newest")]
    [InlineData("relevance")]
    public async Task Category_PagesFollowOneAnotherWithoutGapsOrDuplicates(string sort)
    {
        using var client = _factory.CreateCookielessClient();
        var expected = await ExpectedSlugsAsync("outdoor", sort, brand: "summitcraft", inStockOnly: true);
        Assert.True(expected.Count > 2 * ListingQuery.PageSize, $"need several pages, got {expected.Count}");

        var seen = new List<string>();
        var pages = new List<string>();
        string? href = $"/c/outdoor?brand=summitcraft&stock=1&sort={sort}";
        while (href is not null && pages.Count < 50)
        {
            var html = await GetOkAsync(client, href);
            pages.Add(href);
            Assert.Contains($"{expected.Count.ToString("N0", CultureInfo.InvariantCulture)} products", html, StringComparison.Ordinal);
            seen.AddRange(Html.ProductLinks(html).Select(l => l["/p/".Length..]));
            href = Html.NextHref(html);
        }

        Assert.Equal(expected, seen);
        Assert.Equal((expected.Count + ListingQuery.PageSize - 1) / ListingQuery.PageSize, pages.Count);

        // Previous from the last page returns exactly the page before it.
        var last = await GetOkAsync(client, pages[^1]);
        var previous = await GetOkAsync(client, Html.PreviousHref(last)!);
        var pageBefore = Html.ProductLinks(await GetOkAsync(client, pages[^2]));
        Assert.Equal(pageBefore, Html.ProductLinks(previous));
    }

    [Fact]
    public async Task Category_DeepPageByNumber_MatchesKeysetPage()
    {
        using var client = _factory.CreateCookielessClient();
        var expected = await ExpectedSlugsAsync("outdoor", "price-asc", brand: null, inStockOnly: false);

        var html = await GetOkAsync(client, "/c/outdoor?sort=price-asc&page=3");

        Assert.Equal(expected.Skip(2 * ListingQuery.PageSize).Take(ListingQuery.PageSize), Html.ProductLinks(html).Select(l => l["/p/".Length..]));
        Assert.Contains("Page 3 of", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Category_PriceFilter_ShowsOnlyProductsInRange()
    {
        using var client = _factory.CreateCookielessClient();

        var html = WebUtility.HtmlDecode(await GetOkAsync(client, "/c/kitchen?min=100&max=150&sort=price-asc"));

        var prices = Regex.Matches(html, "class=\"product-price\"[^>]*>€([0-9,.]+)<")
            .Select(m => decimal.Parse(m.Groups[1].Value, NumberStyles.Number, CultureInfo.InvariantCulture)).ToList();
        Assert.NotEmpty(prices);
        Assert.All(prices, p => Assert.InRange(p, 100m, 150m));
        Assert.Equal(prices.Order(), prices);
        Assert.Matches("aria-current=\"page\"[^>]*>Kitchen<", html);
    }

    [Theory]
    [InlineData("tnet", "Tent")]
    [InlineData("kettel", "Kettle")]
    [InlineData("espreso machine", "Espresso Machine")]
    public async Task Search_ToleratesTypos(string query, string expectedInNames)
    {
        using var client = _factory.CreateCookielessClient();

        var html = await GetOkAsync(client, "/search?q=" + Uri.EscapeDataString(query));

        var links = Html.ProductLinks(html);
        Assert.NotEmpty(links);
        Assert.Contains($"<mark", html, StringComparison.Ordinal);
        var names = Regex.Matches(html, "class=\"product-name\"[^>]*>(.*?)</span>", RegexOptions.Singleline)
            .Select(m => Regex.Replace(m.Groups[1].Value, "<[^>]+>", "")).ToList();
        Assert.All(names.Take(5), n => Assert.Contains(expectedInNames, n, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Search_RanksNameMatchesFirst_AndHighlightsThem()
    {
        using var client = _factory.CreateCookielessClient();

        var html = await GetOkAsync(client, "/search?q=headlamp");

        var firstName = Regex.Match(html, "class=\"product-name\"[^>]*>(.*?)</span>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Matches("<mark[^>]*>Headlamp</mark>", firstName);
    }

    [Fact]
    public async Task Search_PagePastTheEnd_ShowsTheLastPage()
    {
        using var client = _factory.CreateCookielessClient();

        var html = await GetOkAsync(client, "/search?q=tent&page=40");

        Assert.NotEmpty(Html.ProductLinks(html));
        Assert.Matches("Page ([0-9]+) of \\1<", html);
        Assert.Null(Html.NextHref(html));
    }

    [Fact]
    public async Task Search_WithNoMatch_OffersDidYouMean()
    {
        using var client = _factory.CreateCookielessClient();

        var html = await GetOkAsync(client, "/search?q=tentt+hedlamp");

        Assert.Contains("Did you mean", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/search?q=tent%20headlamp\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_RendersScriptInQueryInert()
    {
        using var client = _factory.CreateCookielessClient();

        var html = await GetOkAsync(client, "/search?q=" + Uri.EscapeDataString("<script>alert(1)</script><img src=x onerror=alert(2)>"));

        Assert.DoesNotContain("<script>alert", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img src=x", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Suggest_ReturnsProductNamesAsJson()
    {
        using var client = _factory.CreateCookielessClient();

        using var response = await client.GetAsync(new Uri("/search/suggest?q=espr", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var items = json.RootElement.EnumerateArray().ToList();
        Assert.InRange(items.Count, 1, CatalogSearch.SuggestCount);
        Assert.All(items, i => Assert.Contains("Espresso", i.GetProperty("name").GetString(), StringComparison.Ordinal));
        Assert.All(items, i => Assert.StartsWith("/p/", i.GetProperty("url").GetString(), StringComparison.Ordinal));
    }

    public static TheoryData<string, HttpStatusCode> BadInputs => new()
    {
        { "/c/tents?page=-5", HttpStatusCode.OK },
        { "/c/tents?page=99999999999999999999", HttpStatusCode.OK },
        { "/c/tents?page=abc", HttpStatusCode.OK },
        { "/c/tents?min=900&max=10", HttpStatusCode.OK },
        { "/c/tents?min=-1&max=1e99", HttpStatusCode.OK },
        { "/c/tents?after=not-a-cursor", HttpStatusCode.OK },
        { "/c/tents?after=cHJpY2UtYXNjfDF8eHh4&sort=price-asc", HttpStatusCode.OK },
        // Control characters are refused at the edge of input (issue 12), before the cursor is read.
        { "/c/tents?before=%00%01&sort=bogus", HttpStatusCode.BadRequest },
        { "/c/tents?brand=%27%3B%20drop%20table%20products", HttpStatusCode.OK },
        { "/search?q=" + new string('a', 10_000), HttpStatusCode.OK },
        { "/search?q=" + Uri.EscapeDataString(string.Join(' ', Enumerable.Repeat("tent", 3000))), HttpStatusCode.OK },
        { "/search?q=%27%22%5C%3A*%26%7C!()", HttpStatusCode.OK },
        { "/search?q=tent&page=-1", HttpStatusCode.OK },
        { "/search?q=tent&page=999999999999", HttpStatusCode.OK },
        { "/search/suggest?q=" + new string('x', 10_000), HttpStatusCode.OK },
        { "/search/suggest?q=%27%3A*%26", HttpStatusCode.OK },
        { "/c/no-such-category", HttpStatusCode.NotFound },
        { "/c/" + new string('a', 500), HttpStatusCode.NotFound },
        { "/c/%3Cscript%3E", HttpStatusCode.NotFound },
        { "/p/no-such-product", HttpStatusCode.NotFound },
        { "/p/UPPER-case", HttpStatusCode.NotFound },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task BadInput_IsHandled_NeverAServerError(string url, HttpStatusCode expected)
    {
        using var client = _factory.CreateCookielessClient();

        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.NotFound)
        {
            Assert.Contains("could not find that page", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Product_HasJsonLdCanonicalOpenGraphAndAddToCartForm()
    {
        using var client = _factory.CreateCookielessClient();
        var product = await InStockProductAsync();

        var html = await GetOkAsync(client, $"/p/{product.Slug}");

        var jsonLd = Regex.Match(html, "<script type=\"application/ld\\+json\">(.*?)</script>", RegexOptions.Singleline);
        Assert.True(jsonLd.Success, "no JSON-LD");
        using var json = JsonDocument.Parse(jsonLd.Groups[1].Value);
        var root = json.RootElement;
        Assert.Equal("Product", root.GetProperty("@type").GetString());
        Assert.Equal(product.Sku, root.GetProperty("sku").GetString());
        Assert.Equal(product.Name, root.GetProperty("name").GetString());
        Assert.Equal(product.Price.ToString(CultureInfo.InvariantCulture), root.GetProperty("offers").GetProperty("price").GetString());
        Assert.Equal("EUR", root.GetProperty("offers").GetProperty("priceCurrency").GetString());
        Assert.Equal("https://schema.org/InStock", root.GetProperty("offers").GetProperty("availability").GetString());
        Assert.EndsWith($"/p/{product.Slug}", root.GetProperty("offers").GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.NotEmpty(root.GetProperty("image").EnumerateArray());
        Assert.Matches($"<link rel=\"canonical\" href=\"http[^\"]*/p/{product.Slug}\"", html);
        Assert.Contains("property=\"og:title\"", html, StringComparison.Ordinal);
        Assert.Contains("srcset=\"", html, StringComparison.Ordinal);

        Assert.Contains("<form class=\"add-to-cart\" method=\"post\" action=\"/cart/items\"", html, StringComparison.Ordinal);
        // Shared from the page cache, so nothing per-user: the form is guarded by origin, not a token.
        Assert.DoesNotContain("__RequestVerificationToken", html, StringComparison.Ordinal);
        Assert.Matches($"name=\"productId\" value=\"{product.Id}\"", html);
        Assert.Matches($"name=\"returnUrl\" value=\"/p/{product.Slug}\"", html);
        Assert.Matches("name=\"quantity\" type=\"number\" min=\"1\" max=\"[0-9]+\" value=\"1\"", html);
    }

    [Theory]
    [InlineData("quantity", null, "quantity from 1 to 99")]
    [InlineData("stock", "3", "Only 3 left in stock")]
    [InlineData("unavailable", null, "no longer available")]
    public async Task Product_ShowsCartErrorFromRedirect(string code, string? max, string message)
    {
        using var client = _factory.CreateCookielessClient();
        var product = await InStockProductAsync();

        var html = await GetOkAsync(client, $"/p/{product.Slug}?cart_error={code}" + (max is null ? "" : $"&cart_max={max}"));

        Assert.Matches($"role=\"alert\"[^>]*>[^<]*{message}", html);
    }

    [Fact]
    public async Task Product_OutOfStock_HasNoAddToCartForm()
    {
        using var client = _factory.CreateCookielessClient();
        string slug;
        using (var scope = _factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ShopReadDbContext>();
            slug = await db.Products.Listed().Where(p => p.Stock == 0).OrderBy(p => p.Id).Select(p => p.Slug).FirstAsync();
        }

        var html = await GetOkAsync(client, $"/p/{slug}");

        Assert.DoesNotContain("action=\"/cart/items\"", html, StringComparison.Ordinal);
        Assert.Contains("Out of stock", html, StringComparison.Ordinal);
        Assert.Contains("https://schema.org/OutOfStock", html, StringComparison.Ordinal);
    }

    private async Task<Product> InStockProductAsync()
    {
        using var scope = _factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopReadDbContext>();
        return await db.Products.Listed().Where(p => p.Stock > 10).OrderBy(p => p.Id).FirstAsync();
    }

    private async Task<List<string>> ExpectedSlugsAsync(string categorySlug, string sort, string? brand, bool inStockOnly)
    {
        using var scope = _factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopReadDbContext>();
        var root = await db.Categories.SingleAsync(c => c.Slug == categorySlug);
        var ids = await db.Categories.Where(c => c.Id == root.Id || c.ParentId == root.Id).Select(c => c.Id).ToListAsync();
        var products = db.Products.Listed().Where(p => ids.Contains(p.CategoryId));
        if (brand is not null)
        {
            products = products.Where(p => p.Brand!.Slug == brand);
        }
        if (inStockOnly)
        {
            products = products.Where(p => p.Stock > 0);
        }
        var ordered = sort switch
        {
            "price-asc" => products.OrderBy(p => p.Price).ThenBy(p => p.Id),
            "price-desc" => products.OrderByDescending(p => p.Price).ThenByDescending(p => p.Id),
            "newest" => products.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id),
            _ => products.OrderBy(p => p.Name).ThenBy(p => p.Id),
        };
        return await ordered.Select(p => p.Slug).ToListAsync();
    }

    private static async Task<string> GetOkAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 2000)]}");
        return body;
    }
}
