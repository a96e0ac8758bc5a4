using Bunit;
using PeakShop.Infrastructure.Catalog;
using PeakShop.Web.Components.Storefront.Listing;

namespace PeakShop.Unit.Tests.Web.Components.Storefront.Listing;

public sealed class ListingFiltersTests : BunitContext
{
    private static readonly CategoryFacets Facets = new([new("alder-pine", "Alder & Pine", 4), new("summitcraft", "Summitcraft", 9)], 12.5m, 499.99m);

    [Fact]
    public void Render_IsAGetFormToTheListing_WithTheCurrentChoicesSelected()
    {
        var query = ListingQuery.Parse(["summitcraft"], "20", null, "1", "newest", null, null, null);

        var filters = Render<ListingFilters>(p => p.Add(c => c.Action, "/c/tents").Add(c => c.Query, query).Add(c => c.Facets, Facets));

        var form = filters.Find("form#filters");
        Assert.Equal("get", form.GetAttribute("method"));
        Assert.Equal("/c/tents", form.GetAttribute("action"));
        Assert.Equal("newest", filters.Find("select[name=sort] option[selected]").GetAttribute("value"));
        Assert.True(filters.Find("input[name=stock]").HasAttribute("checked"));
        Assert.Equal(["summitcraft"], filters.FindAll("input[name=brand][checked]").Select(i => i.GetAttribute("value")));
        Assert.Equal("20", filters.Find("input[name=min]").GetAttribute("value"));
        // The facet range is the hint in an empty bound: 12.5 rounds out to 12 and 499.99 to 500.
        Assert.Equal("500", filters.Find("input[name=max]").GetAttribute("placeholder"));
        Assert.Empty(filters.FindAll("input[name=q]"));
        Assert.Equal("/c/tents", filters.Find(".filters-actions a").GetAttribute("href"));
    }

    [Fact]
    public void Render_OnTheSearchPage_KeepsTheWordsAndClearsToThem()
    {
        var filters = Render<ListingFilters>(p => p
            .Add(c => c.Action, "/search").Add(c => c.Query, new ListingQuery()).Add(c => c.Facets, Facets).Add(c => c.SearchTerm, "gps watch"));

        Assert.Equal("gps watch", filters.Find("input[type=hidden][name=q]").GetAttribute("value"));
        Assert.Equal("/search?q=gps%20watch", filters.Find(".filters-actions a").GetAttribute("href"));
    }

    [Fact]
    public void Render_ThePhoneDrawerToggleControlsTheForm_AndIsLabelledByTheToolbarButton()
    {
        var filters = Render<ListingFilters>(p => p.Add(c => c.Action, "/c/tents").Add(c => c.Query, new ListingQuery()).Add(c => c.Facets, Facets));

        var toggle = filters.Find("input#filters-toggle[type=checkbox]");
        Assert.Equal("filters", toggle.GetAttribute("aria-controls"));
        Assert.All(filters.FindAll("label[for=filters-toggle]"), l => Assert.Equal("filters-toggle", l.GetAttribute("for")));
        Assert.Equal(2, filters.FindAll("label[for=filters-toggle]").Count);
    }
}
