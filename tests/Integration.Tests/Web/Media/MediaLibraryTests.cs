using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NetVips;
using PeakShop.Infrastructure.Customers;
using PeakShop.Infrastructure.Data;
using PeakShop.Infrastructure.Media;
using PeakShop.Integration.Tests.Jobs;
using PeakShop.Integration.Tests.Web.Storefront;
using PeakShop.Testing;
using PeakShop.Web.Endpoints;

namespace PeakShop.Integration.Tests.Web.Media;

/// <summary>
/// The media pipeline end to end on the real platform: upload through the API or the page as a Marketing user, the
/// variants job in a real Hangfire worker, the published URLs, unpublishing (with the edge purge) and every refusal.
/// </summary>
public sealed class MediaLibraryTests(ShopFactory factory, JobsWorker worker) : IClassFixture<ShopFactory>, IClassFixture<JobsWorker>
{
    private const string Page = "/admin/marketing/media";
    private const string Api = "/admin/marketing/media/api";

    [Fact]
    public async Task Upload_ThroughTheApi_MakesEveryVariant_RotatedAndWithoutExif()
    {
        _ = worker;
        using var marketing = await StaffAccounts.SignInAsync(factory, ShopRoles.Marketing);
        // Stored 2000×1000 with orientation 6: shown (and published) as 1000×2000.
        var upload = TestImages.JpegWithExif(2000, 1000, unique: true);

        using var response = await UploadAsync(marketing, upload, "beach.jpg");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var view = (await response.Content.ReadFromJsonAsync<MediaAssetView>())!;
        Assert.Equal((1000, 2000, "image/jpeg", "beach.jpg"), (view.Width, view.Height, view.ContentType, view.FileName));
        Assert.Equal(Sha256(upload), view.Hash);
        var asset = await WaitReadyAsync(view.Id);
        Assert.Equal([(320, "jpg"), (320, "webp"), (640, "jpg"), (640, "webp"), (1000, "jpg"), (1000, "webp")],
            asset.Variants.OrderBy(v => v.Width).ThenBy(v => v.Format).Select(v => (v.Width, v.Format)));

        using var anonymous = factory.CreateCookielessClient();
        foreach (var variant in asset.Variants)
        {
            var url = $"/media/{asset.Hash}/{variant.Width}.{variant.Format}";
            using var served = await anonymous.GetAsync(new Uri(url, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            Assert.Equal(variant.Format == "webp" ? "image/webp" : "image/jpeg", served.Content.Headers.ContentType?.MediaType);
            Assert.Equal("public, max-age=31536000, immutable", served.Headers.CacheControl?.ToString());
            Assert.Equal($"\"{variant.BlobHash}\"", served.Headers.ETag?.Tag);
            Assert.Equal("nosniff", served.Headers.GetValues("X-Content-Type-Options").Single());
            var bytes = await served.Content.ReadAsByteArrayAsync();
            Assert.Equal(variant.BlobHash, Sha256(bytes));
            Assert.True(variant.Format == "webp"
                ? bytes.AsSpan(0, 4).SequenceEqual("RIFF"u8) && bytes.AsSpan(8, 4).SequenceEqual("WEBP"u8)
                : bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]), $"{url} has the wrong magic bytes");
            using var decoded = Image.NewFromBuffer(bytes);
            Assert.Equal((variant.Width, variant.Width * 2), (decoded.Width, decoded.Height));
            Assert.DoesNotContain("exif-data", decoded.GetFields());
            Assert.DoesNotContain("orientation", decoded.GetFields());
            Assert.True(bytes.AsSpan().IndexOf("PeakCam"u8) < 0, $"{url} still carries the camera make");
        }

        using var head = new HttpRequestMessage(HttpMethod.Head, $"/media/{asset.Hash}/320.webp");
        using var headResponse = await anonymous.SendAsync(head);
        Assert.Equal(HttpStatusCode.OK, headResponse.StatusCode);
        Assert.Equal(asset.Variants.Single(v => v is { Width: 320, Format: "webp" }).Length, headResponse.Content.Headers.ContentLength);
        Assert.Empty(await headResponse.Content.ReadAsByteArrayAsync());

        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/media/{asset.Hash}/640.jpg");
        conditional.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{asset.Variants.Single(v => v is { Width: 640, Format: "jpg" }).BlobHash}\""));
        using var notModified = await anonymous.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        // The original keeps its EXIF (GPS, camera): it is stored, never published.
        await AssertMissAsync(anonymous, $"/media/{asset.Hash}/original.jpg");
        await AssertMissAsync(anonymous, $"/media/{asset.Hash}/333.webp");
        await AssertMissAsync(anonymous, $"/media/{new string('0', 64)}/320.webp");
    }

    public static TheoryData<string, string, string> BadInputs => new()
    {
        { "executable", "invoice.jpg", "Windows executable" },
        { "elf", "photo.jpg", "Linux executable" },
        { "truncated-jpeg", "cut.jpg", "does not end with an end-of-image marker" },
        { "empty", "empty.jpg", "The file is empty (0 bytes)." },
        { "bomb", "tiny.png", "The image is 60000×60000 (3600 megapixels); the limit is 50 megapixels." },
        { "svg", "logo.svg", "SVG images are not accepted" },
        { "html", "page.jpg", "HTML files are not accepted" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Upload_OfABadFile_AnswersProblemDetails_AndStoresNothing(string kind, string fileName, string message)
    {
        var content = kind switch
        {
            "executable" => TestImages.Executable(),
            "elf" => TestImages.Elf(),
            "truncated-jpeg" => TestImages.Truncated(TestImages.Make("jpg", unique: true)),
            "empty" => [],
            "bomb" => TestImages.PngBomb(),
            "svg" => TestImages.Svg(),
            "html" => TestImages.Html(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        using var marketing = await StaffAccounts.SignInAsync(factory, ShopRoles.Marketing);
        var before = await CountsAsync();

        using var response = await UploadAsync(marketing, content, fileName);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDetails>())!;
        Assert.Contains(message, problem.Detail, StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync());
        Assert.False(await StoredAsync(Sha256(content)));
    }

    [Fact]
    public async Task Upload_OverMaxBytes_Answers413ProblemDetails_AndStoresNothing()
    {
        using var marketing = await StaffAccounts.SignInAsync(factory, ShopRoles.Marketing);
        var content = new byte[20 * 1024 * 1024 + 1];
        TestImages.Make("jpg").CopyTo(content, 0);
        var before = await CountsAsync();

        using var response = await UploadAsync(marketing, content, "huge.jpg");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDetails>())!;
        Assert.Contains("limit of 20 MB", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Upload_WithoutTheAntiforgeryToken_IsRefused_AndStoresNothing()
    {
        using var marketing = await StaffAccounts.SignInAsync(factory, ShopRoles.Marketing);
        var content = TestImages.Make("png", unique: true);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(content), "file", "a.png" } };

        using var response = await marketing.Client.PostAsync(new Uri(Api, UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("antiforgery", (await response.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail, StringComparison.Ordinal);
        Assert.False(await StoredAsync(Sha256(content)));
    }

    [Fact]
    public async Task Upload_OfTheSameBytesTwice_GivesOneAsset()
    {
        using var marketing = await StaffAccounts.SignInAsync(factory, ShopRoles.Marketing);
        var content = TestImages.Make("webp", 500, 300, unique: true);

        using var first = await UploadAsync(marketing, content, "first.webp");
        using var second = await UploadAsync(marketing, content, "second-name.webp");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var (a, b) = ((await first.Content.ReadFromJsonAsync<MediaAssetView>())!, (await second.Content.ReadFromJsonAsync<MediaAssetView>())!);
        Assert.Equal(a.Id, b.Id);
        Assert.Equal("first.webp", b.FileName);
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<ShopDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await db.MediaAssets.CountAsync(x => x.Hash == a.Hash));
    }

    [Fact]
    public async Task Unpublish_AnswersNotFound_AndPurgesTheEdge_AndPublishBringsItBack()
    {
        using var marketing = await StaffAccounts.SignInAsync(factory, ShopRoles.Marketing);
        using var uploaded = await UploadAsync(marketing, TestImages.Pdf(unique: true), "price list.pdf");
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var view = (await uploaded.Content.ReadFromJsonAsync<MediaAssetView>())!;
        Assert.Equal(("Ready", "application/pdf"), (view.Status, view.ContentType));
        var url = $"/media/{view.Hash}/original.pdf";
        Assert.Equal([url], view.Urls);
        using var anonymous = factory.CreateCookielessClient();
        using (var pdf = await anonymous.GetAsync(new Uri(url, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
            Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
            Assert.Equal("inline; filename=\"price list.pdf\"", pdf.Content.Headers.ContentDisposition?.ToString());
            Assert.StartsWith("sandbox", pdf.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        }
        var purger = factory.Services.GetRequiredService<RecordingCdnPurger>();

        using (var unpublished = await PostAsync(marketing, $"{Page}/{view.Id}/unpublish"))
        {
            Assert.Equal(HttpStatusCode.OK, unpublished.StatusCode);
            var body = await unpublished.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("Unpublished", body.GetProperty("asset").GetProperty("status").GetString());
            Assert.Equal(JsonValueKind.Null, body.GetProperty("purgeError").ValueKind);
        }

        Assert.Contains($"media/{view.Hash}/*", purger.Purged);
        await AssertMissAsync(anonymous, url);
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<ShopDbContext>>().CreateDbContextAsync())
        {
            var asset = await db.MediaAssets.SingleAsync(a => a.Id == view.Id);
            Assert.Equal(MediaStatus.Unpublished, asset.Status);
            Assert.NotNull(asset.UnpublishedAt);
            Assert.True(await db.AuditLog.AnyAsync(e => e.Action == "media.unpublish" && e.EntityId == view.Id.ToString()));
        }

        using (var published = await PostAsync(marketing, $"{Page}/{view.Id}/publish"))
        {
            Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        }
        using var again = await anonymous.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task Unpublish_Stands_WhenThePurgeFails()
    {
        using var marketing = await StaffAccounts.SignInAsync(factory, ShopRoles.Marketing);
        using var uploaded = await UploadAsync(marketing, TestImages.Pdf(unique: true), "flyer.pdf");
        var view = (await uploaded.Content.ReadFromJsonAsync<MediaAssetView>())!;
        factory.Services.GetRequiredService<RecordingCdnPurger>().FailNext();

        using var unpublished = await PostAsync(marketing, $"{Page}/{view.Id}/unpublish");

        Assert.Equal(HttpStatusCode.OK, unpublished.StatusCode);
        var body = await unpublished.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("could not be purged", body.GetProperty("purgeError").GetString(), StringComparison.Ordinal);
        using var anonymous = factory.CreateCookielessClient();
        await AssertMissAsync(anonymous, $"/media/{view.Hash}/original.pdf");
    }

    [Fact]
    public async Task Page_UploadsWithAPlainForm_AndShowsARefusalOnThePage()
    {
        using var marketing = await StaffAccounts.SignInAsync(factory, ShopRoles.Marketing);
        var good = TestImages.Make("png", 700, 350, alpha: true, unique: true);

        using (var posted = await PostPageFormAsync(marketing, good, "badge.png"))
        {
            Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
            Assert.StartsWith($"{Page}?done=uploaded&id=", ShopSession.PathOf(posted), StringComparison.Ordinal);
        }
        var id = long.Parse(ShopSession.PathOf((await PostPageFormAsync(marketing, good, "badge.png"))).Split("id=")[1], System.Globalization.CultureInfo.InvariantCulture);
        var asset = await WaitReadyAsync(id);
        Assert.Equal([(320, "png"), (320, "webp"), (640, "png"), (640, "webp"), (700, "png"), (700, "webp")],
            asset.Variants.OrderBy(v => v.Width).ThenBy(v => v.Format).Select(v => (v.Width, v.Format)));
        var html = await marketing.GetHtmlAsync(Page);
        Assert.Contains("badge.png", html, StringComparison.Ordinal);
        Assert.Contains($"/media/{asset.Hash}/320.webp", html, StringComparison.Ordinal);

        var before = await CountsAsync();
        using var refused = await PostPageFormAsync(marketing, TestImages.Svg(), "logo.png");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("SVG images are not accepted", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Page_UnpublishButton_WorksWithoutJavaScript_AndComesBackToThePage()
    {
        using var marketing = await StaffAccounts.SignInAsync(factory, ShopRoles.Admin);
        using var uploaded = await UploadAsync(marketing, TestImages.Pdf(unique: true), "terms.pdf");
        var view = (await uploaded.Content.ReadFromJsonAsync<MediaAssetView>())!;
        var html = await marketing.GetHtmlAsync(Page);
        Assert.Contains($"action=\"{Page}/{view.Id}/unpublish\"", html, StringComparison.Ordinal);

        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Page}/{view.Id}/unpublish")
        {
            Content = new FormUrlEncodedContent([new("__RequestVerificationToken", ShopSession.Token(html)), new("return", "page")]),
        };
        using var response = await marketing.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"{Page}?done=unpublished&id={view.Id}", ShopSession.PathOf(response));
        var after = await marketing.GetHtmlAsync(ShopSession.PathOf(response));
        Assert.Contains("Unpublished: the URLs answer 404", after, StringComparison.Ordinal);
        Assert.Contains($"action=\"{Page}/{view.Id}/publish\"", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sweep_HandsAnImageStuckInProcessing_ToTheVariantsJobAgain()
    {
        var library = factory.Services.GetRequiredService<MediaLibrary>();
        // Stored without its job, as if the job had been lost (deleted from the dashboard, storage restored).
        var result = await library.UploadAsync("lost.jpg", TestImages.Make("jpg", 700, 500, unique: true),
            new PeakShop.Infrastructure.Auditing.StaffActor("test", "test@example.com"), queueVariants: false);
        var id = result.Asset!.Id;
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<ShopDbContext>>().CreateDbContextAsync())
        {
            Assert.Equal(0, await JobRowsAsync(db, id));
            await db.MediaAssets.Where(a => a.Id == id).ExecuteUpdateAsync(u => u.SetProperty(a => a.UploadedAt, DateTimeOffset.UtcNow.AddHours(-1)));
        }

        await using (var scope = worker.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<MediaVariantsJob>().RequeueStuckAsync(CancellationToken.None) >= 1);
        }

        var asset = await WaitReadyAsync(id);
        Assert.Equal([320, 320, 640, 640, 700, 700], asset.Variants.Select(v => v.Width).Order());
        await using var after = await factory.Services.GetRequiredService<IDbContextFactory<ShopDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await JobRowsAsync(after, id));
    }

    private static async Task<int> JobRowsAsync(ShopDbContext db, long assetId) =>
        (await db.Database.SqlQuery<int>($"select count(*)::int as \"Value\" from outbox_messages where kind = 'media-variants' and (payload->>'assetId')::bigint = {assetId}").ToListAsync()).Single();

    [Fact]
    public async Task ProductPage_OfASeededProduct_RendersAPictureWithWebPVariants()
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<ShopDbContext>>().CreateDbContextAsync();
        var slug = await db.Products.Where(p => p.Sku.StartsWith("PS-") && p.Images.Any(i => i.MediaAssetId != null)).OrderBy(p => p.Id).Select(p => p.Slug).FirstAsync();
        using var shopper = factory.CreateCookielessClient();

        var html = await shopper.GetStringAsync(new Uri($"/p/{slug}", UriKind.Relative));

        var source = System.Text.RegularExpressions.Regex.Match(html, "<picture><source type=\"image/webp\" srcset=\"([^\"]+)\"");
        Assert.True(source.Success, "no <picture> with a WebP source");
        var candidates = source.Groups[1].Value.Split(", ");
        Assert.Equal(["320w", "640w", "1200w"], candidates.Select(c => c.Split(' ')[1]));
        Assert.Matches("<img src=\"/media/[0-9a-f]{64}/1200\\.jpg\" srcset=\"/media/[0-9a-f]{64}/320\\.jpg 320w", html);
        using var variant = await shopper.GetAsync(new Uri(candidates[0].Split(' ')[0], UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, variant.StatusCode);
        Assert.Equal("image/webp", variant.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<HttpResponseMessage> UploadAsync(ShopSession session, byte[] content, string fileName)
    {
        var token = ShopSession.Token(await session.GetHtmlAsync(Page));
        using var form = new MultipartFormDataContent { { new ByteArrayContent(content), "file", fileName } };
        using var request = new HttpRequestMessage(HttpMethod.Post, Api) { Content = form };
        request.Headers.Add("RequestVerificationToken", token);
        return await session.Client.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> PostAsync(ShopSession session, string path)
    {
        var token = ShopSession.Token(await session.GetHtmlAsync(Page));
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent([new("__RequestVerificationToken", token)]) };
        return await session.Client.SendAsync(request);
    }

    /// <summary>What a browser without JavaScript sends: the page's own multipart form with its hidden fields.</summary>
    private static async Task<HttpResponseMessage> PostPageFormAsync(ShopSession session, byte[] content, string fileName)
    {
        var html = await session.GetHtmlAsync(Page);
        using var form = new MultipartFormDataContent
        {
            { new StringContent("upload"), "_handler" },
            { new StringContent(ShopSession.Token(html)), "__RequestVerificationToken" },
            { new StringContent("A badge"), "alt" },
            { new ByteArrayContent(content), "file", fileName },
        };
        return await session.Client.PostAsync(new Uri(Page, UriKind.Relative), form);
    }

    private async Task<MediaAsset> WaitReadyAsync(long id)
    {
        var library = factory.Services.GetRequiredService<MediaLibrary>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var asset = await library.FindAsync(id);
            Assert.NotNull(asset);
            Assert.NotEqual(MediaStatus.Failed, asset.Status);
            if (asset.Status == MediaStatus.Ready)
            {
                return asset;
            }
            Assert.True(DateTime.UtcNow < deadline, $"asset {id} is still {asset.Status}");
            await Task.Delay(100);
        }
    }

    private static async Task AssertMissAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url}: {(int)response.StatusCode}");
        Assert.Equal("public, max-age=10", response.Headers.CacheControl?.ToString());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    private async Task<(int Assets, int Blobs, int Outbox)> CountsAsync()
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<ShopDbContext>>().CreateDbContextAsync();
        return (await db.MediaAssets.CountAsync(), await db.MediaBlobs.CountAsync(), await db.OutboxMessages.CountAsync(m => m.Kind == "media-variants"));
    }

    private async Task<bool> StoredAsync(string hash)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<ShopDbContext>>().CreateDbContextAsync();
        return await db.MediaBlobs.AnyAsync(b => b.Hash == hash) || await db.MediaAssets.AnyAsync(a => a.Hash == hash);
    }

    private static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
