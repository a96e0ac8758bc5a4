using Bunit;
using PeakShop.Web.Components.Storefront;

namespace PeakShop.Unit.Tests.Web.Components.Storefront;

public sealed class PagerTests : BunitContext
{
    [Fact]
    public void Render_NothingForASinglePage()
    {
        var pager = Render<Pager>(p => p.Add(x => x.Page, 1).Add(x => x.PageCount, 1));

        Assert.Empty(pager.Markup.Trim());
    }

    [Fact]
    public void Render_FirstPage_HasNextLinkOnly()
    {
        var pager = Render<Pager>(p => p
            .Add(x => x.Page, 1).Add(x => x.PageCount, 5)
            .Add(x => x.NextHref, "/c/tents?page=2&after=abc"));

        Assert.Equal("/c/tents?page=2&after=abc", pager.Find("a[rel=next]").GetAttribute("href"));
        Assert.Empty(pager.FindAll("a[rel=prev]"));
        Assert.Equal("true", pager.Find(".pager-prev").GetAttribute("aria-disabled"));
        Assert.Equal("Page 1 of 5", pager.Find(".pager-position").TextContent);
    }

    [Fact]
    public void Render_MiddlePage_HasBothLinks()
    {
        var pager = Render<Pager>(p => p
            .Add(x => x.Page, 3).Add(x => x.PageCount, 5)
            .Add(x => x.PreviousHref, "/prev").Add(x => x.NextHref, "/next"));

        Assert.Equal("/prev", pager.Find("a[rel=prev]").GetAttribute("href"));
        Assert.Equal("/next", pager.Find("a[rel=next]").GetAttribute("href"));
        Assert.Equal("Pages", pager.Find("nav").GetAttribute("aria-label"));
    }
}
