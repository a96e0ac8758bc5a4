using Microsoft.Playwright;

namespace PeakShop.EndToEnd.Tests.Responsive;

/// <summary>The layout checks catch what they are meant to, and pass what is fine, on small pages of known markup.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LayoutChecksTests(BrowserFixture fixture)
{
    private const string Search = """<form action="/search"><input name="q" aria-label="Search"><button>Search</button></form>""";

    [Fact]
    public async Task HorizontalScrollCheck_FailsOnAnElementWiderThanThePhone_AndNamesIt()
    {
        var problems = await OnPhoneAsync("""<main><p>Fine</p><div class="promo-banner" style="width: 700px">Too wide</div></main>""",
            page => LayoutChecks.HorizontalScrollAsync(page, 390));

        var problem = Assert.Single(problems);
        Assert.Contains("708 px wide in a 390 px viewport", problem, StringComparison.Ordinal);
        Assert.Contains("widest offending element: main > div.promo-banner \"Too wide\" (right edge 708 px, 700 px wide)", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HorizontalScrollCheck_Passes_WhenAWideTableScrollsInsideItsOwnBox()
    {
        var problems = await OnPhoneAsync("""<main><div style="overflow-x: auto"><table style="width: 700px"><tr><td>Wide</td></tr></table></div></main>""",
            page => LayoutChecks.HorizontalScrollAsync(page, 390));

        Assert.Empty(problems);
    }

    [Fact]
    public async Task HeaderCheck_FailsOnAHeaderLinkPushedOffScreen()
    {
        var problems = await OnPhoneAsync($"""
            <header style="display: flex; white-space: nowrap"><a href="/">Brand</a>{Search}<a href="/account/login">Sign in</a><a class="cart-link" href="/cart" style="margin-left: 300px">Cart</a></header>
            """, page => LayoutChecks.HeaderControlsAsync(page, 390));

        var problem = Assert.Single(problems);
        Assert.StartsWith("header: header > a.cart-link \"Cart\" (href /cart) is outside the 390 px viewport (x ", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HeaderCheck_Passes_WithSearchAndAccountInAClosedDrawer()
    {
        var problems = await OnPhoneAsync($"""
            <header><a href="/">Brand</a><details><summary>Menu</summary>{Search}<a href="/account/login">Sign in</a></details><a href="/cart">Cart</a></header>
            """, page => LayoutChecks.HeaderControlsAsync(page, 390));

        Assert.Empty(problems);
    }

    [Fact]
    public async Task HeaderCheck_Fails_WhenTheCartLinkIsOnlyInAClosedDrawer()
    {
        var problems = await OnPhoneAsync($"""
            <header><a href="/">Brand</a>{Search}<a href="/account/login">Sign in</a><details><summary>Menu</summary><a href="/cart">Cart</a></details></header>
            """, page => LayoutChecks.HeaderControlsAsync(page, 390));

        var problem = Assert.Single(problems);

        Assert.StartsWith("header: the cart link (a[href=\"/cart\"]) is hidden in a closed drawer", problem, StringComparison.Ordinal);
    }

    private async Task<IReadOnlyList<string>> OnPhoneAsync(string body, Func<IPage, Task<IReadOnlyList<string>>> check)
    {
        await using var context = await fixture.Browser.NewContextAsync(ShopperPageVisits.Options(fixture, 390));
        var page = await context.NewPageAsync();
        await page.SetContentAsync($"""
            <!DOCTYPE html><html lang="en"><head><meta name="viewport" content="width=device-width, initial-scale=1"><title>t</title></head><body>{body}</body></html>
            """);
        return await check(page);
    }
}
