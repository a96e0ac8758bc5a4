namespace PeakShop.Infrastructure.Catalog;

public sealed record CategoryListing(
    CategoryNode Category,
    IReadOnlyList<CategoryNode> Breadcrumbs,
    IReadOnlyList<CategoryNode> Subcategories,
    CategoryFacets Facets,
    ListingQuery Query,
    IReadOnlyList<ProductSummary> Products,
    int Total,
    int PageNumber,
    int PageCount,
    string? PreviousCursor,
    string? NextCursor);
