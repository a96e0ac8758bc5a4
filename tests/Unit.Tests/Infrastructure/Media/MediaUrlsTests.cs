using PeakShop.Infrastructure.Media;

namespace PeakShop.Unit.Tests.Infrastructure.Media;

public sealed class MediaUrlsTests
{
    [Theory]
    [InlineData(new[] { 320, 640, 1280, 1920 }, 160, 320)]
    [InlineData(new[] { 320, 640, 1280, 1920 }, 240, 640)]
    [InlineData(new[] { 320, 640, 1280, 1920 }, 1200, 1920)]
    [InlineData(new[] { 200 }, 160, 200)]
    [InlineData(new[] { 640, 1280 }, 96, 640)]
    [InlineData(new[] { 1280, 320, 640 }, 200, 640)]
    public void PickWidth_IsTheSmallestSharpVariant_OrTheLargestThereIs(int[] widths, int cssWidth, int expected) =>
        Assert.Equal(expected, MediaUrls.PickWidth(widths, cssWidth));

    [Fact]
    public void PickWidth_OfNoVariants_IsAnError() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MediaUrls.PickWidth([], 100));

    [Fact]
    public void ImageChoice_ComesFromTheVariantsThatExist_AndStoresTheLargestFallback()
    {
        var asset = new MediaAsset
        {
            Id = 4, Hash = new string('e', 64), Kind = MediaKind.Image, ContentType = "image/png", Extension = "png", FileName = "logo.png",
            Width = 700, Height = 350, Status = MediaStatus.Ready, UploadedBy = "m@example.com",
            Variants = [.. new[] { 700, 320, 640 }.SelectMany(w => new[] { "webp", "png" }.Select(f => new MediaVariant { Width = w, Height = w / 2, Format = f, BlobHash = "x" }))],
        };

        var choice = MediaImageChoice.Of(asset)!;

        Assert.Equal([320, 640, 700], choice.Widths);
        Assert.Equal((700, 350, "png"), (choice.Width, choice.Height, choice.Fallback));
        Assert.Equal($"media/{asset.Hash}/700.png", choice.Path);
        Assert.Null(MediaImageChoice.Of(new MediaAsset
        {
            Hash = asset.Hash, ContentType = "image/png", Extension = "png", FileName = "new.png", UploadedBy = "m@example.com", Status = MediaStatus.Processing,
        }));
    }
}
