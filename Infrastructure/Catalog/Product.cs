namespace PeakShop.Infrastructure.Catalog;

public sealed class Product
{
    public int Id { get; set; }
    public required string Sku { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public required string Description { get; set; }
    public decimal Price { get; set; }
    /// <summary>ISO 4217 code, e.g. EUR.</summary>
    public required string Currency { get; set; }
    public int Stock { get; set; }
    public int BrandId { get; set; }
    public Brand? Brand { get; set; }
    public int CategoryId { get; set; }
    public Category? Category { get; set; }
    public List<ProductImage> Images { get; } = [];
    public bool IsArchived { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>PostgreSQL's <c>xmin</c>: changes on every update; the concurrency token of staff edits.</summary>
    public uint Version { get; set; }
}
