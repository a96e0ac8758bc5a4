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
}
