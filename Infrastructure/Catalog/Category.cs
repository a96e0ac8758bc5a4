namespace PeakShop.Infrastructure.Catalog;

/// <summary>A node in the category tree; products hang off leaves or inner nodes alike.</summary>
public sealed class Category
{
    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public int? ParentId { get; set; }
    public Category? Parent { get; set; }
    public List<Category> Children { get; } = [];
    public int SortOrder { get; set; }
    public List<Product> Products { get; } = [];
}
