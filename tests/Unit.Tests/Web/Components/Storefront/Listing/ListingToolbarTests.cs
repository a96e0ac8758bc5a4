using Bunit;
using PeakShop.Infrastructure.Catalog;
using PeakShop.Web.Components.Storefront.Listing;

namespace PeakShop.Unit.Tests.Web.Components.Storefront.Listing;

public sealed class ListingToolbarTests : BunitContext
{
    private static readonly CategoryFacets Facets = new([new("alder-pine", "Alder & Pine", 4), new("summitcraft", "Summitcraft", 9)], 10, 500);

    private IRenderedComponent<ListingToolbar> RenderToolbar(ListingQuery query, string? searchTerm = null, int total = 42) =>
        Render<ListingToolbar>(p => p
            .Add(c => c.Action, searchTerm is null ? "/c/tents" : "/search")
            .Add(c => c.Query, query)
            .Add(c => c.Facets, Facets)
            .Add(c => c.Total, total)
            .Add(c => c.SearchTerm, searchTerm));

    [Fact]
    public void Render_WithoutFilters_ShowsTheCountAndNoChips()
    {
        var toolbar = RenderToolbar(new ListingQuery(), total: 1);

        Assert.Equal("1 product", toolbar.Find(".result-count").TextContent);
        Assert.Empty(toolbar.FindAll(".active-filters"));
        Assert.Equal("Filter and sort", toolbar.Find(".filters-button").TextContent.Trim());
    }

    [Fact]
    public void Render_EachChipLinksToTheListingWithoutItsOwnFilter()
    {
        var query = ListingQuery.Parse(["summitcraft", "alder-pine"], "20", "200", "1", "price-desc", "3", null, null);

        var toolbar = RenderToolbar(query);

        var chips = toolbar.FindAll(".active-filters a");
        Assert.Equal(["Alder & Pine", "Summitcraft", "€20.00 – €200.00", "In stock only"], chips.Select(c => c.FirstChild!.TextContent.Trim()));
        Assert.Equal(
        [
            "/c/tents?brand=summitcraft&min=20&max=200&stock=1&sort=price-desc",
            "/c/tents?brand=alder-pine&min=20&max=200&stock=1&sort=price-desc",
            "/c/tents?brand=alder-pine&brand=summitcraft&stock=1&sort=price-desc",
            "/c/tents?brand=alder-pine&brand=summitcraft&min=20&max=200&sort=price-desc",
        ], chips.Select(c => c.GetAttribute("href")));
        Assert.EndsWith("(4)", toolbar.Find(".filters-button").TextContent.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_OnTheSearchPage_ChipsKeepTheSearchWords()
    {
        var toolbar = RenderToolbar(ListingQuery.Parse(null, null, "50", null, null, null, null, null), searchTerm: "trail & tent");

        var chip = toolbar.Find(".active-filters a");
        Assert.StartsWith("Up to €50.00", chip.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal("/search?q=trail%20%26%20tent", chip.GetAttribute("href"));
    }
}
