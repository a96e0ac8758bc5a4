using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PeakShop.EndToEnd.Tests.Accessibility;
using PeakShop.Infrastructure.Caching;
using PeakShop.Infrastructure.Customers;
using PeakShop.Infrastructure.Data;
using PeakShop.Infrastructure.Marketing;
using PeakShop.Infrastructure.Media;

namespace PeakShop.EndToEnd.Tests.Admin;

/// <summary>Marketing schedules a banner in a browser; a shopper sees it on the home page; unpublished, it is gone.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BannerAdminTests(BrowserFixture fixture)
{
    [Fact]
    public async Task MarketingSchedulesABannerFromNow_TheShopperSeesIt_UnpublishedItIsGone()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var headline = $"Snow days {run}";
        var fileName = $"snow-{run}.jpg";
        await InsertImageAsync(fileName);
        var (staffContext, staff, _) = await StaffBrowser.SignInAsync(fixture, ShopRoles.Marketing);
        await using var shopperContext = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseAddress.ToString() });
        var shopper = await shopperContext.NewPageAsync();
        try
        {
            await staff.GotoAsync("/admin");
            await staff.GetByRole(AriaRole.Link, new() { Name = "Banners" }).ClickAsync();
            await staff.GetByRole(AriaRole.Link, new() { Name = "New banner" }).ClickAsync();
            await staff.WaitForURLAsync("**/admin/marketing/banners/new");
            await AxeAssertions.AssertNoSeriousViolationsAsync(staff);

            await staff.GetByLabel("Headline").FillAsync(headline);
            await staff.GetByLabel("Text (optional)").FillAsync("Skis, boots and warm layers");
            await staff.GetByLabel("Link", new() { Exact = false }).First.FillAsync("/c/outdoor");
            // The picker's thumbnail is a variant that exists (this image has none at 320), and its radio sits in its card.
            var choice = staff.Locator("label.image-option", new() { HasText = fileName });
            await Assertions.Expect(choice.Locator("img")).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex(@"/640\.webp$"));
            var radio = staff.GetByRole(AriaRole.Radio, new() { Name = fileName });
            await radio.CheckAsync();
            var card = (await choice.BoundingBoxAsync())!;
            var thumb = (await choice.Locator("img").BoundingBoxAsync())!;
            var dot = (await radio.BoundingBoxAsync())!;
            Assert.True(dot.X >= card.X && dot.X + dot.Width <= card.X + card.Width, "the radio is inside its card");
            Assert.True(dot.Y >= thumb.Y + thumb.Height - 1 && dot.Y + dot.Height <= card.Y + card.Height, "the radio is under its own thumbnail");
            await staff.GetByLabel("Image description (alt text)").FillAsync("Fresh snow on a mountain ridge");
            await staff.GetByLabel("Time zone").SelectOptionAsync("UTC");
            var now = DateTime.UtcNow;
            await staff.GetByLabel("Starts (local time)").FillAsync(now.AddMinutes(-1).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
            await staff.GetByLabel("Ends (local time", new() { Exact = false }).FillAsync(now.AddDays(1).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
            await staff.GetByLabel("Priority", new() { Exact = false }).FillAsync("1000");
            await staff.GetByRole(AriaRole.Checkbox, new() { Name = "Published" }).CheckAsync();
            await staff.GetByRole(AriaRole.Button, new() { Name = "Create banner" }).ClickAsync();
            await staff.WaitForURLAsync("**/admin/marketing/banners?done=saved");
            var row = staff.Locator("tr", new() { HasText = headline });
            Assert.Equal("Live", await row.Locator("[data-testid=banner-status]").InnerTextAsync());
            await AxeAssertions.AssertNoSeriousViolationsAsync(staff);

            await shopper.GotoAsync("/", new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
            Assert.Equal(headline, await ShopperPages.HeadingAsync(shopper, headline));
            Assert.Equal("Fresh snow on a mountain ridge", await shopper.Locator(".hero picture img").GetAttributeAsync("alt"));
            Assert.Equal("image/webp", await shopper.Locator(".hero picture source").GetAttributeAsync("type"));
            await AxeAssertions.AssertNoSeriousViolationsAsync(shopper);

            await row.GetByRole(AriaRole.Button, new() { Name = $"Unpublish {headline}" }).ClickAsync();
            await staff.WaitForURLAsync("**/admin/marketing/banners?done=unpublish");
            await Assertions.Expect(staff.Locator("tr", new() { HasText = headline }).Locator("[data-testid=banner-status]")).ToHaveTextAsync("Unpublished");

            await shopper.ReloadAsync(new PageReloadOptions { WaitUntil = WaitUntilState.NetworkIdle });
            Assert.Equal("Gear for every peak", await ShopperPages.HeadingAsync(shopper, "Gear for every peak"));
        }
        finally
        {
            await staffContext.DisposeAsync();
            await using var scope = fixture.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ShopDbContext>().Banners.Where(b => b.Headline == headline).ExecuteDeleteAsync();
            await fixture.Services.GetRequiredService<IShopCacheInvalidator>().InvalidateAsync([BannerTags.Banners]);
        }
    }

    /// <summary>A Ready image as the media pipeline leaves it (its files are not served here: only the markup is checked).</summary>
    private async Task InsertImageAsync(string fileName)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        db.MediaAssets.Add(new MediaAsset
        {
            Hash = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), Kind = MediaKind.Image, ContentType = "image/jpeg",
            Extension = "jpg", FileName = fileName, Length = 1000, Width = 1280, Height = 720, Status = MediaStatus.Ready,
            UploadedBy = "e2e@example.com", UploadedAt = DateTimeOffset.UtcNow,
            Variants = [.. new[] { (640, "webp"), (1280, "webp"), (640, "jpg"), (1280, "jpg") }.Select(v => new MediaVariant
            {
                Width = v.Item1, Format = v.Item2, Height = v.Item1 * 9 / 16, BlobHash = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), Length = 100,
            })],
        });
        await db.SaveChangesAsync();
    }
}
