using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Caching;
using PeakShop.Infrastructure.Data;

namespace PeakShop.Integration.Tests.Web.Storefront;

/// <summary>The search page filters and sorts its matches like a category page, and offers the brands of the matches.</summary>
public sealed partial class SearchFiltersTests : IClassFixture<ShopFactory>, IAsyncLifetime
{
    private readonly ShopFactory _factory;

    public SearchFiltersTests(ShopFactory factory) => _factory = factory;

    public async Task InitializeAsync() =>
        await _factory.Services.GetRequiredService<IShopCacheInvalidator>().InvalidateAsync([CatalogTags.Catalog]);

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("tent")]
    [InlineData("tnet")] // corrected to "tent" first, then filtered
    public async Task Search_WithBrandStockAndPriceSort_ListsExactlyTheMatchingMatchesInPriceOrder(string query)
    {
        using var client = _factory.CreateCookielessClient();
        var all = await AllPagesAsync(client, "/search?q=tent");
        var rows = await ProductsAsync(all);
        var brand = rows.GroupBy(r => r.Brand).OrderByDescending(g => g.Count()).First().Key;
        var expected = rows.Where(r => r.Brand == brand && r.Stock > 0).OrderBy(r => r.Price).ThenBy(r => r.Id).Select(r => r.Slug).ToList();
        Assert.NotEmpty(expected);

        var filtered = await AllPagesAsync(client, $"/search?q={query}&brand={brand}&stock=1&sort=price-asc");

        Assert.Equal(expected, filtered);
    }

    [Fact]
    public async Task Search_FilterForm_OffersEveryBrandOfTheMatchesWithItsCount_AndKeepsTheQuery()
    {
        using var client = _factory.CreateCookielessClient();
        var rows = await ProductsAsync(await AllPagesAsync(client, "/search?q=kettle"));
        var expected = rows.GroupBy(r => r.Brand).ToDictionary(g => g.Key, g => g.Count());

        // A brand filter narrows the products, never the brands offered: the shopper can widen the choice again.
        var html = await GetOkAsync(client, $"/search?q=kettle&brand={expected.Keys.First()}");

        var offered = BrandOption().Matches(html).ToDictionary(m => m.Groups["slug"].Value, m => int.Parse(m.Groups["count"].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected.OrderBy(e => e.Key), offered.OrderBy(o => o.Key));
        Assert.Contains("<input type=\"hidden\" name=\"q\" value=\"kettle\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_ActiveFilterChip_RemovesOnlyItsOwnFilter()
    {
        using var client = _factory.CreateCookielessClient();

        var html = await GetOkAsync(client, "/search?q=tent&stock=1&min=100&sort=price-desc");

        var chips = Regex.Matches(html, "<ul class=\"active-filters\"[^>]*>(.*?)</ul>", RegexOptions.Singleline).Single().Groups[1].Value;
        var hrefs = Regex.Matches(chips, "href=\"([^\"]*)\"").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        Assert.Equal(["/search?q=tent&stock=1&sort=price-desc", "/search?q=tent&min=100&sort=price-desc"], hrefs);
    }

    [Fact]
    public async Task Search_FiltersThatExcludeEveryMatch_SayItAndOfferToClearThem()
    {
        using var client = _factory.CreateCookielessClient();

        var html = await GetOkAsync(client, "/search?q=tent&min=999999");

        Assert.Empty(Html.ProductLinks(html));
        Assert.Contains("No products match these filters.", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/search?q=tent\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Did you mean", html, StringComparison.Ordinal);
    }

    private async Task<List<string>> AllPagesAsync(HttpClient client, string href)
    {
        var slugs = new List<string>();
        for (string? next = href; next is not null && slugs.Count < 2_000;)
        {
            var html = await GetOkAsync(client, next);
            slugs.AddRange(Html.ProductLinks(html).Select(l => l["/p/".Length..]));
            next = Html.NextHref(html);
        }
        return slugs;
    }

    private sealed record Row(int Id, string Slug, string Brand, decimal Price, int Stock);

    private async Task<List<Row>> ProductsAsync(IReadOnlyCollection<string> slugs)
    {
        using var scope = _factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopReadDbContext>();
        return await db.Products.Where(p => slugs.Contains(p.Slug))
            .Select(p => new Row(p.Id, p.Slug, p.Brand!.Slug, p.Price, p.Stock)).ToListAsync();
    }

    private static async Task<string> GetOkAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
        return body;
    }

    [GeneratedRegex("name=\"brand\" value=\"(?<slug>[a-z0-9-]+)\"[^>]*>.*?class=\"muted brand-count\"[^>]*>(?<count>[0-9]+)<", RegexOptions.Singleline)]
    private static partial Regex BrandOption();
}
