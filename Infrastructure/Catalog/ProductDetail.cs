using System.ComponentModel;

namespace PeakShop.Infrastructure.Catalog;

// Cached as data, never HTML; immutable, so HybridCache hands out its L1 instance without copying.
[ImmutableObject(true)]
public sealed record ProductDetail(
    int Id,
    string Sku,
    string Slug,
    string Name,
    string Description,
    decimal Price,
    string Currency,
    int Stock,
    string BrandName,
    int CategoryId,
    IReadOnlyList<ProductImageInfo> Images,
    DateTimeOffset UpdatedAt);
