using System.ComponentModel;

namespace PeakShop.Infrastructure.Catalog;

// Cached data objects, never HTML. Immutable, so HybridCache hands out its L1 instance without copying.

[ImmutableObject(true)]
public sealed record CategoryNode(int Id, string Slug, string Name, string? Description, int? ParentId, int SortOrder);

[ImmutableObject(true)]
public sealed record CategoryTree(IReadOnlyList<CategoryNode> All)
{
    public CategoryNode? Find(string slug) => All.FirstOrDefault(c => c.Slug == slug);

    public IEnumerable<CategoryNode> Children(int id) => All.Where(c => c.ParentId == id).OrderBy(c => c.SortOrder);

    public IEnumerable<CategoryNode> Roots => All.Where(c => c.ParentId is null).OrderBy(c => c.SortOrder);

    /// <summary>The category and every category below it.</summary>
    public IReadOnlyList<int> SelfAndDescendants(int id)
    {
        var result = new List<int> { id };
        for (var i = 0; i < result.Count; i++)
        {
            result.AddRange(All.Where(c => c.ParentId == result[i]).Select(c => c.Id));
        }
        return result;
    }

    /// <summary>From the root down to the category itself.</summary>
    public IReadOnlyList<CategoryNode> Path(int id)
    {
        var path = new List<CategoryNode>();
        for (var node = All.FirstOrDefault(c => c.Id == id); node is not null && path.Count < 32;
             node = node.ParentId is { } parent ? All.FirstOrDefault(c => c.Id == parent) : null)
        {
            path.Insert(0, node);
        }
        return path;
    }
}

[ImmutableObject(true)]
public sealed record BrandFacet(string Slug, string Name, int Count);

[ImmutableObject(true)]
public sealed record CategoryFacets(IReadOnlyList<BrandFacet> Brands, decimal MinPrice, decimal MaxPrice);

/// <summary>One page of a category listing: ids only, the tiles come from the per-product cache.</summary>
[ImmutableObject(true)]
public sealed record ListingPage(
    IReadOnlyList<int> ProductIds,
    int Total,
    int PageNumber,
    string? PreviousCursor,
    string? NextCursor);

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

[ImmutableObject(true)]
public sealed record ProductImageInfo(string Path, string AltText, int Width, int Height);

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

[ImmutableObject(true)]
public sealed record HomeSectionIds(
    IReadOnlyList<int> FeaturedCategoryIds,
    IReadOnlyList<int> NewArrivalIds,
    IReadOnlyList<int> BestsellerIds,
    bool BestsellersFromOrders);

public sealed record HomeSections(
    IReadOnlyList<CategoryNode> FeaturedCategories,
    IReadOnlyList<ProductSummary> NewArrivals,
    IReadOnlyList<ProductSummary> Bestsellers,
    bool BestsellersFromOrders);

/// <summary>
/// What a query's words match, before any filter: the words as searched (typed or corrected), the facets of the match,
/// and for a trigram (fuzzy) match its ids by similarity. One per query, shared by every page, filter and sort of it.
/// </summary>
[ImmutableObject(true)]
public sealed record SearchMatch(string EffectiveQuery, bool Corrected, IReadOnlyList<int>? FuzzyIds, CategoryFacets Facets)
{
    public bool Fuzzy => FuzzyIds is not null;
}

[ImmutableObject(true)]
public sealed record SearchHits(IReadOnlyList<int> ProductIds, int Total, SearchMatch Match);

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

[ImmutableObject(true)]
public sealed record SearchSuggestion(string Name, string Slug);
