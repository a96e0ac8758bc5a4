using PeakShop.Infrastructure.Media;
using PeakShop.Testing;

namespace PeakShop.Unit.Tests.Infrastructure.Media;

public sealed class MediaSnifferTests
{
    private static readonly MediaOptions Defaults = new();

    [Theory]
    [InlineData("jpg", "image/jpeg")]
    [InlineData("png", "image/png")]
    [InlineData("gif", "image/gif")]
    [InlineData("webp", "image/webp")]
    public void Inspect_AcceptsImages_ByContent_WithTheirHeaderSize(string format, string contentType)
    {
        var result = MediaSniffer.Inspect(TestImages.Make(format, 300, 200), Defaults);

        Assert.Null(result.Refusal);
        Assert.Equal(new MediaType(MediaKind.Image, contentType, format, 300, 200), result.Type);
    }

    [Fact]
    public void Inspect_ReadsTheSizeOfAnAlphaWebP()
    {
        var result = MediaSniffer.Inspect(TestImages.Make("webp", 123, 77, alpha: true), Defaults);

        Assert.Equal((123, 77), (result.Type!.Width, result.Type.Height));
    }

    [Fact]
    public void Inspect_AcceptsAPdf_AsADocument()
    {
        var result = MediaSniffer.Inspect(TestImages.Pdf(), Defaults);

        Assert.Equal(new MediaType(MediaKind.Document, "application/pdf", "pdf", 0, 0), result.Type);
    }

    [Fact]
    public void Inspect_RefusesAWindowsExecutable()
    {
        var result = MediaSniffer.Inspect(TestImages.Executable(), Defaults);

        Assert.Null(result.Type);
        Assert.Contains("Windows executable", result.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_RefusesALinuxExecutable()
    {
        Assert.Contains("Linux executable", MediaSniffer.Inspect(TestImages.Elf(), Defaults).Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_RefusesSvg_BecauseItCanCarryScripts()
    {
        Assert.Contains("SVG images are not accepted", MediaSniffer.Inspect(TestImages.Svg(), Defaults).Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_RefusesHtmlAndXml()
    {
        Assert.Contains("HTML files are not accepted", MediaSniffer.Inspect(TestImages.Html(), Defaults).Refusal, StringComparison.Ordinal);
        Assert.Contains("XML files are not accepted", MediaSniffer.Inspect("<?xml version=\"1.0\"?><a/>"u8.ToArray(), Defaults).Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_RefusesUnknownContent()
    {
        Assert.Contains("not recognised", MediaSniffer.Inspect("just some text"u8.ToArray(), Defaults).Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_RefusesAnEmptyFile()
    {
        Assert.Equal("The file is empty (0 bytes).", MediaSniffer.Inspect([], Defaults).Refusal);
    }

    [Fact]
    public void Inspect_RefusesAFileOverMaxBytes_AsTooLarge()
    {
        var jpeg = TestImages.Make("jpg");

        var result = MediaSniffer.Inspect(jpeg, new MediaOptions { MaxBytes = jpeg.Length - 1 });

        Assert.True(result.TooLarge);
        Assert.Contains("the limit is", result.Refusal, StringComparison.Ordinal);
        Assert.Null(MediaSniffer.Inspect(jpeg, new MediaOptions { MaxBytes = jpeg.Length }).Refusal);
    }

    [Theory]
    [InlineData("jpg", "end-of-image")]
    [InlineData("png", "IEND")]
    [InlineData("gif", "trailer")]
    [InlineData("webp", "RIFF header declares")]
    public void Inspect_RefusesATruncatedImage(string format, string because)
    {
        var result = MediaSniffer.Inspect(TestImages.Truncated(TestImages.Make(format)), Defaults);

        Assert.Null(result.Type);
        Assert.Contains("damaged or incomplete", result.Refusal, StringComparison.Ordinal);
        Assert.Contains(because, result.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_RefusesATruncatedPdf()
    {
        Assert.Contains("%%EOF", MediaSniffer.Inspect(TestImages.Truncated(TestImages.Pdf(), 0.5), Defaults).Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_RefusesADecompressionBomb_FromItsHeader()
    {
        var bomb = TestImages.PngBomb();
        Assert.True(bomb.Length < 2_000);

        var result = MediaSniffer.Inspect(bomb, Defaults);

        Assert.Equal("The image is 60000×60000 (3600 megapixels); the limit is 50 megapixels.", result.Refusal);
    }

    [Fact]
    public void Inspect_RefusesAJpegBomb_FromItsFrameHeader()
    {
        Assert.Contains("60000×60000", MediaSniffer.Inspect(TestImages.JpegBomb(), Defaults).Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_AcceptsAnImageAtExactlyMaxPixels()
    {
        var png = TestImages.Make("png", 100, 50);

        Assert.Null(MediaSniffer.Inspect(png, new MediaOptions { MaxPixels = 5_000 }).Refusal);
        Assert.NotNull(MediaSniffer.Inspect(png, new MediaOptions { MaxPixels = 4_999 }).Refusal);
    }
}
