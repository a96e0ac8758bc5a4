using System.ComponentModel.DataAnnotations;

namespace PeakShop.Infrastructure.Catalog.Admin;

/// <summary>What staff edit on a product. Validation messages are shown beside the fields.</summary>
public sealed class ProductForm
{
    [Required(ErrorMessage = "Enter a name.")]
    [StringLength(200, ErrorMessage = "The name can be at most 200 characters.")]
    public string Name { get; set; } = "";

    [Required(ErrorMessage = "Enter a SKU.")]
    [RegularExpression("^[A-Z0-9][A-Z0-9-]{0,31}$", ErrorMessage = "A SKU is 1–32 capital letters, digits and hyphens.")]
    public string Sku { get; set; } = "";

    /// <summary>Empty: made from the name.</summary>
    [RegularExpression("^[a-z0-9]+(-[a-z0-9]+)*$", ErrorMessage = "A slug is lower-case letters and digits joined by single hyphens.")]
    [StringLength(200, ErrorMessage = "The slug can be at most 200 characters.")]
    public string? Slug { get; set; }

    [StringLength(8000, ErrorMessage = "The description can be at most 8,000 characters.")]
    public string Description { get; set; } = "";

    [Range(typeof(decimal), "0", "1000000", ErrorMessage = "The price must be between 0 and 1,000,000.", ParseLimitsInInvariantCulture = true)]
    public decimal Price { get; set; }

    /// <summary>The stock when the form was loaded, shown read-only: saving a form never changes it (the stock page does, with a reason).</summary>
    public int Stock { get; set; }

    [Range(1, int.MaxValue, ErrorMessage = "Choose a category.")]
    public int CategoryId { get; set; }

    [Range(1, int.MaxValue, ErrorMessage = "Choose a brand.")]
    public int BrandId { get; set; }

    public bool IsArchived { get; set; }

    public List<ProductImageForm> Images { get; set; } = [];

    /// <summary>The row version (PostgreSQL <c>xmin</c>) the editor started from: a save against a newer row is a conflict.</summary>
    public uint Version { get; set; }

    public ProductForm Copy() => new()
    {
        Name = Name, Sku = Sku, Slug = Slug, Description = Description, Price = Price, Stock = Stock,
        CategoryId = CategoryId, BrandId = BrandId, IsArchived = IsArchived, Version = Version,
        Images = [.. Images.Select(i => new ProductImageForm { Path = i.Path, AltText = i.AltText, Width = i.Width, Height = i.Height })],
    };
}

public sealed class ProductImageForm
{
    [Required(ErrorMessage = "Enter the image path.")]
    [RegularExpression(@"^[A-Za-z0-9][A-Za-z0-9/_.\-]{0,299}$", ErrorMessage = "Use a path such as img/products/p1.svg or media/<hash>/640.webp.")]
    public string Path { get; set; } = "";

    [Required(ErrorMessage = "Describe the image for people who cannot see it.")]
    [StringLength(300)]
    public string AltText { get; set; } = "";

    [Range(1, 10_000)]
    public int Width { get; set; } = 800;

    [Range(1, 10_000)]
    public int Height { get; set; } = 800;
}

/// <summary>The outcome of a staff write: success, field errors, or a conflict with the current values.</summary>
public sealed record AdminResult
{
    public static AdminResult Ok { get; } = new();

    public IReadOnlyDictionary<string, string> Errors { get; init; } = new Dictionary<string, string>();

    /// <summary>Set when someone else saved first: what is in the database now.</summary>
    public ProductForm? Current { get; init; }

    public bool NotFound { get; init; }

    /// <summary>The input was well formed but a business rule refused it (e.g. removing more units than are in stock).</summary>
    public bool Refused { get; init; }

    public int? Id { get; init; }

    public bool Succeeded => Errors.Count == 0 && Current is null && !NotFound;

    public static AdminResult Error(string field, string message) => new() { Errors = new Dictionary<string, string> { [field] = message } };
}
