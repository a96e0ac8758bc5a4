using PeakShop.Infrastructure.Catalog;

namespace PeakShop.Unit.Tests.Infrastructure.Catalog;

public sealed class ListingQueryTests
{
    [Theory]
    [InlineData("-1", 1)]
    [InlineData("0", 1)]
    [InlineData("abc", 1)]
    [InlineData("99999999999999999999", 1)]
    [InlineData("7", 7)]
    [InlineData(null, 1)]
    public void Parse_KeepsPageInRange(string? page, int expected) =>
        Assert.Equal(expected, ListingQuery.Parse(null, null, null, null, null, page, null, null).Page);

    [Fact]
    public void Parse_IgnoresUpperBoundBelowLowerBound()
    {
        var query = ListingQuery.Parse(null, "500", "10", null, null, null, null, null);

        Assert.Equal(500m, query.MinPrice);
        Assert.Null(query.MaxPriceFilter);
    }

    [Theory]
    [InlineData("-5")]
    [InlineData("1e99")]
    [InlineData("NaN")]
    [InlineData("99999999999")]
    public void Parse_DropsNonsensePrices(string price) =>
        Assert.Null(ListingQuery.Parse(null, price, null, null, null, null, null, null).MinPrice);

    [Fact]
    public void Parse_KeepsOnlySlugLikeBrands_SortedAndDistinct()
    {
        var query = ListingQuery.Parse(["summitcraft", "alder-pine", "'; drop table", "summitcraft", "", null], null, null, null, null, null, null, null);

        Assert.Equal(["alder-pine", "summitcraft"], query.Brands);
    }

    [Theory]
    [InlineData("price-asc", ListingSort.PriceAsc)]
    [InlineData("price-desc", ListingSort.PriceDesc)]
    [InlineData("newest", ListingSort.Newest)]
    [InlineData("bogus", ListingSort.Relevance)]
    [InlineData(null, ListingSort.Relevance)]
    public void Parse_ReadsSort(string? sort, ListingSort expected) =>
        Assert.Equal(expected, ListingQuery.Parse(null, null, null, null, sort, null, null, null).Sort);

    [Fact]
    public void Parse_DropsInvalidCursor() =>
        Assert.Null(ListingQuery.Parse(null, null, null, null, null, null, "garbage!", null).After);

    [Fact]
    public void ToQueryString_RoundTripsThroughParse()
    {
        var cursor = KeysetCursor.ForPrice(ListingSort.PriceAsc, 19.99m, 5).Encode();
        var query = ListingQuery.Parse(["summitcraft", "oakridge"], "10", "200.5", "1", "price-asc", null, null, null);

        var text = query.ToQueryString(page: 2, after: cursor);
        var values = System.Web.HttpUtility.ParseQueryString(text);
        var parsed = ListingQuery.Parse(values.GetValues("brand"), values["min"], values["max"], values["stock"], values["sort"], values["page"], values["after"], values["before"]);

        Assert.Equal("brand=oakridge&brand=summitcraft&min=10&max=200.5&stock=1&sort=price-asc&page=2&after=" + cursor, text);
        Assert.Equal(query.FilterKey(), parsed.FilterKey());
        Assert.Equal(2, parsed.Page);
        Assert.Equal(cursor, parsed.After);
    }

    [Fact]
    public void ToQueryString_IsEmptyForDefaults() =>
        Assert.Equal("", ListingQuery.Parse(null, null, null, null, null, null, null, null).ToQueryString());
}
