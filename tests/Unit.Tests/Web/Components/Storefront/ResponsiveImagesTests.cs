using PeakShop.Web.Components.Storefront;

namespace PeakShop.Unit.Tests.Web.Components.Storefront;

public sealed class ResponsiveImagesTests
{
    private static string Cdn(string path) => "https://cdn.example/" + path;

    [Fact]
    public void Srcset_VectorImage_IsOneCandidateAtItsWidth() =>
        Assert.Equal("https://cdn.example/img/products/placeholder-01.svg 800w",
            ResponsiveImages.Srcset("img/products/placeholder-01.svg", 800, Cdn, variantsAvailable: true));

    [Fact]
    public void Srcset_RasterWithVariants_ListsSmallerWidthsThenOriginal() =>
        Assert.Equal(
            "https://cdn.example/img/p/a-320w.jpg 320w, https://cdn.example/img/p/a-640w.jpg 640w, https://cdn.example/img/p/a.jpg 800w",
            ResponsiveImages.Srcset("img/p/a.jpg", 800, Cdn, variantsAvailable: true));

    [Fact]
    public void Srcset_RasterWithoutVariants_IsTheOriginalOnly() =>
        Assert.Equal("https://cdn.example/img/p/a.jpg 1600w", ResponsiveImages.Srcset("img/p/a.jpg", 1600, Cdn));

    [Theory]
    [InlineData("img/p/a.jpg", 640, "img/p/a-640w.jpg")]
    [InlineData("img/p.v2/a", 320, "img/p.v2/a-320w")]
    public void VariantPath_InsertsWidthBeforeExtension(string path, int width, string expected) =>
        Assert.Equal(expected, ResponsiveImages.VariantPath(path, width));
}
