using PeakShop.Infrastructure.Cart;

namespace PeakShop.Web.Api.V1.Contracts;

/// <summary>
/// A cart priced from the catalog as it is now. <c>Token</c> names the cart in <c>/api/v1/carts/{token}</c>; it is
/// null for a signed-in customer's own cart (<c>/api/v1/me/cart</c>). Only available lines count in the totals.
/// </summary>
public sealed record Cart(string? Token, IReadOnlyList<CartLine> Lines, decimal Subtotal, int ItemCount, string Currency)
{
    public static Cart From(string? token, CartView view) =>
        new(token, [.. view.Lines.Select(CartLine.From)], view.Subtotal, view.ItemCount, view.Currency);
}

/// <summary>
/// A line of a cart. <c>PriceWhenAdded</c> differs from <c>UnitPrice</c> when the price changed since; <c>Available</c>
/// is false for an archived product (remove the line to check out).
/// </summary>
public sealed record CartLine(
    int ProductId,
    string Sku,
    string Slug,
    string Name,
    int Quantity,
    decimal UnitPrice,
    decimal PriceWhenAdded,
    decimal LineTotal,
    string Currency,
    int Stock,
    bool Available)
{
    public static CartLine From(CartLineView line) =>
        new(line.ProductId, line.Sku, line.Slug, line.Name, line.Quantity, line.UnitPrice, line.PriceWhenAdded,
            line.LineTotal, line.Currency, line.Stock, line.Available);
}

/// <summary>Adds <c>quantity</c> to the product's line (a new line when absent), as the product page's button does.</summary>
public sealed record AddCartLine(int? ProductId, int? Quantity);

/// <summary>Sets the quantity of a line already in the cart (1 to 99; remove a line with DELETE).</summary>
public sealed record UpdateCartLine(int? Quantity);
