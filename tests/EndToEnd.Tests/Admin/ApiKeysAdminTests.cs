using Microsoft.Playwright;
using PeakShop.EndToEnd.Tests.Responsive;
using PeakShop.Infrastructure.Customers;

namespace PeakShop.EndToEnd.Tests.Admin;

/// <summary>An Admin creates a partner key in a real browser, copies it once, sees it listed and revokes it — on a desktop and on a phone.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ApiKeysAdminTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData(1366, 900)]
    [InlineData(390, 844)]
    public async Task Admin_CreatesAKey_SeesItOnce_AndRevokesIt_WithoutSidewaysScroll(int width, int height)
    {
        var (context, page, _) = await StaffBrowser.SignInAsync(fixture, ShopRoles.Admin);
        await using var _ = context;
        await page.SetViewportSizeAsync(width, height);
        var name = $"Partner app {Guid.NewGuid():N}"[..24];

        await page.GotoAsync("/admin/api-keys");
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Write scope (carts and checkout)").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();

        var secret = page.GetByLabel("The new API key");
        await Assertions.Expect(secret).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^psk_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$"));
        var key = await secret.InputValueAsync();
        var row = page.Locator("tr", new() { HasText = name });
        await Assertions.Expect(row).ToContainTextAsync(key[..17]);
        var sideways = await LayoutChecks.HorizontalScrollAsync(page, width);
        Assert.True(sideways.Count == 0, string.Join('\n', sideways));
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath($"admin-api-keys-created-{width}"), FullPage = true });

        // Revoking asks first (a disclosure), then the key is refused by the API at once.
        await row.Locator("summary", new() { HasText = "Revoke" }).ClickAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = $"Revoke {name} for good" }).ClickAsync();
        await Assertions.Expect(page.Locator("tr", new() { HasText = name })).ToContainTextAsync("revoked");
        var answer = await page.APIRequest.GetAsync("/api/v1/me", new() { Headers = new Dictionary<string, string> { ["X-Api-Key"] = key } });
        Assert.Equal(401, answer.Status);
        await Assertions.Expect(page.GetByLabel("The new API key")).ToHaveCountAsync(0);
    }
}
