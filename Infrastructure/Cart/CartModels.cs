namespace PeakShop.Infrastructure.Cart;

/// <summary>A cart line priced from the catalog as it is now; ImagePath is the product's first image, when it has one.</summary>
public sealed record CartLineView(
    int ProductId,
    string Sku,
    string Slug,
    string Name,
    int Quantity,
    decimal UnitPrice,
    decimal PriceWhenAdded,
    string Currency,
    int Stock,
    bool Available,
    string? ImagePath = null)
{
    public decimal LineTotal => UnitPrice * Quantity;

    public bool PriceChanged => UnitPrice != PriceWhenAdded;
}

/// <summary>The cart with server-computed totals; only available lines count.</summary>
public sealed record CartView(IReadOnlyList<CartLineView> Lines)
{
    public static readonly CartView Empty = new([]);

    public decimal Subtotal => Lines.Where(l => l.Available).Sum(l => l.LineTotal);

    public int ItemCount => Lines.Where(l => l.Available).Sum(l => l.Quantity);

    public string Currency => Lines.FirstOrDefault()?.Currency ?? "EUR";

    public bool IsEmpty => Lines.Count == 0;

    public bool HasPriceChanges => Lines.Any(l => l.Available && l.PriceChanged);
}

public enum CartError
{
    None,
    /// <summary>Quantity not in 1..<see cref="CartService.MaxQuantity"/>.</summary>
    Quantity,
    /// <summary>More than the stock available.</summary>
    Stock,
    /// <summary>Unknown or archived product.</summary>
    Unavailable,
    /// <summary>The line to change is not in the cart (removed meanwhile, or never added).</summary>
    NotInCart,
}

public sealed record CartResult(CartError Error, int Available = 0)
{
    public static readonly CartResult Ok = new(CartError.None);

    public bool Succeeded => Error == CartError.None;

    /// <summary>The code the product page understands (<c>?cart_error=</c>).</summary>
    public string Code => Error.ToString().ToLowerInvariant();
}
