namespace PeakShop.Infrastructure.Catalog;

public sealed record SearchResults(
    string Query,
    string EffectiveQuery,
    bool Corrected,
    bool Fuzzy,
    IReadOnlyList<ProductSummary> Products,
    int Total,
    int PageNumber,
    int PageCount,
    IReadOnlyList<string> Suggestions,
    ListingQuery Filters,
    CategoryFacets Facets);
