using System.ComponentModel;

namespace PeakShop.Infrastructure.Catalog;

// Cached as data, never HTML; immutable, so HybridCache hands out its L1 instance without copying.
[ImmutableObject(true)]
public sealed record SearchHits(IReadOnlyList<int> ProductIds, int Total, SearchMatch Match);
