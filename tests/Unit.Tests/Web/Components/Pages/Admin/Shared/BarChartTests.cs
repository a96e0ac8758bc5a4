using System.Globalization;
using Bunit;
using PeakShop.Web.Components.Pages.Admin.Shared;

namespace PeakShop.Unit.Tests.Web.Components.Pages.Admin.Shared;

public sealed class BarChartTests : BunitContext
{
    private static readonly ChartPoint[] Week =
    [
        new("2026-11-01", "Nov 1", 10m),
        new("2026-11-02", "Nov 2", 40m),
        new("2026-11-03", "Nov 3", 0m),
        new("2026-11-04", "Nov 4", 20m),
    ];

    private IRenderedComponent<BarChart> RenderChart(IReadOnlyList<ChartPoint> points) =>
        Render<BarChart>(p => p.Add(c => c.Id, "sales").Add(c => c.Title, "Revenue per day").Add(c => c.ValueName, "Revenue")
            .Add(c => c.Points, points).Add(c => c.Formatter, v => "€" + v.ToString("0.00", CultureInfo.InvariantCulture)));

    [Fact]
    public void DrawsOneBarPerPoint_ScaledSoTheLargestFillsThePlot()
    {
        var chart = RenderChart(Week);

        var bars = chart.FindAll("rect.chart-bar");
        Assert.Equal(4, bars.Count);
        var heights = bars.Select(b => double.Parse(b.GetAttribute("height")!, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal([40, 160, 0, 80], heights);
        // Bars stand on the axis: y + height is the plot's bottom for every bar.
        Assert.All(bars, b => Assert.Equal(BarChart.Top + BarChart.PlotHeight,
            double.Parse(b.GetAttribute("y")!, CultureInfo.InvariantCulture) + double.Parse(b.GetAttribute("height")!, CultureInfo.InvariantCulture), 2));
        // Left to right in the order given, equally spaced.
        var xs = bars.Select(b => double.Parse(b.GetAttribute("x")!, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(xs.Order(), xs);
        Assert.Equal(xs[1] - xs[0], xs[3] - xs[2], 2);
        Assert.Equal("€40.00", chart.Find(".chart-max").TextContent);
        Assert.Equal("€0.00", chart.Find(".chart-zero").TextContent);
    }

    [Fact]
    public void IsAccessible_ImageRoleTitleSummaryAndADataTable()
    {
        var chart = RenderChart(Week);

        var svg = chart.Find("svg");
        Assert.Equal("img", svg.GetAttribute("role"));
        Assert.Equal("sales-title sales-desc", svg.GetAttribute("aria-labelledby"));
        Assert.Equal("Revenue per day", chart.Find("svg > title#sales-title").TextContent);
        Assert.Equal("4 days from 2026-11-01 to 2026-11-04: €70.00 in total; highest €40.00 on 2026-11-02.", chart.Find("desc#sales-desc").TextContent);
        var table = chart.Find("table.visually-hidden");
        Assert.Equal("Revenue per day", table.QuerySelector("caption")!.TextContent);
        Assert.Equal(["2026-11-01 €10.00", "2026-11-02 €40.00", "2026-11-03 €0.00", "2026-11-04 €20.00"],
            table.QuerySelectorAll("tbody tr").Select(r => r.QuerySelector("th")!.TextContent + " " + r.QuerySelector("td")!.TextContent));
    }

    [Fact]
    public void LabelsAboutSixDays_EndingWithTheLastOne()
    {
        var month = Enumerable.Range(1, 30).Select(d => new ChartPoint($"2026-11-{d:00}", $"Nov {d}", d)).ToArray();

        var chart = RenderChart(month);

        var labels = chart.FindAll(".chart-x .chart-label").Select(t => t.TextContent).ToArray();
        Assert.Equal(["Nov 5", "Nov 10", "Nov 15", "Nov 20", "Nov 25", "Nov 30"], labels);
        // A narrow chart hides every other one (CSS container query), keeping the last day.
        Assert.Equal(["Nov 5", "Nov 15", "Nov 25"], chart.FindAll(".chart-label-minor").Select(t => t.TextContent));
    }

    [Fact]
    public void AxisLabels_AreHtmlOutsideTheScaledSvg_OneCellPerBar()
    {
        var month = Enumerable.Range(1, 30).Select(d => new ChartPoint($"2026-11-{d:00}", $"Nov {d}", d)).ToArray();

        var chart = RenderChart(month);

        // Text inside a stretched SVG would shrink with it on a phone; none is drawn there.
        Assert.Empty(chart.FindAll("svg text"));
        Assert.Equal("none", chart.Find("svg").GetAttribute("preserveAspectRatio"));
        Assert.Equal(30, chart.FindAll(".chart-x > li").Count);
        Assert.Equal("true", chart.Find(".chart-x").GetAttribute("aria-hidden"));
    }

    [Fact]
    public void AllZeros_DrawsFlatBars_NotADivisionByZero()
    {
        var chart = RenderChart([new("2026-11-01", "Nov 1", 0m), new("2026-11-02", "Nov 2", 0m)]);

        Assert.All(chart.FindAll("rect.chart-bar"), b => Assert.Equal("0", b.GetAttribute("height")));
    }

    [Fact]
    public void NoData_ShowsAMessageInsteadOfAChart()
    {
        var chart = RenderChart([]);

        Assert.Empty(chart.FindAll("svg"));
        Assert.Equal("No data to show for revenue per day.", chart.Find(".chart-empty").TextContent);
    }

    [Theory]
    [InlineData(5, 10, 80)]
    [InlineData(10, 10, 160)]
    [InlineData(0, 10, 0)]
    [InlineData(3, 0, 0)]
    [InlineData(-2, 10, 0)]
    public void Scale_IsLinearFromZeroToTheMaximum(double value, double max, double expected) =>
        Assert.Equal(expected, BarChart.Scale((decimal)value, (decimal)max), 3);
}
