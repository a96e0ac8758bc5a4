using Bunit;
using PeakShop.Infrastructure.Cart;
using PeakShop.Web.Components.Pages.Storefront.Cart;

namespace PeakShop.Unit.Tests.Web.Components.Pages.Storefront.Cart;

public sealed class CartSummaryTests : BunitContext
{
    private static CartLineView Line(int id, int quantity, decimal price, decimal whenAdded, bool available = true) =>
        new(id, $"SKU-{id}", $"p-{id}", $"Product {id}", quantity, price, whenAdded, "EUR", 10, available);

    [Fact]
    public void Totals_AreComputedFromCurrentPrices_AndSkipUnavailableLines()
    {
        var cart = new CartView([Line(1, 2, 10.50m, 10.50m), Line(2, 1, 4.99m, 4.99m), Line(3, 5, 100m, 100m, available: false)]);

        var summary = Render<CartSummary>(p => p.Add(s => s.Cart, cart));

        Assert.Equal("3", summary.Find(".item-count").TextContent);
        Assert.Equal("€25.99", summary.Find(".subtotal").TextContent);
        Assert.NotEmpty(summary.FindAll(".unavailable-notice"));
        Assert.Empty(summary.FindAll(".total"));
    }

    [Fact]
    public void PriceChanged_ShowsWasAndNow_OnlyForChangedLines()
    {
        var cart = new CartView([Line(1, 1, 12m, 10m), Line(2, 1, 5m, 5m)]);

        var summary = Render<CartSummary>(p => p.Add(s => s.Cart, cart));

        var changed = Assert.Single(summary.FindAll(".price-changed"));
        Assert.Equal("Product 1: was €10.00, now €12.00", changed.TextContent);
        Assert.Equal("€17.00", summary.Find(".subtotal").TextContent);
    }

    [Fact]
    public void NoPriceChange_ShowsNoNotice()
    {
        var summary = Render<CartSummary>(p => p.Add(s => s.Cart, new CartView([Line(1, 1, 12m, 12m)])));

        Assert.Empty(summary.FindAll(".price-notice"));
    }

    [Theory]
    [InlineData(0, "Free", "€60.00")]
    [InlineData(4.95, "€4.95", "€64.95")]
    public void Shipping_WhenGiven_AddsToTheTotal(decimal shipping, string shown, string total)
    {
        var summary = Render<CartSummary>(p => p
            .Add(s => s.Cart, new CartView([Line(1, 2, 30m, 30m)]))
            .Add(s => s.Shipping, shipping));

        Assert.Equal(shown, summary.Find(".shipping").TextContent);
        Assert.Equal(total, summary.Find(".total").TextContent);
    }
}
