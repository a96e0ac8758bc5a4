using System.ComponentModel;

namespace PeakShop.Infrastructure.Catalog;

// Cached as data, never HTML; immutable, so HybridCache hands out its L1 instance without copying.
/// <summary>
/// What a query's words match, before any filter: the words as searched (typed or corrected), the facets of the match,
/// and for a trigram (fuzzy) match its ids by similarity. One per query, shared by every page, filter and sort of it.
/// </summary>
[ImmutableObject(true)]
public sealed record SearchMatch(string EffectiveQuery, bool Corrected, IReadOnlyList<int>? FuzzyIds, CategoryFacets Facets)
{
    public bool Fuzzy => FuzzyIds is not null;
}
