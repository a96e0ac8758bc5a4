using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace PeakShop.Infrastructure.Catalog;

/// <summary>
/// A position in a sorted listing: the sort key and id of a row. Pages continue from it with a seek
/// predicate (<c>(price, id) &gt; (v, id)</c>) on an index, so page 400 costs what page 1 costs.
/// Opaque to shoppers (base64url), but only a position: a tampered cursor at worst starts elsewhere.
/// </summary>
public readonly record struct KeysetCursor(ListingSort Sort, string Value, int Id)
{
    public static KeysetCursor ForPrice(ListingSort sort, decimal price, int id) =>
        new(sort, price.ToString(CultureInfo.InvariantCulture), id);

    public static KeysetCursor ForCreated(DateTimeOffset created, int id) =>
        new(ListingSort.Newest, created.UtcTicks.ToString(CultureInfo.InvariantCulture), id);

    public static KeysetCursor ForName(string name, int id) => new(ListingSort.Relevance, name, id);

    public decimal Price => decimal.Parse(Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    public DateTimeOffset Created => new(long.Parse(Value, NumberStyles.None, CultureInfo.InvariantCulture), TimeSpan.Zero);

    public string Encode() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"{ListingQuery.SortValue(Sort)}|{Id}|{Value}")));

    public static bool TryDecode(string? text, out KeysetCursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(text) || text.Length > 400)
        {
            return false;
        }
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text));
        }
        catch (FormatException)
        {
            return false;
        }
        var parts = decoded.Split('|', 3);
        if (parts.Length != 3 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return false;
        }
        var sort = ListingQuery.ParseSort(parts[0]);
        if (ListingQuery.SortValue(sort) != parts[0])
        {
            return false;
        }
        var value = parts[2];
        var valid = sort switch
        {
            ListingSort.PriceAsc or ListingSort.PriceDesc =>
                decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var price) && price is >= 0 and < 10_000_000_000m,
            ListingSort.Newest =>
                long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks <= DateTimeOffset.MaxValue.UtcTicks,
            _ => value.Length <= 200,
        };
        if (!valid)
        {
            return false;
        }
        cursor = new KeysetCursor(sort, value, id);
        return true;
    }
}
