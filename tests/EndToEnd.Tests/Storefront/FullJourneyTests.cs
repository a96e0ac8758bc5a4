using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PeakShop.Infrastructure.Data;

namespace PeakShop.EndToEnd.Tests.Storefront;

/// <summary>The whole shopper journey through the real pages, the way a person clicks through it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class FullJourneyTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Guest_BrowsesFiltersAddsSearchesAndChecksOut(bool javaScript)
    {
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = fixture.BaseAddress.ToString(),
            JavaScriptEnabled = javaScript,
        });
        var page = await context.NewPageAsync();

        // Home → category.
        await page.GotoAsync("/");
        await page.Locator(".category-list a", new() { HasText = "Kitchen" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/c/kitchen$"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Kitchen");

        // Filter: in stock, cheapest first.
        await page.GetByLabel("In stock only").CheckAsync();
        await page.GetByLabel("Sort by").SelectOptionAsync("price-asc");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        // The form posts its fields in its own order: each filter is in the URL, in any order.
        await page.WaitForURLAsync(new Regex("^(?=.*[?&]stock=1)(?=.*[?&]sort=price-asc)"));
        await Assertions.Expect(page.Locator(".active-filters")).ToContainTextAsync("In stock only");

        // Product page: pick the first in-stock product with more than a couple left.
        var card = page.Locator(".product-card", new() { Has = page.Locator(".stock-in-stock") }).First;
        var name = (await card.Locator(".product-name").TextContentAsync())!.Trim();
        await card.Locator("a.product-link").ClickAsync();
        await page.WaitForURLAsync(new Regex("/p/"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(name);
        var slug = new Uri(page.Url).AbsolutePath["/p/".Length..];
        var stockBefore = await StockAsync(slug);

        // Add two to the cart with the product page's own form.
        await page.GetByLabel("Quantity").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        if (javaScript)
        {
            // With JavaScript the cart comes in a toast; its link leads on to the cart. Without, the post redirects there.
            await page.Locator(".toast-cart").GetByRole(AriaRole.Link, new() { Name = "View cart" }).ClickAsync();
        }
        await page.WaitForURLAsync(new Regex("/cart$"));
        await Assertions.Expect(page.Locator(".cart-lines")).ToContainTextAsync(name);
        await Assertions.Expect(page.Locator(".cart-count")).ToHaveTextAsync("2");

        // Search (with a typo) still works with a cart, and keeps it.
        await page.GetByLabel("Search products").FillAsync("kettel");
        await page.GetByLabel("Search products").PressAsync("Enter");
        await page.WaitForURLAsync(new Regex("/search\\?q=kettel"));
        await Assertions.Expect(page.Locator(".alert-info")).ToContainTextAsync("kettle");
        await Assertions.Expect(page.Locator(".product-card")).Not.ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".cart-count")).ToHaveTextAsync("2");

        // Checkout as a guest with the test card.
        await page.GotoAsync("/cart");
        await page.GetByRole(AriaRole.Link, new() { Name = "Check out" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/checkout$"));
        await CheckoutSteps.FillAsync(page, "4242 4242 4242 4242", $"journey-{Guid.NewGuid():N}@example.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await CheckoutSteps.WaitForConfirmationAsync(page);

        Assert.Equal("Thank you for your order", await page.Locator("h1").InnerTextAsync());
        Assert.Contains(name, await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("0", await page.Locator(".cart-count").InnerTextAsync());
        Assert.Equal(stockBefore - 2, await StockAsync(slug));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserFixture.ScreenshotPath($"journey-js-{javaScript}"), FullPage = true });
    }

    private async Task<int> StockAsync(string slug)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        return await db.Products.Where(p => p.Slug == slug).Select(p => p.Stock).SingleAsync();
    }
}
