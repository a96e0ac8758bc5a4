using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace PeakShop.EndToEnd.Tests.Storefront;

[Collection(BrowserCollection.Name)]
public sealed class StorefrontJourneyTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Browse_HomeToCategoryToFilterToProduct(bool javaScript)
    {
        await using var context = await NewContextAsync(javaScript);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/");
        await page.Locator(".category-list a", new() { HasText = "Outdoor" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/c/outdoor$"));
        // With JavaScript, enhanced navigation patches the page after the URL changes: wait for the content.
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Outdoor");
        var unfiltered = await page.Locator(".result-count").InnerTextAsync();

        await page.GetByLabel("Summitcraft").CheckAsync();
        await page.GetByLabel("In stock only").CheckAsync();
        await page.GetByLabel("Sort by").SelectOptionAsync("price-asc");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        // The form posts its fields in its own order: each filter is in the URL, in any order.
        await page.WaitForURLAsync(new Regex("^(?=.*[?&]brand=summitcraft)(?=.*[?&]stock=1)(?=.*[?&]sort=price-asc)"));

        await Assertions.Expect(page.Locator(".result-count")).Not.ToHaveTextAsync(unfiltered);
        var brands = await page.Locator(".product-card .product-brand").AllTextContentsAsync();
        Assert.NotEmpty(brands);
        Assert.All(brands, b => Assert.Equal("Summitcraft", b));
        Assert.DoesNotContain("Out of stock", await page.Locator(".product-grid").InnerTextAsync(), StringComparison.Ordinal);
        var prices = (await page.Locator(".product-card .product-price").AllTextContentsAsync())
            .Select(p => decimal.Parse(p.TrimStart('€'), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(prices.Order(), prices);

        await page.Locator(".pager a[rel=next]").ClickAsync();
        await page.WaitForURLAsync(new Regex("page=2"));
        await Assertions.Expect(page.Locator(".pager-position")).ToContainTextAsync("Page 2 of");
        var nextPrices = (await page.Locator(".product-card .product-price").AllTextContentsAsync())
            .Select(p => decimal.Parse(p.TrimStart('€'), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(nextPrices[0] >= prices[^1], "page 2 continues where page 1 ended");

        var first = page.Locator(".product-card").First;
        var name = (await first.Locator(".product-name").TextContentAsync())!.Trim();
        await first.Locator("a.product-link").ClickAsync();
        await page.WaitForURLAsync(new Regex("/p/"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(name);
        Assert.True(await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).IsVisibleAsync());
        Assert.Equal("1", await page.GetByLabel("Quantity").InputValueAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserFixture.ScreenshotPath($"product-js-{javaScript}") });
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Search_WithATypo_FindsProducts(bool javaScript)
    {
        await using var context = await NewContextAsync(javaScript);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");

        await page.GetByLabel("Search products").FillAsync("kettel");
        await page.GetByLabel("Search products").PressAsync("Enter");
        await page.WaitForURLAsync(new Regex("/search\\?q=kettel"));

        await Assertions.Expect(page.Locator(".alert-info")).ToContainTextAsync("kettle");
        await Assertions.Expect(page.Locator(".product-card")).Not.ToHaveCountAsync(0);
        Assert.Equal("Kettle", await page.Locator(".product-card mark").First.InnerTextAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserFixture.ScreenshotPath($"search-js-{javaScript}") });
    }

    [Fact]
    public async Task SearchBox_SuggestsAsYouType_WhenJavaScriptRuns()
    {
        await using var context = await NewContextAsync(javaScript: true);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/", new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });

        await page.GetByLabel("Search products").PressSequentiallyAsync("espr");

        var suggestion = page.Locator(".search-suggestions a").First;
        await suggestion.WaitForAsync(new LocatorWaitForOptions { Timeout = 5000 });
        Assert.Contains("Espresso", await suggestion.InnerTextAsync(), StringComparison.Ordinal);
        await suggestion.ClickAsync();
        await page.WaitForURLAsync(new Regex("/p/"));
    }

    private Task<IBrowserContext> NewContextAsync(bool javaScript) =>
        fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = fixture.BaseAddress.ToString(),
            JavaScriptEnabled = javaScript,
        });
}
