using System.Diagnostics;
using PeakShop.EndToEnd.Tests.Accessibility;
using Xunit.Abstractions;

namespace PeakShop.EndToEnd.Tests.Responsive;

/// <summary>
/// Every shopper page on a 390×844 phone and a 1366×900 desktop: no sideways scroll, every header control in sight,
/// no serious or critical axe violation, and a full-page screenshot (<c>docs/screenshots/</c> with UPDATE_SCREENSHOTS=1).
/// Each page × width is its own result, and reports all of its problems at once.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ShopperPagesResponsiveTests(BrowserFixture fixture, ShopperPageVisits visits, ITestOutputHelper output) : IClassFixture<ShopperPageVisits>
{
    public const int Phone = 390;
    public const int Desktop = 1366;

    public static TheoryData<string, int> PagesAndWidths()
    {
        var data = new TheoryData<string, int>();
        foreach (var page in ShopperPage.All)
        {
            data.Add(page.Name, Phone);
            data.Add(page.Name, Desktop);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(PagesAndWidths))]
    public async Task ShopperPage_FitsTheViewport_ShowsTheHeader_AndPassesAxe(string page, int width)
    {
        var shopperPage = ShopperPage.Named(page);
        var clock = Stopwatch.StartNew();
        var tab = await visits.PageAsync(fixture, shopperPage.Visitor, width);
        var path = shopperPage.Path(visits.Data);

        var response = await tab.GotoAsync(path);
        Assert.Equal(shopperPage.Status, response?.Status);
        // Not sent elsewhere (e.g. to sign in, or to the empty-cart page).
        Assert.Equal(path.Split('?')[0], new Uri(tab.Url).AbsolutePath);
        if (shopperPage.Then is { } then)
        {
            await then(tab);
        }
        await tab.EvaluateAsync("() => document.fonts.ready.then(() => true)");
        var opened = clock.Elapsed;

        var problems = new List<string>();
        problems.AddRange(await LayoutChecks.HorizontalScrollAsync(tab, width));
        problems.AddRange(await LayoutChecks.HeaderControlsAsync(tab, width));
        var measured = clock.Elapsed;
        problems.AddRange((await AxeAssertions.SeriousViolationsAsync(tab)).Select(v => "axe " + v));
        var axed = clock.Elapsed;
        var screenshot = await PageScreenshots.SaveAsync(tab, $"{page}-{width}");
        output.WriteLine($"{page} at {width} px: open {opened.TotalSeconds:0.0} s, layout checks {(measured - opened).TotalSeconds:0.0} s, " +
            $"axe {(axed - measured).TotalSeconds:0.0} s, screenshot {(clock.Elapsed - axed).TotalSeconds:0.0} s");

        Assert.True(problems.Count == 0,
            $"{page} ({path}) at {width} px: {problems.Count} problem(s), screenshot {screenshot}\n- {string.Join("\n- ", problems)}");
    }
}
