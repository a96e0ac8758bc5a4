using PeakShop.Infrastructure.Catalog.Seeding;

namespace PeakShop.Unit.Tests.Infrastructure.Catalog;

public sealed class SlugifyTests
{
    [Theory]
    [InlineData("Alder & Pine", "alder-pine")]
    [InlineData("Trail Tent X2, Forest Green", "trail-tent-x2-forest-green")]
    [InlineData("Café Crème 2.0", "cafe-creme-20")]
    [InlineData("  --Spaces--  ", "spaces")]
    public void Slugify_MakesLowercaseHyphenatedAscii(string text, string expected) =>
        Assert.Equal(expected, CatalogSeeder.Slugify(text));
}
