namespace PeakShop.EndToEnd.Tests.Accessibility;

/// <summary>
/// The axe check itself. Every shopper page is checked with it at phone and desktop width by
/// <see cref="Responsive.ShopperPagesResponsiveTests"/>, the staff screens by their own tests.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class StorefrontAccessibilityTests(BrowserFixture fixture)
{
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
