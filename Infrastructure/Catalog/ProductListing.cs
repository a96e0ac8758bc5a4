namespace PeakShop.Infrastructure.Catalog;

/// <summary>One page of the whole catalog (no category): the API's product list.</summary>
public sealed record ProductListing(
    CategoryFacets Facets,
    ListingQuery Query,
    IReadOnlyList<ProductSummary> Products,
    int Total,
    string? PreviousCursor,
    string? NextCursor);
