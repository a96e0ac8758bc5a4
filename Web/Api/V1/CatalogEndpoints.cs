using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PeakShop.Web.Api.V1.Contracts;
using Catalog = PeakShop.Infrastructure.Catalog;

namespace PeakShop.Web.Api.V1;

/// <summary>
/// The public catalog: products (keyset-paged like the category page), categories, search and suggestions. Reads go
/// through <see cref="Catalog.CatalogReader"/> and <see cref="Catalog.CatalogSearch"/> — the pages' caches and
/// replicas — and whole answers through the output cache (<see cref="ApiCaching"/>). Unlike the pages, which drop a
/// value they cannot use, the API refuses it: a client should learn that its filter or cursor was wrong.
/// </summary>
public static class CatalogEndpoints
{
    private const string Tag = "Catalog";

    public static RouteGroupBuilder MapCatalogApi(this RouteGroupBuilder v1)
    {
        var products = v1.MapGroup("/products").WithTags(Tag).CacheOutput(ApiCaching.Policy);
        products.MapGet("", ListProductsAsync)
            .WithName("ListProducts")
            .WithSummary("List products, optionally of one category, with filters, a sort and keyset cursors")
            .ProducesProblem(StatusCodes.Status404NotFound);
        products.MapGet("/{id:int}", GetProductAsync)
            .WithName("GetProduct")
            .WithSummary("Get a product by id")
            .ProducesProblem(StatusCodes.Status404NotFound);
        products.MapGet("/by-slug/{slug}", GetProductBySlugAsync)
            .WithName("GetProductBySlug")
            .WithSummary("Get a product by its slug (the last segment of its page URL)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        products.MapPost("/lookup", LookupProductsAsync)
            .WithName("LookupProducts")
            .WithSummary("Listing data of up to 100 products by id, in the order asked (a saved list or an app's cart); ids not found are left out");

        v1.MapGet("/categories", GetCategoriesAsync)
            .WithTags(Tag).CacheOutput(ApiCaching.Policy)
            .WithName("GetCategories")
            .WithSummary("The category tree, departments first");

        var search = v1.MapGroup("/search").WithTags(Tag).CacheOutput(ApiCaching.Policy);
        search.MapGet("", SearchAsync)
            .WithName("SearchProducts")
            .WithSummary("Full-text search with typo correction, the listing filters and page numbers (at most 50 pages)");
        search.MapGet("/suggest", SuggestAsync)
            .WithName("SuggestProducts")
            .WithSummary("Type-ahead: product names that start with what was typed");
        return v1;
    }

    /// <summary>GET /products: the whole catalog, or one category and everything below it.</summary>
    internal static async Task<Results<CatalogOk<ProductPage>, ValidationProblem, ProblemHttpResult>> ListProductsAsync(
        string? category,
        [FromQuery(Name = "brand")] string[]? brand,
        string? min,
        string? max,
        string? stock,
        string? sort,
        string? after,
        string? before,
        Catalog.CatalogReader reader,
        ApiImageUrls images,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var query = Filters(errors, brand, min, max, stock, sort);
        query = query with { After = Cursor(errors, "after", after, query.Sort), Before = Cursor(errors, "before", before, query.Sort) };
        if (query.After is not null && query.Before is not null)
        {
            errors["before"] = ["Send after or before, not both."];
        }
        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(errors);
        }
        if (string.IsNullOrEmpty(category))
        {
            var all = await reader.GetListingAsync(query, cancellationToken);
            return CatalogResults.Ok(new ProductPage(
                Tiles(all.Products, images), all.Total, Catalog.ListingQuery.PageSize, all.NextCursor, all.PreviousCursor, FacetsOf(all.Facets)));
        }
        var listing = await reader.GetCategoryAsync(category, query, cancellationToken);
        if (listing is null)
        {
            return ApiProblems.Missing($"There is no category '{category}'. GET /api/v1/categories lists them.");
        }
        return CatalogResults.Ok(new ProductPage(
            Tiles(listing.Products, images), listing.Total, Catalog.ListingQuery.PageSize, listing.NextCursor, listing.PreviousCursor,
            FacetsOf(listing.Facets)));
    }

    internal static async Task<Results<CatalogOk<Product>, ProblemHttpResult>> GetProductAsync(
        int id, Catalog.CatalogReader reader, ApiImageUrls images, CancellationToken cancellationToken) =>
        await reader.GetProductByIdAsync(id, cancellationToken) is { } product
            ? CatalogResults.Ok(ProductOf(product, images))
            : ApiProblems.Missing($"There is no product {id}.");

    internal static async Task<Results<CatalogOk<Product>, ProblemHttpResult>> GetProductBySlugAsync(
        string slug, Catalog.CatalogReader reader, ApiImageUrls images, CancellationToken cancellationToken) =>
        await reader.GetProductAsync(slug, cancellationToken) is { } product
            ? CatalogResults.Ok(ProductOf(product, images))
            : ApiProblems.Missing("There is no product with that slug.");

    internal static async Task<Results<Ok<ProductTile[]>, ValidationProblem>> LookupProductsAsync(
        ProductLookup lookup, Catalog.CatalogReader reader, ApiImageUrls images, CancellationToken cancellationToken)
    {
        if (lookup.Validate() is { Count: > 0 } errors)
        {
            return ApiProblems.Invalid(errors);
        }
        var products = await reader.GetSummariesAsync(lookup.Ids!, cancellationToken);
        return TypedResults.Ok(Tiles(products, images));
    }

    internal static async Task<CatalogOk<CategoryTreeNode[]>> GetCategoriesAsync(Catalog.CatalogReader reader, CancellationToken cancellationToken)
    {
        var tree = await reader.GetCategoriesAsync(cancellationToken);
        CategoryTreeNode NodeOf(Catalog.CategoryNode c, int depth) =>
            // The admin refuses cycles; the depth bound only keeps a corrupted tree from recursing forever.
            new(c.Id, c.Slug, c.Name, c.Description, depth < 32 ? [.. tree.Children(c.Id).Select(child => NodeOf(child, depth + 1))] : []);
        return CatalogResults.Ok(tree.Roots.Select(root => NodeOf(root, 0)).ToArray());
    }

    /// <summary>GET /search: <c>q</c> is required; <c>page</c> 1–50; the filters and sorts of <c>/products</c>.</summary>
    internal static async Task<Results<CatalogOk<SearchPage>, ValidationProblem>> SearchAsync(
        string? q,
        string? page,
        [FromQuery(Name = "brand")] string[]? brand,
        string? min,
        string? max,
        string? stock,
        string? sort,
        Catalog.CatalogSearch search,
        ApiImageUrls images,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(q))
        {
            errors["q"] = ["Say what to search for."];
        }
        else if (q.Length > Catalog.CatalogSearch.MaxQueryLength)
        {
            errors["q"] = [$"At most {Catalog.CatalogSearch.MaxQueryLength} characters."];
        }
        var pageNumber = 1;
        if (!string.IsNullOrEmpty(page)
            && !(int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out pageNumber) && pageNumber is >= 1 and <= Catalog.CatalogSearch.MaxPage))
        {
            errors["page"] = [$"A whole number from 1 to {Catalog.CatalogSearch.MaxPage}."];
        }
        var filters = Filters(errors, brand, min, max, stock, sort) with { Page = pageNumber };
        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(errors);
        }
        var results = await search.SearchAsync(q, filters, cancellationToken);
        return CatalogResults.Ok(new SearchPage(results.Query, results.EffectiveQuery, results.Corrected, Tiles(results.Products, images),
            results.Total, results.PageNumber, results.PageCount, results.Suggestions, FacetsOf(results.Facets)));
    }

    internal static async Task<Results<CatalogOk<Suggestion[]>, ValidationProblem>> SuggestAsync(
        string? q, Catalog.CatalogSearch search, CancellationToken cancellationToken)
    {
        if (q?.Length > Catalog.CatalogSearch.MaxQueryLength)
        {
            return ApiProblems.Invalid(new Dictionary<string, string[]> { ["q"] = [$"At most {Catalog.CatalogSearch.MaxQueryLength} characters."] });
        }
        var suggestions = await search.SuggestAsync(q, cancellationToken);
        return CatalogResults.Ok(suggestions.Select(s => new Suggestion(s.Name, s.Slug)).ToArray());
    }

    /// <summary>Brand, price, stock and sort, strictly: each value that makes no sense is a field error.</summary>
    internal static Catalog.ListingQuery Filters(
        Dictionary<string, string[]> errors, string[]? brand, string? min, string? max, string? stock, string? sort)
    {
        var brands = (brand ?? []).Where(b => !string.IsNullOrEmpty(b)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (brands.Any(b => b.Length > 100 || !b.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')))
        {
            errors["brand"] = ["A brand is its slug: lower-case letters, digits and hyphens (the facets list them)."];
        }
        else if (brands.Count > 24)
        {
            errors["brand"] = ["At most 24 brands."];
        }
        var minPrice = Price(errors, "min", min);
        var maxPrice = Price(errors, "max", max);
        if (minPrice > maxPrice)
        {
            errors["max"] = ["Must not be below min."];
        }
        var inStock = false;
        switch (stock)
        {
            case null or "" or "false" or "0":
                break;
            case "true" or "1":
                inStock = true;
                break;
            default:
                errors["stock"] = ["true (only products in stock) or false."];
                break;
        }
        var sortValue = Catalog.ListingQuery.ParseSort(sort);
        if (!string.IsNullOrEmpty(sort) && Catalog.ListingQuery.SortValue(sortValue) != sort)
        {
            errors["sort"] = ["One of relevance, price-asc, price-desc, newest."];
        }
        return new Catalog.ListingQuery
        {
            Brands = brands,
            MinPrice = minPrice,
            MaxPriceFilter = maxPrice,
            InStockOnly = inStock,
            Sort = sortValue,
        };
    }

    private static decimal? Price(Dictionary<string, string[]> errors, string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var price)
            && price <= Catalog.ListingQuery.MaxPrice)
        {
            return decimal.Round(price, 2);
        }
        errors[field] = [$"A price from 0 to {Catalog.ListingQuery.MaxPrice.ToString(CultureInfo.InvariantCulture)}, with a decimal point."];
        return null;
    }

    /// <summary>A cursor must be one this API made, for the sort asked for now (a cursor of another sort would start elsewhere).</summary>
    private static string? Cursor(Dictionary<string, string[]> errors, string field, string? value, Catalog.ListingSort sort)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (!Catalog.KeysetCursor.TryDecode(value, out var cursor))
        {
            errors[field] = ["Not a cursor of this API: send nextCursor or previousCursor as it came."];
            return null;
        }
        if (cursor.Sort != sort)
        {
            errors[field] = [$"This cursor belongs to sort={Catalog.ListingQuery.SortValue(cursor.Sort)}; send that sort with it."];
            return null;
        }
        return value;
    }

    private static ProductTile[] Tiles(IReadOnlyList<Catalog.ProductSummary> products, ApiImageUrls images) =>
        [.. products.Select(p => new ProductTile(p.Id, p.Slug, p.Name, p.Brand, p.Category, p.Price, p.Currency, p.Stock, p.Stock > 0,
            p.ImagePath is null ? null : images.Absolute(p.ImagePath)))];

    private static Product ProductOf(Catalog.ProductDetail p, ApiImageUrls images) =>
        new(p.Id, p.Sku, p.Slug, p.Name, p.Description, p.Price, p.Currency, p.Stock, p.Stock > 0, p.BrandName, p.CategoryId,
            [.. p.Images.Select(i => new ProductImage(images.Absolute(i.Path), i.AltText, i.Width, i.Height))], p.UpdatedAt);

    private static Facets FacetsOf(Catalog.CategoryFacets facets) =>
        new([.. facets.Brands.Select(b => new BrandCount(b.Slug, b.Name, b.Count))], facets.MinPrice, facets.MaxPrice);
}
