using System.Globalization;
using StackExchange.Redis;

namespace PeakShop.Infrastructure.Cart;

/// <summary>A cart line as stored: the product, how many, and the unit price the shopper saw when adding it.</summary>
public sealed record StoredCartLine(int ProductId, int Quantity, decimal PriceWhenAdded);

/// <summary>
/// Carts in Redis, one hash per cart (field = product id, value = "quantity|price when added"), so every
/// replica answers and a restart loses nothing. Each write extends the cart's life to <see cref="Lifetime"/>.
/// </summary>
public sealed class CartStore(IConnectionMultiplexer redis)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    /// <summary>Every cart key starts with this (housekeeping scans for it).</summary>
    public const string KeyPrefix = "peakshop:cart:";

    private IDatabase Db => redis.GetDatabase();

    private static RedisKey Key(string cartId) => KeyPrefix + cartId;

    public async Task<IReadOnlyList<StoredCartLine>> GetLinesAsync(string cartId)
    {
        var entries = await Db.HashGetAllAsync(Key(cartId));
        return entries.Select(Parse).Where(l => l is not null).Select(l => l!).OrderBy(l => l.ProductId).ToList();
    }

    public async Task<StoredCartLine?> GetLineAsync(string cartId, int productId)
    {
        var value = await Db.HashGetAsync(Key(cartId), productId);
        return value.IsNullOrEmpty ? null : Parse(new HashEntry(productId, value));
    }

    /// <summary>The number of items (sum of quantities): what the header shows.</summary>
    public async Task<int> CountAsync(string cartId)
    {
        var values = await Db.HashValuesAsync(Key(cartId));
        return values.Sum(v => Parse(new HashEntry(0, v))?.Quantity ?? 0);
    }

    public async Task SetLineAsync(string cartId, StoredCartLine line)
    {
        var key = Key(cartId);
        var batch = Db.CreateBatch();
        var set = batch.HashSetAsync(key, line.ProductId, Format(line));
        var expire = batch.KeyExpireAsync(key, Lifetime);
        batch.Execute();
        await Task.WhenAll(set, expire);
    }

    public async Task RemoveLineAsync(string cartId, int productId) =>
        await Db.HashDeleteAsync(Key(cartId), productId);

    public async Task ClearAsync(string cartId) => await Db.KeyDeleteAsync(Key(cartId));

    /// <summary>
    /// Moves every line of <paramref name="fromCartId"/> into <paramref name="toCartId"/> (quantities add up,
    /// capped at <paramref name="maxQuantity"/>) and deletes the source cart.
    /// </summary>
    public async Task MergeAsync(string fromCartId, string toCartId, int maxQuantity)
    {
        if (fromCartId == toCartId)
        {
            return;
        }
        var source = await GetLinesAsync(fromCartId);
        var target = (await GetLinesAsync(toCartId)).ToDictionary(l => l.ProductId);
        foreach (var line in source)
        {
            var existing = target.GetValueOrDefault(line.ProductId);
            var quantity = Math.Min(maxQuantity, line.Quantity + (existing?.Quantity ?? 0));
            await SetLineAsync(toCartId, line with { Quantity = quantity, PriceWhenAdded = existing?.PriceWhenAdded ?? line.PriceWhenAdded });
        }
        await ClearAsync(fromCartId);
    }

    private static string Format(StoredCartLine line) =>
        string.Create(CultureInfo.InvariantCulture, $"{line.Quantity}|{line.PriceWhenAdded}");

    private static StoredCartLine? Parse(HashEntry entry)
    {
        var parts = entry.Value.ToString().Split('|');
        return parts.Length == 2
            && int.TryParse(entry.Name.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var productId)
            && int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var quantity)
            && decimal.TryParse(parts[1], NumberStyles.Number, CultureInfo.InvariantCulture, out var price)
            ? new StoredCartLine(productId, quantity, price)
            : null;
    }
}
