using Microsoft.Playwright;

namespace PeakShop.EndToEnd.Tests.Accessibility;

[Collection(BrowserCollection.Name)]
public sealed class StorefrontAccessibilityTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/c/kitchen")]
    [InlineData("/c/kitchen?brand=summitcraft&stock=1&sort=price-desc")]
    [InlineData("/search?q=tent")]
    [InlineData("/search?q=zzzzqqq")]
    [InlineData("/account/login")]
    [InlineData("/account/register")]
    [InlineData("/not-found")]
    public async Task Page_HasNoSeriousOrCriticalAxeViolations(string path)
    {
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseAddress.ToString() });
        var page = await context.NewPageAsync();

        await page.GotoAsync(path, new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });

        await AxeAssertions.AssertNoSeriousViolationsAsync(page);
    }

    [Fact]
    public async Task ProductCartAndCheckout_HaveNoSeriousOrCriticalAxeViolations()
    {
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/c/kitchen?stock=1");
        await page.Locator(".product-card a.product-link").First.ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/p/"));
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await AxeAssertions.AssertNoSeriousViolationsAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        // With JavaScript the cart comes in a toast; its link leads on to the cart.
        await page.Locator(".toast-cart").GetByRole(AriaRole.Link, new() { Name = "View cart" }).ClickAsync();
        await page.WaitForURLAsync("**/cart");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await AxeAssertions.AssertNoSeriousViolationsAsync(page);

        await page.GotoAsync("/checkout", new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
        await AxeAssertions.AssertNoSeriousViolationsAsync(page);
        // With the validation messages showing, too.
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await page.Locator(".validation-message").First.WaitForAsync();
        await AxeAssertions.AssertNoSeriousViolationsAsync(page);
    }

    [Fact]
    public async Task AxeCheck_FailsOnAnImageWithoutAltText()
    {
        await using var context = await fixture.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetContentAsync("<!DOCTYPE html><html lang=\"en\"><head><title>t</title></head><body><main><h1>x</h1><img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\"></main></body></html>");

        var failure = await Assert.ThrowsAsync<Xunit.Sdk.TrueException>(() => AxeAssertions.AssertNoSeriousViolationsAsync(page));

        Assert.Contains("image-alt", failure.Message, StringComparison.Ordinal);
    }
}
