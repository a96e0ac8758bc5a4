using Microsoft.EntityFrameworkCore;

namespace PeakShop.Infrastructure.Catalog;

/// <summary>What a product tile shows: enough for a listing, nothing more.</summary>
[System.ComponentModel.ImmutableObject(true)]
public sealed record ProductSummary(
    int Id,
    string Slug,
    string Name,
    string Brand,
    string Category,
    decimal Price,
    string Currency,
    int Stock,
    string? ImagePath);

public static class ProductQueries
{
    public static IQueryable<ProductSummary> ToSummaries(this IQueryable<Product> products) =>
        products.Select(p => new ProductSummary(
            p.Id,
            p.Slug,
            p.Name,
            p.Brand!.Name,
            p.Category!.Name,
            p.Price,
            p.Currency,
            p.Stock,
            p.Images.OrderBy(i => i.SortOrder).Select(i => i.Path).FirstOrDefault()));

    public static IQueryable<Product> Listed(this IQueryable<Product> products) =>
        products.Where(p => !p.IsArchived);

    /// <summary>The brand, price and stock filters of a listing (category or search); sort and position aside.</summary>
    public static IQueryable<Product> Filtered(this IQueryable<Product> products, ListingQuery query)
    {
        if (query.Brands.Count > 0)
        {
            var brands = query.Brands.ToList();
            products = products.Where(p => brands.Contains(p.Brand!.Slug));
        }
        if (query.MinPrice is { } min)
        {
            products = products.Where(p => p.Price >= min);
        }
        if (query.MaxPriceFilter is { } max)
        {
            products = products.Where(p => p.Price <= max);
        }
        if (query.InStockOnly)
        {
            products = products.Where(p => p.Stock > 0);
        }
        return products;
    }

    /// <summary>What the filter form offers for a set of products: each brand with its count, and the price range.</summary>
    public static async Task<CategoryFacets> FacetsAsync(this IQueryable<Product> products, CancellationToken ct)
    {
        var brands = await products
            .GroupBy(p => new { p.Brand!.Slug, p.Brand.Name })
            .Select(g => new BrandFacet(g.Key.Slug, g.Key.Name, g.Count()))
            .ToListAsync(ct);
        var range = await products.GroupBy(_ => 1)
            .Select(g => new { Min = g.Min(p => p.Price), Max = g.Max(p => p.Price) })
            .FirstOrDefaultAsync(ct);
        return new CategoryFacets(brands.OrderBy(b => b.Name, StringComparer.Ordinal).ToList(), range?.Min ?? 0, range?.Max ?? 0);
    }
}
