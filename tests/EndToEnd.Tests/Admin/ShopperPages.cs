using Microsoft.Playwright;

namespace PeakShop.EndToEnd.Tests.Admin;

/// <summary>What a shopper's page shows after a staff change.</summary>
internal static class ShopperPages
{
    /// <summary>
    /// The page's heading once it is <paramref name="expected"/>, reloading for up to 5 s: the shopper reads on a standby,
    /// and a render that beat the replay of the save is evicted again by the save's repeated invalidation (0.5 s).
    /// </summary>
    public static async Task<string> HeadingAsync(IPage page, string expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        var heading = await page.Locator("h1").InnerTextAsync();
        while (heading != expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            await page.ReloadAsync(new PageReloadOptions { WaitUntil = WaitUntilState.NetworkIdle });
            heading = await page.Locator("h1").InnerTextAsync();
        }
        return heading;
    }
}
