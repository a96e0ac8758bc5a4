using System.ComponentModel;

namespace PeakShop.Infrastructure.Catalog;

// Cached as data, never HTML; immutable, so HybridCache hands out its L1 instance without copying.
[ImmutableObject(true)]
public sealed record HomeSectionIds(
    IReadOnlyList<int> FeaturedCategoryIds,
    IReadOnlyList<int> NewArrivalIds,
    IReadOnlyList<int> BestsellerIds,
    bool BestsellersFromOrders);
