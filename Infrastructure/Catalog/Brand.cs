namespace PeakShop.Infrastructure.Catalog;

public sealed class Brand
{
    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public List<Product> Products { get; } = [];
}
