using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Caching;
using PeakShop.Infrastructure.Catalog;
using PeakShop.Infrastructure.Data;
using PeakShop.Integration.Tests.Web.Storefront;
using PeakShop.Web.Hosting;

namespace PeakShop.Integration.Tests.Web.Hosting;

/// <summary>
/// The whole-page cache for visitors without personal cookies (ADR 6): served from memory on a repeat,
/// never for a shopper with a cart or an account, evicted exactly when a product a page shows changes.
/// </summary>
public sealed class PageCacheTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task ProductPage_IsServedFromThePageCache_OnARepeatVisit()
    {
        var product = await VisibleProductAsync(stock: 5);
        using var client = factory.CreateCookielessClient();

        using var first = await client.GetAsync(new Uri($"/p/{product.Slug}", UriKind.Relative));
        using var second = await client.GetAsync(new Uri($"/p/{product.Slug}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.False(first.Headers.Contains("Age"), "the first visit renders the page");
        Assert.True(second.Headers.Contains("Age"), "the repeat visit comes from the page cache");
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        // Shared bytes carry nothing personal: no cookie, no antiforgery token.
        Assert.False(first.Headers.Contains("Set-Cookie"));
        Assert.DoesNotContain("__RequestVerificationToken", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShopperWithACart_NeverGetsASharedPage()
    {
        var product = await VisibleProductAsync(stock: 5);
        using var shopper = ShopSession.Open(factory);
        using var added = await shopper.AddToCartAsync(product.Id, "3", $"/p/{product.Slug}");
        Assert.Equal(HttpStatusCode.SeeOther, added.StatusCode);
        using var anonymous = factory.CreateCookielessClient();
        // An anonymous visit fills the cache for this URL...
        using var warm = await anonymous.GetAsync(new Uri($"/p/{product.Slug}", UriKind.Relative));
        using var warmAgain = await anonymous.GetAsync(new Uri($"/p/{product.Slug}", UriKind.Relative));
        Assert.True(warmAgain.Headers.Contains("Age"));

        // ...but the shopper's own visits are rendered for them, with their cart count.
        for (var i = 0; i < 2; i++)
        {
            using var response = await shopper.Client.GetAsync(new Uri($"/p/{product.Slug}", UriKind.Relative));
            Assert.False(response.Headers.Contains("Age"), "a page for a shopper with a cart is never from the shared cache");
            Assert.Contains("aria-label=\"3 items\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Contains("aria-label=\"0 items\"", await warmAgain.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangeToARelatedProduct_EvictsThePagesThatShowIt_AndNoOthers()
    {
        // Two products alone at the top of the price range in one category: each is the other's closest relative.
        var shown = await VisibleProductAsync(stock: 5, price: 99_000m);
        var related = await VisibleProductAsync(stock: 5, price: 99_001m);
        using var client = factory.CreateCookielessClient();
        var shownPage = new Uri($"/p/{shown.Slug}", UriKind.Relative);
        var unrelatedPage = new Uri("/search?q=" + Uri.EscapeDataString(shown.Name), UriKind.Relative);
        var before = await client.GetStringAsync(shownPage);
        Assert.Contains(related.Name, before, StringComparison.Ordinal);
        await client.GetStringAsync(unrelatedPage);
        Assert.True(await IsCachedAsync(client, shownPage));
        Assert.True(await IsCachedAsync(client, unrelatedPage));

        await SetPriceAsync(related.Id, 99_002m);
        await factory.Services.GetRequiredService<IShopCacheInvalidator>().InvalidateAsync([CatalogTags.Product(related.Id)]);

        using var after = await client.GetAsync(shownPage);
        Assert.False(after.Headers.Contains("Age"), "the page that listed the changed product is rendered again");
        Assert.Contains("99,002.00", await after.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(await IsCachedAsync(client, unrelatedPage), "a page that did not show the product stays cached");
    }

    [Fact]
    public async Task PersonalPages_AreNeverCached()
    {
        using var client = factory.CreateCookielessClient();
        foreach (var path in new[] { "/cart", "/account/login", "/checkout" })
        {
            using var first = await client.GetAsync(new Uri(path, UriKind.Relative));
            using var second = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.False(second.Headers.Contains("Age"), $"{path} came from the page cache");
        }
    }

    [Theory]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    [InlineData("Origin", "https://evil.example")]
    [InlineData("Origin", "null")]
    public async Task AddToCart_FromAnotherSite_IsRefused_AndCreatesNoCart(string header, string value)
    {
        var product = await VisibleProductAsync(stock: 5);
        using var client = factory.CreateCookielessClient();
        using var request = AddToCartRequest(product.Id);
        request.Headers.TryAddWithoutValidation(header, value);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Cross-origin request refused", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies)
            && cookies.Any(c => c.StartsWith(CartCookie.Name + "=", StringComparison.Ordinal)), "no cart was started");
    }

    [Theory]
    [InlineData("Sec-Fetch-Site", "same-origin")]
    [InlineData("Origin", "http://localhost")]
    [InlineData(null, null)]
    public async Task AddToCart_FromThisShop_WithoutAToken_Succeeds(string? header, string? value)
    {
        var product = await VisibleProductAsync(stock: 5);
        using var client = factory.CreateCookielessClient();
        using var request = AddToCartRequest(product.Id);
        if (header is not null)
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/cart", response.Headers.Location?.OriginalString);
    }

    private static HttpRequestMessage AddToCartRequest(int productId) => new(HttpMethod.Post, "/cart/items")
    {
        Content = new FormUrlEncodedContent([new("productId", productId.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("quantity", "1"), new("returnUrl", "/")]),
    };

    private static async Task<bool> IsCachedAsync(HttpClient client, Uri url)
    {
        using var response = await client.GetAsync(url);
        return response.Headers.Contains("Age");
    }

    private async Task<Product> VisibleProductAsync(int stock, decimal price = 20m)
    {
        var product = await TestProducts.CreateAsync(factory.Services, stock, price, name: "Cache probe " + Regex.Replace(Guid.NewGuid().ToString("N")[..8], "[0-9]", "x"));
        await TestProducts.WaitVisibleOnStandbyAsync(factory.Services, product.Id);
        return product;
    }

    private async Task SetPriceAsync(int id, decimal price)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        await db.Products.Where(p => p.Id == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Price, price));
        await TestProducts.WaitVisibleOnStandbyAsync(factory.Services, id, p => p.Price == price);
    }
}
