using System.Globalization;
using System.Text;

namespace PeakShop.Infrastructure.Catalog;

public enum ListingSort
{
    Relevance,
    PriceAsc,
    PriceDesc,
    Newest,
}

/// <summary>
/// A category listing request as the URL states it. Parsed leniently: a value that makes no sense is
/// dropped (a filter is ignored), never an error.
/// </summary>
public sealed record ListingQuery
{
    public const int PageSize = 24;
    public const int MaxPage = 10_000;
    public const decimal MaxPrice = 1_000_000m;

    public IReadOnlyList<string> Brands { get; init; } = [];
    public decimal? MinPrice { get; init; }
    public decimal? MaxPriceFilter { get; init; }
    public bool InStockOnly { get; init; }
    public ListingSort Sort { get; init; }
    public int Page { get; init; } = 1;
    public string? After { get; init; }
    public string? Before { get; init; }

    public static ListingQuery Parse(
        IEnumerable<string?>? brands, string? min, string? max, string? stock, string? sort, string? page, string? after, string? before)
    {
        var minPrice = ParsePrice(min);
        var maxPrice = ParsePrice(max);
        if (minPrice is not null && maxPrice is not null && minPrice > maxPrice)
        {
            // An impossible range: keep the lower bound, ignore the upper one.
            maxPrice = null;
        }
        return new ListingQuery
        {
            Brands = (brands ?? [])
                .Where(b => !string.IsNullOrWhiteSpace(b) && b.Length <= 100 && IsSlug(b))
                .Select(b => b!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(24).ToList(),
            MinPrice = minPrice,
            MaxPriceFilter = maxPrice,
            InStockOnly = stock is "1" or "true" or "on",
            Sort = ParseSort(sort),
            Page = int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= MaxPage ? p : 1,
            After = KeysetCursor.TryDecode(after, out _) ? after : null,
            Before = KeysetCursor.TryDecode(before, out _) ? before : null,
        };
    }

    public static ListingSort ParseSort(string? sort) => sort switch
    {
        "price-asc" => ListingSort.PriceAsc,
        "price-desc" => ListingSort.PriceDesc,
        "newest" => ListingSort.Newest,
        _ => ListingSort.Relevance,
    };

    public static string SortValue(ListingSort sort) => sort switch
    {
        ListingSort.PriceAsc => "price-asc",
        ListingSort.PriceDesc => "price-desc",
        ListingSort.Newest => "newest",
        _ => "relevance",
    };

    /// <summary>The filters and sort without the position: the identity of a result set.</summary>
    public string FilterKey()
    {
        var key = new StringBuilder();
        key.Append(CultureInfo.InvariantCulture, $"s={SortValue(Sort)};b={string.Join(',', Brands)};min={MinPrice};max={MaxPriceFilter};st={InStockOnly}");
        return key.ToString();
    }

    /// <summary>Query string for a link to the same filters with the given position (no leading '?').</summary>
    public string ToQueryString(int? page = null, string? after = null, string? before = null, ListingSort? sort = null)
    {
        var parts = new List<string>();
        foreach (var brand in Brands)
        {
            parts.Add("brand=" + Uri.EscapeDataString(brand));
        }
        if (MinPrice is { } min)
        {
            parts.Add("min=" + min.ToString(CultureInfo.InvariantCulture));
        }
        if (MaxPriceFilter is { } max)
        {
            parts.Add("max=" + max.ToString(CultureInfo.InvariantCulture));
        }
        if (InStockOnly)
        {
            parts.Add("stock=1");
        }
        var effectiveSort = sort ?? Sort;
        if (effectiveSort != ListingSort.Relevance)
        {
            parts.Add("sort=" + SortValue(effectiveSort));
        }
        if (page is > 1)
        {
            parts.Add("page=" + page.Value.ToString(CultureInfo.InvariantCulture));
        }
        if (after is not null)
        {
            parts.Add("after=" + Uri.EscapeDataString(after));
        }
        if (before is not null)
        {
            parts.Add("before=" + Uri.EscapeDataString(before));
        }
        return string.Join('&', parts);
    }

    private static decimal? ParsePrice(string? value) =>
        decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var price)
        && price is >= 0 and <= MaxPrice
            ? decimal.Round(price, 2)
            : null;

    private static bool IsSlug(string? value) => value is not null && value.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');
}
