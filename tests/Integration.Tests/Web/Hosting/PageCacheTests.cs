using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Caching;
using PeakShop.Infrastructure.Catalog;
using PeakShop.Infrastructure.Data;
using PeakShop.Integration.Tests.Web.Storefront;
using PeakShop.Web.Shopper;

namespace PeakShop.Integration.Tests.Web.Hosting;

/// <summary>
/// The whole-page cache (ADR 6, ADR 20): served from memory on a repeat, shared by every shopper who sees the same
/// header (visitor, or cart count and sign-in), evicted exactly when a product a page shows changes.
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
    public async Task CartHolders_WithTheSameCount_ShareOnePage_ThatShowsTheirCount()
    {
        var product = await VisibleProductAsync(stock: 9);
        var page = $"/p/{product.Slug}";
        using var anonymous = factory.CreateCookielessClient();
        Assert.True(await CachedAfterAFewVisitsAsync(anonymous, page));
        using var first = ShopSession.Open(factory);
        using var second = ShopSession.Open(factory);
        using var third = ShopSession.Open(factory);
        (await first.AddToCartAsync(product.Id, "3", page)).Dispose();
        (await second.AddToCartAsync(product.Id, "3", page)).Dispose();
        (await third.AddToCartAsync(product.Id, "2", page)).Dispose();

        // The first visit after the add is rendered for the shopper (it sets ps_view); then the page of a 3-item header
        // is shared by both shoppers with 3 items, never the visitor's page and never the 2-item one.
        using (var rendered = await first.Client.GetAsync(new Uri(page, UriKind.Relative)))
        {
            Assert.False(rendered.Headers.Contains("Age"));
            Assert.Contains(rendered.Headers.GetValues("Set-Cookie"), c => c.StartsWith(ShopperViewCookie.Name + "=", StringComparison.Ordinal));
        }
        Assert.True(await CachedAfterAFewVisitsAsync(first.Client, page));
        using (var shared = await SecondVisitAsync(second.Client, page))
        {
            Assert.True(shared.Headers.Contains("Age"), "the second cart holder with 3 items gets the stored page");
            Assert.Contains("aria-label=\"3 items\"", await shared.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.True(await CachedAfterAFewVisitsAsync(third.Client, page));
        using (var two = await third.Client.GetAsync(new Uri(page, UriKind.Relative)))
        {
            Assert.Contains("aria-label=\"2 items\"", await two.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var visitor = await anonymous.GetAsync(new Uri(page, UriKind.Relative)))
        {
            Assert.Contains("aria-label=\"0 items\"", await visitor.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task CartHolder_WhoAddsMore_NeverSeesTheOldCount()
    {
        var product = await VisibleProductAsync(stock: 9);
        var page = $"/p/{product.Slug}";
        using var shopper = ShopSession.Open(factory);
        (await shopper.AddToCartAsync(product.Id, "1", page)).Dispose();
        Assert.True(await CachedAfterAFewVisitsAsync(shopper.Client, page));

        // The form post (303 to the cart) and the script's JSON post both change the count the next page shows.
        (await shopper.AddToCartAsync(product.Id, "1", page)).Dispose();
        using (var after = await shopper.Client.GetAsync(new Uri(page, UriKind.Relative)))
        {
            Assert.Contains("aria-label=\"2 items\"", await after.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using var json = new HttpRequestMessage(HttpMethod.Post, "/cart/items")
        {
            Content = new FormUrlEncodedContent([new("productId", product.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("quantity", "1"), new("returnUrl", page)]),
        };
        json.Headers.Accept.ParseAdd("application/json");
        (await shopper.Client.SendAsync(json)).Dispose();
        for (var visit = 0; visit < 3; visit++)
        {
            using var response = await shopper.Client.GetAsync(new Uri(page, UriKind.Relative));
            Assert.Contains("aria-label=\"3 items\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SignedInShopper_GetsASharedPage_WithTheAccountMenu_AndCanSignOutFromIt()
    {
        var product = await VisibleProductAsync(stock: 9);
        var page = $"/p/{product.Slug}";
        using var shopper = ShopSession.Open(factory);
        await shopper.RegisterAsync($"shared-page-{Guid.NewGuid():N}@example.com");

        Assert.True(await CachedAfterAFewVisitsAsync(shopper.Client, page));
        using var shared = await shopper.Client.GetAsync(new Uri(page, UriKind.Relative));
        var html = await shared.Content.ReadAsStringAsync();
        Assert.Contains("Your orders", html, StringComparison.Ordinal);
        // Shared bytes: nothing of this shopper's, no antiforgery token for anyone else to replay.
        Assert.DoesNotContain("__RequestVerificationToken", html, StringComparison.Ordinal);

        using var signOut = await shopper.Client.PostAsync(new Uri("/account/logout", UriKind.Relative), new FormUrlEncodedContent([new("returnUrl", "/")]));
        Assert.Equal(HttpStatusCode.SeeOther, signOut.StatusCode);
        using var afterwards = await shopper.Client.GetAsync(new Uri(page, UriKind.Relative));
        Assert.Contains("Sign in", await afterwards.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("Your orders", await afterwards.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForgedViewCookie_GetsThePageRenderedForTheShopper()
    {
        var product = await VisibleProductAsync(stock: 9);
        using var client = factory.CreateCookielessClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/p/{product.Slug}");
        // A signed-in view without a sign-in, typed by hand: not a page of the signed-in header.
        request.Headers.Add("Cookie", $"{CartCookie.Name}=not-a-cart; {ShopperViewCookie.Name}=s7");

        using var response = await client.SendAsync(request);

        Assert.False(response.Headers.Contains("Age"));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("aria-label=\"0 items\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Your orders", html, StringComparison.Ordinal);
    }

    /// <summary>Visits until a visit comes from the page cache (the first sets the view cookie, the next stores the page).</summary>
    private static async Task<bool> CachedAfterAFewVisitsAsync(HttpClient client, string page)
    {
        // Right after a sign-in the read-your-writes cookie keeps pages personal until the standby has the write.
        for (var visit = 0; visit < 20; visit++)
        {
            if (await IsCachedAsync(client, new Uri(page, UriKind.Relative)))
            {
                return true;
            }
            await Task.Delay(visit < 3 ? 0 : 100);
        }
        return false;
    }

    private static async Task<HttpResponseMessage> SecondVisitAsync(HttpClient client, string page)
    {
        (await client.GetAsync(new Uri(page, UriKind.Relative))).Dispose();
        return await client.GetAsync(new Uri(page, UriKind.Relative));
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
