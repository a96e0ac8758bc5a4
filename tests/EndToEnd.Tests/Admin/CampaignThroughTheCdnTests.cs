using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PeakShop.Infrastructure.Caching;
using PeakShop.Infrastructure.Customers;
using PeakShop.Infrastructure.Data;
using PeakShop.Infrastructure.Marketing;
using PeakShop.Testing;

namespace PeakShop.EndToEnd.Tests.Admin;

/// <summary>
/// The whole marketing path the way ./run.sh runs it: a Web process behind the test instance's Varnish edge with
/// <c>Cdn:BaseUrl</c> pointing at it, and a real Jobs process making the image variants. Marketing uploads a photo
/// in the browser, schedules a banner from now; the shopper's home page shows it, its image fetched from the CDN;
/// unpublished, it leaves the page and the edge.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CampaignThroughTheCdnTests(BrowserFixture fixture)
{
    private static readonly Dictionary<string, string> FastJobs = new()
    {
        ["Jobs__QueuePollInterval"] = "00:00:00.200",
        ["Jobs__OutboxPollInterval"] = "00:00:00.100",
    };

    [Fact]
    public async Task MarketingUploadsAndSchedulesABanner_TheShopperSeesItFromTheCdn_UnpublishedItLeavesPageAndEdge()
    {
        var cdn = new Uri(Required("PEAKSHOP_CDN_URL"));
        var originPort = int.Parse(Required("PEAKSHOP_CDN_ORIGIN_PORT"), CultureInfo.InvariantCulture);
        await using var origin = await WebProcess.StartAsync(null, new Dictionary<string, string> { ["Cdn:BaseUrl"] = cdn.ToString() }, originPort);
        await using var jobs = await JobsProcess.StartAsync(FastJobs, output: null);
        using var edge = new HttpClient { BaseAddress = cdn };

        var run = Guid.NewGuid().ToString("N")[..8];
        var headline = $"Summit sale {run}";
        var fileName = $"summit-{run}.jpg";
        var (staffContext, staff, _) = await StaffBrowser.SignInAsync(fixture, ShopRoles.Marketing, origin.BaseAddress);
        await using var shopperContext = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = origin.BaseAddress.ToString() });
        var shopper = await shopperContext.NewPageAsync();
        try
        {
            // Upload through the library's WebAssembly island, itself loaded from the CDN.
            await staff.GotoAsync("/admin/marketing");
            var island = staff.Locator("[data-island=media-uploader]");
            await Assertions.Expect(island).ToHaveAttributeAsync("data-ready", "true", new() { Timeout = 60_000 });
            await island.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
            {
                Name = fileName,
                MimeType = "image/jpeg",
                Buffer = TestImages.Make("jpg", 2400, 1000, unique: true),
            });
            await Assertions.Expect(island.Locator($"li[data-file='{fileName}']")).ToHaveClassAsync(new Regex(@"\bstored\b"), new() { Timeout = 30_000 });

            // The Jobs process makes the variants; the library shows the image Ready.
            var row = staff.Locator("[data-testid=media-table] [data-asset]", new() { HasText = fileName });
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                await staff.GotoAsync("/admin/marketing");
                if (await row.CountAsync() == 1 && await row.GetAttributeAsync("data-status") == "Ready")
                {
                    break;
                }
                Assert.True(DateTime.UtcNow < deadline, $"{fileName} did not become Ready");
                await Task.Delay(500);
            }

            // A banner from now, in the hero slot.
            await staff.GotoAsync("/admin/marketing/banners/new");
            await staff.GetByLabel("Headline").FillAsync(headline);
            await staff.GetByLabel("Link", new() { Exact = false }).First.FillAsync("/c/outdoor");
            await staff.GetByRole(AriaRole.Radio, new() { Name = fileName }).CheckAsync();
            await staff.GetByLabel("Image description (alt text)").FillAsync("A summit at sunrise");
            await staff.GetByLabel("Time zone").SelectOptionAsync("UTC");
            var now = DateTime.UtcNow;
            await staff.GetByLabel("Starts (local time)").FillAsync(now.AddMinutes(-1).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
            await staff.GetByLabel("Priority", new() { Exact = false }).FillAsync("1000");
            await staff.GetByRole(AriaRole.Checkbox, new() { Name = "Published" }).CheckAsync();
            await staff.GetByRole(AriaRole.Button, new() { Name = "Create banner" }).ClickAsync();
            await staff.WaitForURLAsync("**/admin/marketing/banners?done=saved");

            // The shopper's home page shows it; the browser fetched the picture from the CDN edge.
            var images = new List<IResponse>();
            shopper.Response += (_, response) =>
            {
                if (response.Url.Contains("/media/", StringComparison.Ordinal))
                {
                    images.Add(response);
                }
            };
            await shopper.GotoAsync("/", new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
            Assert.Equal(headline, await ShopperPages.HeadingAsync(shopper, headline));
            var hero = shopper.Locator(".hero picture img");
            await Assertions.Expect(hero).ToHaveAttributeAsync("alt", "A summit at sunrise");
            var shown = await hero.EvaluateAsync<string>("img => img.currentSrc");
            Assert.StartsWith(cdn + "media/", shown, StringComparison.Ordinal);
            Assert.True(await hero.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"), $"{shown} did not load");
            var fetched = images.Single(r => r.Url == shown);
            Assert.Equal(200, fetched.Status);
            Assert.Matches("^(HIT|MISS)$", await fetched.HeaderValueAsync("x-cache") ?? "");
            var path = shown[cdn.ToString().Length..];
            using (var cached = await edge.GetAsync(new Uri(path, UriKind.Relative)))
            {
                Assert.Equal("HIT", string.Join(',', cached.Headers.GetValues("X-Cache")));
            }
            await shopper.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("campaign-from-cdn"), FullPage = true });

            // Unpublished: off the page at once, and purged from the edge.
            var bannerRow = staff.Locator("tr", new() { HasText = headline });
            await bannerRow.GetByRole(AriaRole.Button, new() { Name = $"Unpublish {headline}" }).ClickAsync();
            await staff.WaitForURLAsync("**/admin/marketing/banners?done=unpublish");
            await shopper.ReloadAsync(new PageReloadOptions { WaitUntil = WaitUntilState.NetworkIdle });
            Assert.Equal("Gear for every peak", await ShopperPages.HeadingAsync(shopper, "Gear for every peak"));
            using (var purged = await edge.GetAsync(new Uri(path, UriKind.Relative)))
            {
                Assert.Equal("MISS", string.Join(',', purged.Headers.GetValues("X-Cache")));
            }

            // The photo taken down in the library: the edge is purged again and the origin answers 404.
            await staff.GotoAsync("/admin/marketing");
            await row.GetByRole(AriaRole.Button, new() { Name = "Unpublish" }).ClickAsync();
            await staff.WaitForURLAsync(new Regex("done=unpublished"));
            using var gone = await edge.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
            Assert.Equal("MISS", string.Join(',', gone.Headers.GetValues("X-Cache")));
        }
        finally
        {
            await staffContext.DisposeAsync();
            await using var scope = fixture.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ShopDbContext>().Banners.Where(b => b.Headline == headline).ExecuteDeleteAsync();
            await fixture.Services.GetRequiredService<IShopCacheInvalidator>().InvalidateAsync([BannerTags.Banners]);
        }
    }

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: run the tests through ./test.sh, which starts the CDN edge.");
}
