using PeakShop.Web.Components.Storefront;

namespace PeakShop.Unit.Tests.Web.Components.Storefront;

public sealed class ResponsiveImagesTests
{
    private static string Cdn(string path) => "https://cdn.example/" + path;

    [Fact]
    public void Srcset_VectorImage_IsOneCandidateAtItsWidth() =>
        Assert.Equal("https://cdn.example/img/products/placeholder-01.svg 800w",
            ResponsiveImages.Srcset("img/products/placeholder-01.svg", 800, Cdn));

    [Fact]
    public void Srcset_Raster_IsTheOriginalOnly() =>
        Assert.Equal("https://cdn.example/img/p/a.jpg 1600w", ResponsiveImages.Srcset("img/p/a.jpg", 1600, Cdn));
}
