using NetVips;
using PeakShop.Infrastructure.Media;
using PeakShop.Testing;

namespace PeakShop.Unit.Tests.Infrastructure.Media;

public sealed class MediaImagesTests
{
    [Theory]
    [InlineData(4000, new[] { 320, 640, 1280, 1920 })]
    [InlineData(1920, new[] { 320, 640, 1280, 1920 })]
    [InlineData(1600, new[] { 320, 640, 1280, 1600 })]
    [InlineData(640, new[] { 320, 640 })]
    [InlineData(200, new[] { 200 })]
    public void WidthsFor_TakesStandardWidthsBelowTheOriginal_PlusItsOwnCappedAt1920(int original, int[] expected)
    {
        Assert.Equal(expected, MediaImages.WidthsFor(original));
    }

    [Fact]
    public void RenderVariants_MakesWebPAndJpeg_AtEveryWidth()
    {
        var variants = MediaImages.RenderVariants(TestImages.Make("jpg", 1400, 700), 1400);

        Assert.Equal([(320, "webp"), (320, "jpg"), (640, "webp"), (640, "jpg"), (1280, "webp"), (1280, "jpg"), (1400, "webp"), (1400, "jpg")],
            variants.Select(v => (v.Width, v.Format)));
        foreach (var variant in variants)
        {
            using var decoded = Image.NewFromBuffer(variant.Content);
            Assert.Equal((variant.Width, variant.Width / 2), (decoded.Width, decoded.Height));
            Assert.Equal(variant.Format == "webp" ? "webpload_buffer" : "jpegload_buffer", (string)decoded.Get("vips-loader"));
        }
    }

    [Fact]
    public void RenderVariants_FallsBackToPng_ForAnImageWithAlpha()
    {
        var variants = MediaImages.RenderVariants(TestImages.Make("png", 400, 400, alpha: true), 400);

        Assert.Equal(["webp", "png", "webp", "png"], variants.Select(v => v.Format));
        Assert.True(variants[1].Content.AsSpan().StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47]));
    }

    [Fact]
    public void RenderVariants_AppliesExifOrientation_AndStripsAllMetadata()
    {
        var upload = TestImages.JpegWithExif(800, 400);
        using (var original = Image.NewFromBuffer(upload))
        {
            Assert.Equal(6, (int)original.Get("orientation"));
            Assert.Contains("PeakCam", (string)original.Get("exif-ifd0-Make"), StringComparison.Ordinal);
        }
        var (width, height, problem) = MediaImages.ReadHeader(upload);
        Assert.Null(problem);
        Assert.Equal((400, 800), (width, height));

        var variants = MediaImages.RenderVariants(upload, width);

        Assert.Equal([320, 320, 400, 400], variants.Select(v => v.Width));
        foreach (var variant in variants)
        {
            using var decoded = Image.NewFromBuffer(variant.Content);
            Assert.Equal(variant.Width * 2, decoded.Height);
            Assert.DoesNotContain("exif-data", decoded.GetFields());
            Assert.DoesNotContain("xmp-data", decoded.GetFields());
            Assert.True(variant.Content.AsSpan().IndexOf("PeakCam"u8) < 0, $"{variant.Width}.{variant.Format} still carries the camera make");
        }
    }

    [Fact]
    public void RenderVariants_TakesTheFirstFrameOfAGif()
    {
        var variants = MediaImages.RenderVariants(TestImages.Make("gif", 500, 250), 500);

        Assert.Equal([(320, "webp"), (320, "jpg"), (500, "webp"), (500, "jpg")], variants.Select(v => (v.Width, v.Format)));
    }

    [Fact]
    public void ParseImagePath_ReadsMediaPaths_AndLeavesStaticOnesAlone()
    {
        var hash = new string('a', 64);

        Assert.Equal(new MediaImagePath(hash, 1600, "jpg"), MediaUrls.ParseImagePath($"media/{hash}/1600.jpg"));
        Assert.Null(MediaUrls.ParseImagePath("img/products/placeholder-01.svg"));
        Assert.Null(MediaUrls.ParseImagePath($"media/{hash}/original.pdf"));
        Assert.Null(MediaUrls.ParseImagePath("media/not-a-hash/640.jpg"));
    }

    [Fact]
    public void Srcset_ListsEveryWidth_WithTheCdnPrefix()
    {
        var hash = new string('b', 64);
        var urls = new MediaUrls(Microsoft.Extensions.Options.Options.Create(new PeakShop.Infrastructure.Cdn.CdnOptions { BaseUrl = "https://cdn.example.com/" }));

        Assert.Equal($"https://cdn.example.com/media/{hash}/320.webp 320w, https://cdn.example.com/media/{hash}/640.webp 640w, https://cdn.example.com/media/{hash}/1000.webp 1000w",
            urls.Srcset(new MediaImagePath(hash, 1000, "jpg"), "webp"));
    }
}
