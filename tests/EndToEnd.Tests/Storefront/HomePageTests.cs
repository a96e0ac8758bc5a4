using Microsoft.Playwright;

namespace PeakShop.EndToEnd.Tests.Storefront;

[Collection(BrowserCollection.Name)]
public sealed class HomePageTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Home_ListsSeededProducts_WithOrWithoutJavaScript(bool javaScript)
    {
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = fixture.BaseAddress.ToString(),
            JavaScriptEnabled = javaScript,
        });
        var page = await context.NewPageAsync();
        var failedRequests = new List<string>();
        page.RequestFailed += (_, request) => failedRequests.Add(request.Url);
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                failedRequests.Add($"{response.Status} {response.Url}");
            }
        };

        var response = await page.GotoAsync("/", new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });

        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        Assert.Equal("Gear for every peak", await page.Locator("h1").InnerTextAsync());
        Assert.Equal(8, await page.Locator(".category-list a").CountAsync());
        var newArrivals = page.Locator("section:has(#new-title) .product-card");
        Assert.Equal(8, await newArrivals.CountAsync());
        Assert.Equal(8, await page.Locator("section:has(#best-title) .product-card").CountAsync());
        var cards = page.Locator(".product-card");
        Assert.Matches(@"€\d", await cards.First.Locator(".product-price").InnerTextAsync());
        // Images and the stylesheets load: the design system's brand colour is applied to the cart badge.
        var image = page.Locator(".product-card img").First;
        Assert.True(await image.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"), $"image did not load: {await image.GetAttributeAsync("src")}; failed: {string.Join(", ", failedRequests)}");
        Assert.Equal("rgb(31, 111, 92)", await page.Locator(".cart-count").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
        Assert.Empty(failedRequests);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserFixture.ScreenshotPath($"home-js-{javaScript}"), FullPage = false });
    }
}
