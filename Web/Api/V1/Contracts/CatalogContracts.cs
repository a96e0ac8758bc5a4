namespace PeakShop.Web.Api.V1.Contracts;

/// <summary>Body of <c>POST /products/lookup</c>: 1 to <see cref="MaxIds"/> product ids.</summary>
public sealed record ProductLookup(IReadOnlyList<int>? Ids)
{
    public const int MaxIds = 100;

    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (Ids is null || Ids.Count == 0)
        {
            errors["ids"] = ["At least one product id."];
        }
        else if (Ids.Count > MaxIds)
        {
            errors["ids"] = [$"At most {MaxIds} ids."];
        }
        else if (Ids.Any(id => id <= 0))
        {
            errors["ids"] = ["Product ids are positive."];
        }
        return errors;
    }
}

// Catalog responses of /api/v1. Money is a number with its currency (ISO 4217); image URLs are absolute.

/// <summary>A product as a listing shows it.</summary>
public sealed record ProductTile(
    int Id, string Slug, string Name, string Brand, string Category, decimal Price, string Currency, int Stock, bool InStock, string? ImageUrl);

/// <summary>A product with everything its page shows.</summary>
public sealed record Product(
    int Id,
    string Sku,
    string Slug,
    string Name,
    string Description,
    decimal Price,
    string Currency,
    int Stock,
    bool InStock,
    string Brand,
    int CategoryId,
    IReadOnlyList<ProductImage> Images,
    DateTimeOffset UpdatedAt);

public sealed record ProductImage(string Url, string AltText, int Width, int Height);

/// <summary>
/// One page of products. Follow <c>nextCursor</c> with <c>after=</c> (or <c>previousCursor</c> with <c>before=</c>)
/// and the same filters and sort; a cursor is bound to the sort it was made for.
/// </summary>
public sealed record ProductPage(
    IReadOnlyList<ProductTile> Items, int Total, int PageSize, string? NextCursor, string? PreviousCursor, Facets Facets);

/// <summary>What the filters can offer for the listing: brands with their product counts, and the price range.</summary>
public sealed record Facets(IReadOnlyList<BrandCount> Brands, decimal MinPrice, decimal MaxPrice);

public sealed record BrandCount(string Slug, string Name, int Count);

/// <summary>A category and the categories below it, in the merchandisers' order.</summary>
public sealed record CategoryTreeNode(int Id, string Slug, string Name, string? Description, IReadOnlyList<CategoryTreeNode> Children);

/// <summary>
/// One page of search results (page-numbered, at most <c>pageCount</c> ≤ 50). <c>effectiveQuery</c> differs from
/// <c>query</c> when a misspelling was corrected; <c>suggestions</c> are words to try when nothing matched.
/// </summary>
public sealed record SearchPage(
    string Query,
    string EffectiveQuery,
    bool Corrected,
    IReadOnlyList<ProductTile> Items,
    int Total,
    int Page,
    int PageCount,
    IReadOnlyList<string> Suggestions,
    Facets Facets);

/// <summary>A type-ahead suggestion: a product name and its slug (<c>GET /api/v1/products/by-slug/{slug}</c>).</summary>
public sealed record Suggestion(string Name, string Slug);
