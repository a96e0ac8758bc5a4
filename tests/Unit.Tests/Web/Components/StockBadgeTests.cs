using Bunit;
using PeakShop.Web.Components.Shared;

namespace PeakShop.Unit.Tests.Web.Components;

public sealed class StockBadgeTests : BunitContext
{
    [Theory]
    [InlineData(0, "Out of stock", "stock-out-of-stock")]
    [InlineData(1, "Low stock", "stock-low-stock")]
    [InlineData(5, "Low stock", "stock-low-stock")]
    [InlineData(6, "In stock", "stock-in-stock")]
    public void Renders_StateFromStockCount(int stock, string text, string cssClass)
    {
        var badge = Render<StockBadge>(p => p.Add(b => b.Stock, stock));

        var span = badge.Find("span");
        Assert.Equal(text, span.TextContent);
        Assert.Contains(cssClass, span.ClassList);
    }

    [Theory]
    [InlineData(1234.5, "EUR", "€1,234.50")]
    [InlineData(9.99, "USD", "9.99 USD")]
    public void Money_FormatsInItsCurrency(decimal amount, string currency, string expected) =>
        Assert.Equal(expected, Money.Format(amount, currency));
}
