using NetVips;
using PeakShop.Infrastructure.Catalog.Seeding;
using PeakShop.Infrastructure.Media;

namespace PeakShop.Unit.Tests.Infrastructure.Catalog.Seeding;

public sealed class DemoPhotosTests
{
    private static readonly string[] Subcategories =
        [.. DemoCatalog.Departments.SelectMany(d => d.Subcategories).Select(s => CatalogSeeder.Slugify(s.Name))];

    public static TheoryData<string> Names() => [.. DemoPhotos.Names];

    private static string[] PhotosOf(string subcategory) => [.. DemoPhotos.Names.Where(n => DemoPhotos.SubcategoryOf(n) == subcategory)];

    [Fact]
    public void Names_GiveEverySubcategoryItsOwnPhoto()
    {
        var missing = Subcategories.Where(s => PhotosOf(s).Length == 0).ToList();

        Assert.Empty(missing);
        Assert.Equal(["tents-1.jpg"], PhotosOf("tents").Take(1));
        Assert.All(PhotosOf("camp-kitchen"), n => Assert.StartsWith("camp-kitchen-", n, StringComparison.Ordinal));
    }

    [Fact]
    public void Names_BelongOnlyToSubcategoriesOfTheCatalog()
    {
        Assert.All(DemoPhotos.Names, n => Assert.Contains(DemoPhotos.SubcategoryOf(n), Subcategories));
        Assert.All(DemoPhotos.Names, n => Assert.Matches("^[a-z-]+-[1-9]\\.jpg$", n));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Photo_IsASmallSquareJpegTheUploadChecksAccept(string name)
    {
        var content = DemoPhotos.Read(name);

        var (type, refusal) = MediaLibrary.Validate(content, new MediaOptions());
        Assert.Null(refusal);
        Assert.Equal("image/jpeg", type!.ContentType);
        using var image = Image.NewFromBuffer(content);
        Assert.Equal((DemoPhotos.Size, DemoPhotos.Size), (image.Width, image.Height));
        Assert.InRange(content.Length, 10_000, 160_000);
    }

    [Fact]
    public void Read_RefusesAName_ThatIsNotAPhoto() =>
        Assert.Throws<ArgumentException>(() => DemoPhotos.Read("unicorns-1.jpg"));
}
