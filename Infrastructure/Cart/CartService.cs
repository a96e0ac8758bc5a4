using Microsoft.EntityFrameworkCore;
using PeakShop.Infrastructure.Data;

namespace PeakShop.Infrastructure.Cart;

/// <summary>Cart operations: validates against the catalog (read context) and prices from current prices.</summary>
public sealed class CartService(CartStore store, ShopReadDbContext catalog)
{
    public const int MaxQuantity = 99;

    public Task<int> CountAsync(string cartId) => store.CountAsync(cartId);

    /// <summary>Adds to the line's quantity (a new line when absent).</summary>
    public async Task<CartResult> AddAsync(string cartId, int productId, int quantity)
    {
        if (quantity is < 1 or > MaxQuantity)
        {
            return new CartResult(CartError.Quantity);
        }
        var product = await FindAsync(productId);
        if (product is null)
        {
            return new CartResult(CartError.Unavailable);
        }
        var existing = await store.GetLineAsync(cartId, productId);
        var total = quantity + (existing?.Quantity ?? 0);
        if (total > MaxQuantity)
        {
            return new CartResult(CartError.Quantity);
        }
        if (total > product.Stock)
        {
            return new CartResult(CartError.Stock, Math.Max(0, product.Stock - (existing?.Quantity ?? 0)));
        }
        await store.SetLineAsync(cartId, new StoredCartLine(productId, total, existing?.PriceWhenAdded ?? product.Price));
        return CartResult.Ok;
    }

    /// <summary>Sets the line's quantity; the line must already be in the cart.</summary>
    public async Task<CartResult> SetQuantityAsync(string cartId, int productId, int quantity)
    {
        if (quantity is < 1 or > MaxQuantity)
        {
            return new CartResult(CartError.Quantity);
        }
        if (await store.GetLineAsync(cartId, productId) is not { } existing)
        {
            return new CartResult(CartError.NotInCart);
        }
        if (await FindAsync(productId) is not { } product)
        {
            return new CartResult(CartError.Unavailable);
        }
        if (quantity > product.Stock)
        {
            return new CartResult(CartError.Stock, product.Stock);
        }
        await store.SetLineAsync(cartId, existing with { Quantity = quantity });
        return CartResult.Ok;
    }

    public Task RemoveAsync(string cartId, int productId) => store.RemoveLineAsync(cartId, productId);

    public Task ClearAsync(string cartId) => store.ClearAsync(cartId);

    public Task MergeAsync(string fromCartId, string toCartId) => store.MergeAsync(fromCartId, toCartId, MaxQuantity);

    /// <summary>The cart priced from current catalog prices.</summary>
    public async Task<CartView> GetAsync(string cartId)
    {
        var stored = await store.GetLinesAsync(cartId);
        if (stored.Count == 0)
        {
            return CartView.Empty;
        }
        var ids = stored.Select(l => l.ProductId).ToList();
        var products = await catalog.Products
            .Where(p => ids.Contains(p.Id))
            .Select(p => new
            {
                p.Id, p.Sku, p.Slug, p.Name, p.Price, p.Currency, p.Stock, p.IsArchived,
                // The thumbnail comes in the same query: one round trip for the whole cart.
                ImagePath = p.Images.OrderBy(i => i.SortOrder).Select(i => i.Path).FirstOrDefault(),
            })
            .ToDictionaryAsync(p => p.Id);
        var lines = new List<CartLineView>();
        foreach (var line in stored)
        {
            if (products.TryGetValue(line.ProductId, out var p))
            {
                lines.Add(new CartLineView(p.Id, p.Sku, p.Slug, p.Name, line.Quantity, p.Price, line.PriceWhenAdded, p.Currency.Trim(), p.Stock, !p.IsArchived, p.ImagePath));
            }
        }
        return new CartView(lines);
    }

    private Task<ProductStock?> FindAsync(int productId) =>
        catalog.Products
            .Where(p => p.Id == productId && !p.IsArchived)
            .Select(p => new ProductStock(p.Price, p.Stock))
            .SingleOrDefaultAsync();

    private sealed record ProductStock(decimal Price, int Stock);
}
