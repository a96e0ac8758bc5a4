using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace PeakShop.EndToEnd.Tests.Storefront;

/// <summary>The product page's add-to-cart form: a toast with JavaScript, the plain redirect to the cart without.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class AddToCartTests(BrowserFixture fixture)
{
    [Fact]
    public async Task AddToCart_WithJavaScript_ShowsAToast_UpdatesTheCount_AndStaysOnThePage()
    {
        var product = await TestData.CreateProductAsync(fixture.Services, "E2E toast lantern", 19.90m);
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/p/{product.Slug}");

        await page.GetByLabel("Quantity").FillAsync("3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();

        var toast = page.Locator(".toast-cart");
        await Assertions.Expect(toast).ToBeVisibleAsync();
        Assert.Equal("status", await toast.GetAttributeAsync("role"));
        Assert.Contains("Added to your cart", await toast.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("E2E toast lantern", await toast.InnerTextAsync(), StringComparison.Ordinal);
        await Assertions.Expect(page.Locator(".cart-count").First).ToHaveTextAsync("3");
        Assert.EndsWith($"/p/{product.Slug}", page.Url, StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserFixture.ScreenshotPath("add-to-cart-toast") });

        await toast.GetByRole(AriaRole.Link, new() { Name = "View cart" }).ClickAsync();
        await page.WaitForURLAsync(CartPattern());
        await Assertions.Expect(page.Locator(".cart-lines")).ToContainTextAsync("E2E toast lantern");
        Assert.Equal("3", await page.Locator("input[name=quantity]").InputValueAsync());
    }

    [Fact]
    public async Task AddToCart_WithJavaScript_TooMany_ShowsTheProductPageMessage()
    {
        var product = await TestData.CreateProductAsync(fixture.Services, "E2E toast stock", 19.90m);
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/p/{product.Slug}");

        // 20 in stock: the browser's own max is lifted so the server is the one to refuse.
        await page.GetByLabel("Quantity").EvaluateAsync("e => e.removeAttribute('max')");
        await page.GetByLabel("Quantity").FillAsync("25");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();

        await page.WaitForURLAsync(new Regex("cart_error=stock"));
        await Assertions.Expect(page.Locator("[role=alert]").First).ToContainTextAsync("Only 20 left in stock");
        Assert.Equal(0, await page.Locator(".toast-cart:visible").CountAsync());
    }

    [Fact]
    public async Task AddToCart_WithoutJavaScript_RedirectsToTheCart()
    {
        var product = await TestData.CreateProductAsync(fixture.Services, "E2E no-script lantern", 19.90m);
        await using var context = await fixture.Browser.NewContextAsync(
            new BrowserNewContextOptions { BaseURL = fixture.BaseAddress.ToString(), JavaScriptEnabled = false });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/p/{product.Slug}");

        await page.GetByLabel("Quantity").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();

        await page.WaitForURLAsync(CartPattern());
        await Assertions.Expect(page.Locator(".cart-lines")).ToContainTextAsync("E2E no-script lantern");
        Assert.Equal("2", await page.Locator(".cart-count").First.InnerTextAsync());
    }

    [GeneratedRegex("/cart$")]
    private static partial Regex CartPattern();
}
