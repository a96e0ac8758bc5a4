namespace PeakShop.Infrastructure.Catalog;

public sealed class ProductImage
{
    public int Id { get; set; }
    public int ProductId { get; set; }
    /// <summary>
    /// Path relative to the CDN base URL: a static asset (img/products/p3.svg) or, for a media-library image, its largest
    /// fallback variant media/{hash}/{width}.jpg|png (the storefront derives the other widths and the WebP set from it).
    /// </summary>
    public required string Path { get; set; }
    /// <summary>The media-library image this shows, when it is one: the storefront then offers its variants.</summary>
    public long? MediaAssetId { get; set; }
    public required string AltText { get; set; }
    public int Width { get; set; }
    public int Height { get; set; }
    public int SortOrder { get; set; }
}
