using System.ComponentModel;

namespace PeakShop.Infrastructure.Catalog;

// Cached as data, never HTML; immutable, so HybridCache hands out its L1 instance without copying.
/// <summary>One page of a category listing: ids only, the tiles come from the per-product cache.</summary>
[ImmutableObject(true)]
public sealed record ListingPage(
    IReadOnlyList<int> ProductIds,
    int Total,
    int PageNumber,
    string? PreviousCursor,
    string? NextCursor);
