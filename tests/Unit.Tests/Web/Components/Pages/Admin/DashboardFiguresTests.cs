using Bunit;
using PeakShop.Infrastructure.Ordering.Admin;
using PeakShop.Web.Components.Pages.Admin;

namespace PeakShop.Unit.Tests.Web.Components.Pages.Admin;

public sealed class DashboardFiguresTests : BunitContext
{
    private static readonly DateOnly From = new(2026, 11, 5);

    private static DashboardData Data(int lowStock, params (int Orders, decimal Revenue)[] days) =>
        new(From, From.AddDays(days.Length - 1), [.. days.Select((d, i) => new DayPoint(From.AddDays(i), d.Orders, d.Revenue))], [], [], [], lowStock);

    private static string Value(IRenderedComponent<DashboardFigures> figures, string name) =>
        figures.Find($"[data-testid=figure-{name}] .figure-value").TextContent;

    [Fact]
    public void Figures_AreTotalsOverTheWindow_InEuros()
    {
        var figures = Render<DashboardFigures>(p => p.Add(f => f.Data, Data(3, (2, 1000.10m), (0, 0m), (1, 234.40m))).Add(f => f.ShowLowStockLink, true));

        Assert.Equal("€1,234.50", Value(figures, "revenue"));
        Assert.Equal("3", Value(figures, "orders"));
        Assert.Equal("€411.50", Value(figures, "average"));
        Assert.Equal("3", Value(figures, "low-stock"));
        Assert.Contains("figure-warn", figures.Find("[data-testid=figure-low-stock]").ClassList);
        Assert.Equal("/admin/products?low=1", figures.Find("[data-testid=figure-low-stock] a").GetAttribute("href"));
    }

    [Fact]
    public void NoOrders_ShowsADashForTheAverage_NotAZeroThatLooksLikeData()
    {
        var figures = Render<DashboardFigures>(p => p.Add(f => f.Data, Data(0, (0, 0m), (0, 0m))));

        Assert.Equal("€0.00", Value(figures, "revenue"));
        Assert.Equal("0", Value(figures, "orders"));
        Assert.Equal("—", Value(figures, "average"));
        Assert.Contains("no orders yet", figures.Find("[data-testid=figure-average] .figure-note").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("figure-warn", figures.Find("[data-testid=figure-low-stock]").ClassList);
    }

    [Fact]
    public void WithoutTheCatalogPolicy_LowStockHasNoLink()
    {
        var figures = Render<DashboardFigures>(p => p.Add(f => f.Data, Data(12, (5, 50m))));

        Assert.Empty(figures.FindAll("a"));
        Assert.Equal("12", Value(figures, "low-stock"));
        Assert.Contains("products with 5 or fewer", figures.Find("[data-testid=figure-low-stock] .figure-note").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void AverageOrder_RoundsToTheCent()
    {
        Assert.Equal(3.33m, Data(0, (3, 10m)).AverageOrder);
        Assert.Equal(0.67m, Data(0, (3, 2m)).AverageOrder);
        Assert.Null(Data(0, (0, 0m)).AverageOrder);
    }
}
