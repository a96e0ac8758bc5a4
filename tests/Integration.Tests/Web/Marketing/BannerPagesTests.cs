using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Auditing;
using PeakShop.Infrastructure.Caching;
using PeakShop.Infrastructure.Customers;
using PeakShop.Infrastructure.Data;
using PeakShop.Infrastructure.Marketing;
using PeakShop.Infrastructure.Media;
using PeakShop.Integration.Tests.Web.Storefront;

namespace PeakShop.Integration.Tests.Web.Marketing;

/// <summary>
/// Banners end to end on a real replica, PostgreSQL and Redis: staff forms (antiforgery, validation, 403), the storefront
/// with its page cache in the path, a scheduled start and end reached by moving the clock (nobody saves anything), and
/// the CDN purge on unpublish.
/// </summary>
public sealed class BannerPagesTests(BannerFactory factory) : IClassFixture<BannerFactory>, IAsyncLifetime
{
    private const string Zone = "Europe/Berlin";
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Every banner a test made goes, so other tests (and the browser suite) see the default hero.</summary>
    public async Task DisposeAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        await db.Banners.Where(b => b.Headline.Contains(_run)).ExecuteDeleteAsync();
        await factory.Services.GetRequiredService<IShopCacheInvalidator>().InvalidateAsync([BannerTags.Banners]);
    }

    [Fact]
    public async Task MarketingCreatesABannerThroughTheForm_TheCachedHomePageShowsItAtOnce()
    {
        var image = await InsertImageAsync();
        using var visitor = factory.CreateCookielessClient();
        await WarmAsync(visitor, "/");
        using var marketing = await StaffAccounts.SignInAsync(factory, ShopRoles.Marketing);
        var headline = $"Winter sale {_run}";

        var form = await marketing.GetHtmlAsync("/admin/marketing/banners/new");
        // Its thumbnail is its smallest variant that exists (640): this image has no 320 variant to ask for.
        Assert.Contains($"media/{image.Hash}/640.webp", form, StringComparison.Ordinal);
        Assert.DoesNotContain($"media/{image.Hash}/320.webp", form, StringComparison.Ordinal);
        using (var created = await marketing.PostAsync("/admin/marketing/banners/new",
            Fields(headline, image.Id, alt: "A skier on a ridge", starts: Local(factory.Clock.GetUtcNow().AddMinutes(-1))), ShopSession.Token(form)))
        {
            Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
            Assert.Equal("/admin/marketing/banners?done=saved", ShopSession.PathOf(created));
        }

        Assert.True(await EventuallyAsync(visitor, page => page.Contains(headline, StringComparison.Ordinal)), "the save evicted the cached home page");
        var html = await visitor.GetStringAsync(new Uri("/", UriKind.Relative));
        Assert.Contains(headline, html, StringComparison.Ordinal);
        Assert.Contains($"<source type=\"image/webp\" srcset=\"/media/{image.Hash}/640.webp 640w, /media/{image.Hash}/1280.webp 1280w\"", html, StringComparison.Ordinal);
        Assert.Contains($"src=\"/media/{image.Hash}/1280.jpg\"", html, StringComparison.Ordinal);
        Assert.Contains("alt=\"A skier on a ridge\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/c/outdoor\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Gear for every peak", html, StringComparison.Ordinal);

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        var banner = await db.Banners.SingleAsync(b => b.Headline == headline);
        Assert.Equal(Zone, banner.TimeZone);
        Assert.True(banner.Published);
        Assert.Equal(1, await db.AuditLog.CountAsync(a => a.Action == "banner.create" && a.EntityId == banner.Id.ToString(CultureInfo.InvariantCulture)));
        var list = await marketing.GetHtmlAsync("/admin/marketing/banners");
        Assert.Matches($"data-banner=\"{banner.Id}\"[\\s\\S]*?data-testid=\"banner-status\">Live<", list);
    }

    [Fact]
    public async Task ScheduledBanner_AppearsWhenTheClockPassesItsStart_AndGoesAtItsEnd_ThroughThePageCache_WithoutASave()
    {
        var image = await InsertImageAsync();
        var headline = $"Night owls {_run}";
        var start = factory.Clock.GetUtcNow().AddHours(2);
        await CreateAsync(headline, image.Id, start, start.AddHours(1));
        // Let the save's repeated invalidation pass: from here on only a boundary (or the 30 s expiry) ends the page.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        using var visitor = factory.CreateCookielessClient();
        var boundaries = factory.Services.GetRequiredService<BannerBoundaries>();
        var evictions = boundaries.Evictions;

        var before = await WarmAsync(visitor, "/");
        Assert.DoesNotContain(headline, before, StringComparison.Ordinal);

        factory.Clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromSeconds(1));
        Assert.True(await EventuallyAsync(visitor, html => html.Contains(headline, StringComparison.Ordinal)),
            "the banner shows within seconds of its start (the page cache keeps a page for 30 s otherwise)");
        await WarmAsync(visitor, "/");

        factory.Clock.Advance(TimeSpan.FromHours(1));
        Assert.True(await EventuallyAsync(visitor, html => !html.Contains(headline, StringComparison.Ordinal)),
            "the banner goes within seconds of its end");
        Assert.True(boundaries.Evictions >= evictions + 2, $"{boundaries.Evictions - evictions} boundary evictions");
    }

    [Fact]
    public async Task Unpublish_TakesTheBannerOffTheCachedPagesAtOnce_AndPurgesItsImageFromTheCdn()
    {
        var image = await InsertImageAsync();
        var headline = $"Last chance {_run}";
        var strip = $"Free shipping {_run}";
        var id = await CreateAsync(headline, image.Id, factory.Clock.GetUtcNow().AddMinutes(-5), null);
        await CreateAsync(strip, null, factory.Clock.GetUtcNow().AddMinutes(-5), null, BannerPlacement.SiteStrip);
        using var visitor = factory.CreateCookielessClient();
        Assert.True(await EventuallyAsync(visitor, page => page.Contains(headline, StringComparison.Ordinal) && page.Contains(strip, StringComparison.Ordinal)));
        Assert.True(await EventuallyAsync(visitor, page => page.Contains(strip, StringComparison.Ordinal), "/c/outdoor"));
        // Past the saves' repeated invalidation: the pages below stay cached until something evicts them.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Contains(headline, await WarmAsync(visitor, "/"), StringComparison.Ordinal);
        Assert.Contains(strip, await WarmAsync(visitor, "/c/outdoor"), StringComparison.Ordinal);
        using var marketing = await StaffAccounts.SignInAsync(factory, ShopRoles.Marketing);
        var list = await marketing.GetHtmlAsync("/admin/marketing/banners");
        var version = VersionIn(list, id);

        using (var unpublished = await marketing.PostAsync("/admin/marketing/banners",
            [new("_handler", "banner-actions"), new("Act", $"unpublish:{id}:{version}")], ShopSession.Token(list)))
        {
            Assert.Equal(HttpStatusCode.Redirect, unpublished.StatusCode);
        }

        Assert.True(await EventuallyAsync(visitor, page => !page.Contains(headline, StringComparison.Ordinal)), "the unpublished banner left the cached home page");
        Assert.Contains(strip, await visitor.GetStringAsync(new Uri("/c/outdoor", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Superset(new HashSet<string>(image.Paths), new HashSet<string>(factory.Purger.Paths));
        Assert.Subset(new HashSet<string>(factory.Purger.Paths), new HashSet<string>(image.Paths));
        Assert.Matches($"data-banner=\"{id}\"[\\s\\S]*?data-testid=\"banner-status\">Unpublished<", await marketing.GetHtmlAsync("/admin/marketing/banners"));
    }

    [Fact]
    public async Task FormWithoutAltTextOrWithTheEndBeforeTheStart_ShowsTheMessage_AndStoresNothing()
    {
        var image = await InsertImageAsync();
        using var marketing = await StaffAccounts.SignInAsync(factory, ShopRoles.Marketing);
        var form = await marketing.GetHtmlAsync("/admin/marketing/banners/new");
        var now = factory.Clock.GetUtcNow();
        var headline = $"Broken {_run}";

        using (var noAlt = await marketing.PostAsync("/admin/marketing/banners/new", Fields(headline, image.Id, alt: "", starts: Local(now)), ShopSession.Token(form)))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, noAlt.StatusCode);
            Assert.Contains("Describe the image for people who cannot see it.", await noAlt.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var inverted = await marketing.PostAsync("/admin/marketing/banners/new",
            Fields(headline, image.Id, alt: "Snow", starts: Local(now.AddDays(2)), ends: Local(now.AddDays(1))), ShopSession.Token(form)))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, inverted.StatusCode);
            var html = await inverted.Content.ReadAsStringAsync();
            Assert.Contains("The end must be after the start.", html, StringComparison.Ordinal);
            // The form keeps what was typed.
            Assert.Contains($"value=\"{headline}\"", html, StringComparison.Ordinal);
        }
        using (var gap = await marketing.PostAsync("/admin/marketing/banners/new",
            Fields(headline, image.Id, alt: "Snow", starts: "2027-03-28T02:30"), ShopSession.Token(form)))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, gap.StatusCode);
            Assert.Contains("2027-03-28 02:30 does not exist in Europe/Berlin", await gap.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var script = await marketing.PostAsync("/admin/marketing/banners/new",
            Fields(headline, image.Id, alt: "Snow", starts: Local(now), link: "javascript:alert(1)"), ShopSession.Token(form)))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, script.StatusCode);
            Assert.Contains("Use a path on this shop (such as /c/outdoor) or an https:// address.", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var garbage = await marketing.PostAsync("/admin/marketing/banners/new",
            Fields(headline, image.Id, alt: "Snow", starts: "next tuesday"), ShopSession.Token(form)))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, garbage.StatusCode);
            // A value the browser's date-time field would never send is not understood: the start counts as missing.
            Assert.Contains("Enter when the banner starts.", await garbage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await using var scope = factory.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<ShopDbContext>().Banners.AnyAsync(b => b.Headline == headline));
    }

    [Fact]
    public async Task StaleEdit_IsAConflictThatKeepsTheTypedValues_AndASecondSaveOverwrites()
    {
        var image = await InsertImageAsync();
        var id = await CreateAsync($"Original {_run}", image.Id, factory.Clock.GetUtcNow().AddDays(1), null);
        using var marketing = await StaffAccounts.SignInAsync(factory, ShopRoles.Marketing);
        var page = await marketing.GetHtmlAsync($"/admin/marketing/banners/{id}");
        var version = ShopSession.Field(page, "Input.Version")!;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var admin = scope.ServiceProvider.GetRequiredService<BannerAdmin>();
            var current = (await admin.GetAsync(id))!;
            current.Headline = $"Colleague {_run}";
            Assert.True((await admin.SaveAsync(id, current, new StaffActor("test", "colleague@example.com"))).Succeeded);
        }

        var mine = $"Mine {_run}";
        using var stale = await marketing.PostAsync($"/admin/marketing/banners/{id}",
            Fields(mine, image.Id, alt: "Snow", starts: Local(factory.Clock.GetUtcNow().AddDays(1)), version: version), ShopSession.Token(page));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var html = await stale.Content.ReadAsStringAsync();
        Assert.Contains("Someone else saved this banner", html, StringComparison.Ordinal);
        Assert.Contains($"value=\"{mine}\"", html, StringComparison.Ordinal);

        using var again = await marketing.PostAsync($"/admin/marketing/banners/{id}",
            Fields(mine, image.Id, alt: "Snow", starts: Local(factory.Clock.GetUtcNow().AddDays(1)), version: ShopSession.Field(html, "Input.Version")!), ShopSession.Token(html));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.Equal(mine, (await scope.ServiceProvider.GetRequiredService<BannerAdmin>().GetAsync(id))!.Headline);
        }
    }

    [Fact]
    public async Task StaffWithoutTheMarketingRole_GetsForbidden()
    {
        using var staff = await StaffAccounts.SignInAsync(factory, ShopRoles.Staff);

        using var list = await staff.Client.GetAsync(new Uri("/admin/marketing/banners", UriKind.Relative));
        using var form = await staff.Client.GetAsync(new Uri("/admin/marketing/banners/new", UriKind.Relative));
        using var post = await staff.PostAsync("/admin/marketing/banners/new", Fields($"Sneaky {_run}", null, alt: "", starts: "2027-01-01T10:00"));

        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, form.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<ShopDbContext>().Banners.AnyAsync(b => b.Headline.Contains(_run)));
    }

    private sealed record TestImage(long Id, string Hash, string[] Paths);

    /// <summary>A published image as the media pipeline leaves it: Ready, with WebP and JPEG variants.</summary>
    private async Task<TestImage> InsertImageAsync()
    {
        var hash = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        (int Width, string Format)[] variants = [(640, "webp"), (1280, "webp"), (640, "jpg"), (1280, "jpg")];
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        var asset = new MediaAsset
        {
            Hash = hash, Kind = MediaKind.Image, ContentType = "image/jpeg", Extension = "jpg", FileName = $"winter-{_run}.jpg",
            Length = 1000, Width = 1280, Height = 720, Status = MediaStatus.Ready, UploadedBy = "test@example.com", UploadedAt = DateTimeOffset.UtcNow,
            Variants = [.. variants.Select(v => new MediaVariant
            {
                Width = v.Width, Format = v.Format, Height = v.Width * 9 / 16, BlobHash = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), Length = 100,
            })],
        };
        db.MediaAssets.Add(asset);
        await db.SaveChangesAsync();
        return new TestImage(asset.Id, hash, [.. variants.Select(v => $"media/{hash}/{v.Width}.{v.Format}")]);
    }

    private async Task<long> CreateAsync(string headline, long? imageId, DateTimeOffset starts, DateTimeOffset? ends, BannerPlacement placement = BannerPlacement.HomeHero)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var form = new BannerForm
        {
            Placement = placement, Headline = headline, MediaAssetId = imageId, AltText = imageId is null ? null : "Snow on a ridge",
            StartsLocal = BannerRules.InZone(starts, Zone).DateTime, EndsLocal = ends is { } e ? BannerRules.InZone(e, Zone).DateTime : null,
            TimeZone = Zone, Priority = 1000, Published = true, LinkUrl = "/c/outdoor",
        };
        var result = await scope.ServiceProvider.GetRequiredService<BannerAdmin>().SaveAsync(null, form, new StaffActor("test", "marketing@example.com"));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Values));
        return result.Id!.Value;
    }

    private static List<KeyValuePair<string, string>> Fields(string headline, long? imageId, string alt, string starts, string? ends = null,
        string link = "/c/outdoor", string version = "0") =>
    [
        new("_handler", "banner"),
        new("Input.Placement", nameof(BannerPlacement.HomeHero)),
        new("Input.Headline", headline),
        new("Input.Text", "Up to 40 % off skis and boots"),
        new("Input.LinkUrl", link),
        new("Input.MediaAssetId", imageId?.ToString(CultureInfo.InvariantCulture) ?? ""),
        new("Input.AltText", alt),
        new("Input.CategoryId", ""),
        new("Input.StartsLocal", starts),
        new("Input.EndsLocal", ends ?? ""),
        new("Input.TimeZone", Zone),
        new("Input.Priority", "1000"),
        new("Input.Published", "true"),
        new("Input.Version", version),
    ];

    /// <summary>An instant as the form's datetime-local value in the banner zone, to the minute (rounded up).</summary>
    private static string Local(DateTimeOffset instant) =>
        BannerRules.InZone(instant.AddMinutes(1), Zone).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    private static string VersionIn(string listHtml, long id) =>
        System.Text.RegularExpressions.Regex.Match(listHtml, $"value=\"(?:un)?publish:{id}:(\\d+)\"").Groups[1].Value;

    /// <summary>
    /// Visits until a response comes from the page cache, so later assertions have the cache in the path. A save's
    /// repeated invalidation (<c>Cache:RepeatInvalidationAfter</c>, 0.5 s) may evict the page between two visits.
    /// </summary>
    private static async Task<string> WarmAsync(HttpClient client, string path)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            if (response.Headers.Contains("Age"))
            {
                return await response.Content.ReadAsStringAsync();
            }
            await Task.Delay(attempt == 0 ? 0 : 200);
        }
        Assert.Fail($"{path} is never served from the page cache");
        return "";
    }

    /// <summary>
    /// Polls a page for 5 s: far below the 30 s a cached page lives, so a change seen here came from an eviction.
    /// (A visitor reads on a standby; the save's repeated invalidation covers a render that beat the replay.)
    /// </summary>
    private static async Task<bool> EventuallyAsync(HttpClient client, Func<string, bool> condition, string path = "/")
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < deadline)
        {
            if (condition(await client.GetStringAsync(new Uri(path, UriKind.Relative))))
            {
                return true;
            }
            await Task.Delay(100);
        }
        return false;
    }
}
