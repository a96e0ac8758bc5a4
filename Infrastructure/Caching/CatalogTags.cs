namespace PeakShop.Infrastructure.Caching;

/// <summary>Cache tags for catalog data. A write that changes what a page shows invalidates the matching tags.</summary>
public static class CatalogTags
{
    /// <summary>Everything catalog-derived: listings, search, home page sections.</summary>
    public const string Catalog = "catalog";

    public static string Product(int productId) => $"product:{productId}";

    public static string Category(int categoryId) => $"category:{categoryId}";
}

/// <summary>
/// Invalidates cached entries by tag on every Web replica (not only this process), so no replica serves
/// a stale price or stock level after a write.
/// </summary>
public interface IShopCacheInvalidator
{
    Task InvalidateAsync(IReadOnlyCollection<string> tags, CancellationToken cancellationToken = default);
}
