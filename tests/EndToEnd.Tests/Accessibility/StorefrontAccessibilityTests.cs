using Microsoft.Playwright;

namespace PeakShop.EndToEnd.Tests.Accessibility;

[Collection(BrowserCollection.Name)]
public sealed class StorefrontAccessibilityTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/not-found")]
    public async Task Page_HasNoSeriousOrCriticalAxeViolations(string path)
    {
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseAddress.ToString() });
        var page = await context.NewPageAsync();

        await page.GotoAsync(path, new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });

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
