using System.IO.Compression;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PeakShop.Infrastructure.Auditing;
using PeakShop.Infrastructure.Cdn;
using PeakShop.Infrastructure.Media;
using PeakShop.Testing;

namespace PeakShop.Integration.Tests.Cdn;

/// <summary>The local CDN edge (Varnish, deploy/local/varnish.vcl.template) in front of a real Web process.</summary>
public sealed class CdnEdgeTests(CdnEdge cdn) : IClassFixture<CdnEdge>
{
    [Fact]
    public async Task FingerprintedAssets_AreMissThenHitAndImmutable()
    {
        foreach (var asset in new[] { cdn.Stylesheet, cdn.Script })
        {
            Assert.Equal(HttpStatusCode.OK, await cdn.SendAsync("PURGE", asset));

            using var first = await cdn.GetAsync(asset);
            using var second = await cdn.GetAsync(asset);

            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal("MISS", CdnEdge.XCache(first));
            Assert.Equal("HIT", CdnEdge.XCache(second));
            Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await second.Content.ReadAsByteArrayAsync());
            var cacheControl = second.Headers.CacheControl!;
            Assert.True(cacheControl.Public, $"{asset}: {cacheControl}");
            Assert.Equal(TimeSpan.FromDays(365), cacheControl.MaxAge);
            Assert.Contains("immutable", cacheControl.Extensions.Select(e => e.Name));
            Assert.Equal("*", string.Join(',', second.Headers.GetValues("Access-Control-Allow-Origin")));
        }
    }

    [Fact]
    public async Task UnfingerprintedAsset_IsNotImmutableAndIsRevalidated()
    {
        using var first = await cdn.GetAsync("css/site.css");
        using var second = await cdn.GetAsync("css/site.css");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.DoesNotContain("immutable", second.Headers.CacheControl?.ToString() ?? "", StringComparison.OrdinalIgnoreCase);
        // The origin says no-cache: the edge honours it and asks the origin every time.
        Assert.Equal("MISS", CdnEdge.XCache(second));
    }

    [Fact]
    public async Task EachEncoding_IsCachedAsItsOwnVariant()
    {
        Assert.Equal(HttpStatusCode.OK, await cdn.SendAsync("PURGE", cdn.Stylesheet));
        using var plain = await cdn.GetAsync(cdn.Stylesheet);
        var original = await plain.Content.ReadAsByteArrayAsync();

        foreach (var (acceptEncoding, expected) in new[] { ("br, gzip", "br"), ("gzip, deflate", "gzip"), ("gzip;q=1.0, br;q=0.9", "br") })
        {
            using var response = await cdn.GetAsync(cdn.Stylesheet, acceptEncoding);
            Assert.Equal(expected, string.Join(',', response.Content.Headers.ContentEncoding));
            Assert.Equal(original, Decode(expected, await response.Content.ReadAsByteArrayAsync()));
        }
        // br and gzip each missed once (their own variant), then hit: a normalized Accept-Encoding, not one copy per browser.
        Assert.Equal("HIT", await cdn.CacheOfAsync(cdn.Stylesheet, "gzip"));
        Assert.Equal("HIT", await cdn.CacheOfAsync(cdn.Stylesheet, "deflate, br"));
        Assert.Equal("HIT", await cdn.CacheOfAsync(cdn.Stylesheet, "identity"));
        using var identity = await cdn.GetAsync(cdn.Stylesheet, "identity");
        Assert.Empty(identity.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task MissingAsset_Is404AndCachedForSecondsOnly()
    {
        var missing = $"css/missing-{Guid.NewGuid():N}.css";

        using var first = await cdn.GetAsync(missing);
        using var second = await cdn.GetAsync(missing);

        Assert.Equal(HttpStatusCode.NotFound, first.StatusCode);
        Assert.Equal("MISS", CdnEdge.XCache(first));
        Assert.Equal(HttpStatusCode.NotFound, second.StatusCode);
        Assert.Equal("HIT", CdnEdge.XCache(second));
        await Task.Delay(TimeSpan.FromSeconds(11));
        Assert.Equal("MISS", await cdn.CacheOfAsync(missing));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/p/any-product")]
    [InlineData("/c/tents")]
    [InlineData("/search?q=tent")]
    [InlineData("/admin")]
    [InlineData("/admin/products")]
    [InlineData("/admin/jobs")]
    [InlineData("/account/login")]
    [InlineData("/cart")]
    [InlineData("/checkout")]
    [InlineData("/healthz/ready")]
    [InlineData("/sitemap.xml")]
    [InlineData("/_blazor")]
    [InlineData("/admin/site.css")]
    public async Task PagesAndAdmin_AreNotServedByTheEdge(string path)
    {
        using var response = await cdn.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        // Varnish's own answer: nothing came from the origin (no replica named itself).
        Assert.False(response.Headers.Contains("X-Replica"), $"{path} reached the origin through the edge");
    }

    [Theory]
    [InlineData("POST", "/cart/items")]
    [InlineData("POST", "/account/logout")]
    [InlineData("PUT", "/media/x/y.webp")]
    public async Task Forms_AreNotPassedByTheEdge(string method, string path) =>
        Assert.Equal(HttpStatusCode.NotFound, await cdn.SendAsync(method, path));

    [Fact]
    public async Task AssetsAndBlazorsOpaqueRedirect_StillReachTheOrigin()
    {
        using var asset = await cdn.GetAsync(cdn.Stylesheet);
        using var redirect = await cdn.GetAsync("/_framework/opaque-redirect");

        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        // Answered by the app (a replica named itself), whatever it answers without a redirect to make.
        Assert.True(redirect.Headers.Contains("X-Replica"), $"opaque-redirect: {(int)redirect.StatusCode} without X-Replica");
    }

    [Fact]
    public async Task Purge_DropsOneUrlOnly()
    {
        await WarmAsync(cdn.Stylesheet, cdn.Script);

        Assert.Equal(HttpStatusCode.OK, await cdn.SendAsync("PURGE", cdn.Stylesheet));

        Assert.Equal("MISS", await cdn.CacheOfAsync(cdn.Stylesheet));
        Assert.Equal("HIT", await cdn.CacheOfAsync(cdn.Script));
    }

    [Fact]
    public async Task Ban_DropsEverythingUnderAPrefix()
    {
        await WarmAsync([.. cdn.ProductImages, cdn.Stylesheet]);

        Assert.Equal(HttpStatusCode.OK, await cdn.SendAsync("BAN", "media/"));

        foreach (var image in cdn.ProductImages)
        {
            Assert.Equal("MISS", await cdn.CacheOfAsync(image));
        }
        Assert.Equal("HIT", await cdn.CacheOfAsync(cdn.Stylesheet));
    }

    [Fact]
    public async Task VarnishCdnPurger_PurgesAndBansThroughTheInterface()
    {
        using var host = HostWithCdn(new() { ["Cdn:BaseUrl"] = cdn.BaseUrl.ToString() });
        var purger = host.Services.GetRequiredService<ICdnPurger>();
        Assert.IsType<VarnishCdnPurger>(purger);
        await WarmAsync([.. cdn.ProductImages, cdn.Stylesheet, cdn.Script]);

        await purger.PurgeAsync([cdn.Stylesheet], CancellationToken.None);
        Assert.Equal("MISS", await cdn.CacheOfAsync(cdn.Stylesheet));
        Assert.Equal("HIT", await cdn.CacheOfAsync(cdn.Script));

        await purger.PurgePrefixAsync("media/", CancellationToken.None);
        foreach (var image in cdn.ProductImages)
        {
            Assert.Equal("MISS", await cdn.CacheOfAsync(image));
        }
        Assert.Equal("HIT", await cdn.CacheOfAsync(cdn.Script));
    }

    [Fact]
    public async Task VarnishCdnPurger_ThrowsNamingThePathsGivenAnUnreachableEdge()
    {
        var closed = $"http://127.0.0.1:{WebProcess.FreePort()}/";
        using var host = HostWithCdn(new() { ["Cdn:BaseUrl"] = cdn.BaseUrl.ToString(), ["Cdn:PurgeUrl"] = closed, ["Cdn:PurgeTimeout"] = "00:00:02" });
        var purger = host.Services.GetRequiredService<ICdnPurger>();

        var purge = await Assert.ThrowsAsync<CdnPurgeException>(() => purger.PurgeAsync(["media/a/1.webp", "media/a/2.webp"], CancellationToken.None));
        var ban = await Assert.ThrowsAsync<CdnPurgeException>(() => purger.PurgePrefixAsync("media/a/", CancellationToken.None));

        Assert.Equal(["media/a/1.webp", "media/a/2.webp"], purge.Paths);
        Assert.Equal(["media/a/"], ban.Paths);
    }

    [Fact]
    public void AddShopCdn_RegistersNoPurgerGivenNoCdn()
    {
        using var host = HostWithCdn([]);

        Assert.IsType<NoCdnPurger>(host.Services.GetRequiredService<ICdnPurger>());
    }

    private async Task WarmAsync(params string[] paths)
    {
        foreach (var path in paths)
        {
            await cdn.CacheOfAsync(path);
            Assert.Equal("HIT", await cdn.CacheOfAsync(path));
        }
    }

    /// <summary>
    /// A published image through the edge: MISS, then HIT; unpublished by the app (its real Varnish purger), the
    /// edge asks the origin again and gets a 404, which it keeps only briefly.
    /// </summary>
    [Fact]
    public async Task UnpublishedMedia_IsPurgedFromTheEdge_AndTheOriginAnswers404()
    {
        await using var app = new ShopFactory().WithWebHostBuilder(web => web.UseSetting("Cdn:BaseUrl", cdn.BaseUrl.ToString()));
        await using var scope = app.Services.CreateAsyncScope();
        var library = scope.ServiceProvider.GetRequiredService<MediaLibrary>();
        var actor = new StaffActor("cdn-test", "marketing@peakshop.test");
        var upload = await library.UploadAsync("edge.jpg", TestImages.Make("jpg", 800, 600, unique: true), actor, queueVariants: false);
        Assert.True(upload.Succeeded, upload.Refusal);
        await scope.ServiceProvider.GetRequiredService<MediaVariantsJob>().RunAsync(upload.Asset!.Id, CancellationToken.None);
        var path = MediaUrls.VariantPath(upload.Asset.Hash, 640, "webp");

        using (var first = await cdn.GetAsync(path))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal("MISS", CdnEdge.XCache(first));
            Assert.Equal("image/webp", first.Content.Headers.ContentType?.MediaType);
            Assert.Contains("immutable", first.Headers.CacheControl!.Extensions.Select(e => e.Name));
        }
        Assert.Equal("HIT", await cdn.CacheOfAsync(path));

        var unpublished = await library.UnpublishAsync(upload.Asset.Id, actor);

        Assert.Null(unpublished.PurgeError);
        using (var gone = await cdn.GetAsync(path))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
            Assert.Equal("MISS", CdnEdge.XCache(gone));
        }
        using var again = await cdn.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("HIT", CdnEdge.XCache(again));
        Assert.True(again.Headers.Age is null || again.Headers.Age < TimeSpan.FromSeconds(11));
    }

    private static IHost HostWithCdn(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddShopCdn();
        return builder.Build();
    }

    private static byte[] Decode(string encoding, byte[] body)
    {
        using var input = new MemoryStream(body);
        using Stream decoder = encoding == "br" ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        decoder.CopyTo(output);
        return output.ToArray();
    }
}
