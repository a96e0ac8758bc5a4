namespace PeakShop.Infrastructure.Catalog;

public sealed class ProductImage
{
    public int Id { get; set; }
    public int ProductId { get; set; }
    /// <summary>Path relative to the CDN base URL, e.g. img/products/p3.svg (a static asset) or media/{hash}/original.jpg.</summary>
    public required string Path { get; set; }
    /// <summary>The media-library image this shows, when it is one: the storefront then offers its variants.</summary>
    public long? MediaAssetId { get; set; }
    public required string AltText { get; set; }
    public int Width { get; set; }
    public int Height { get; set; }
    public int SortOrder { get; set; }
}
