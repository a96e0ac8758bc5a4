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
        // Without a chosen method: the standard estimate (under the free threshold) counts in the total.
        Assert.Equal("€4.95", summary.Find(".shipping").TextContent);
        Assert.Equal("€30.94", summary.Find(".total").TextContent);
    }

    [Theory]
    [InlineData(25.99, "Add €24.01 more for free standard delivery.")]
    [InlineData(49.99, "Add €0.01 more for free standard delivery.")]
    [InlineData(50, "Your order qualifies for free standard delivery.")]
    public void ShippingEstimate_SaysWhatBuysFreeDelivery(decimal price, string expected)
    {
        var summary = Render<CartSummary>(p => p.Add(s => s.Cart, new CartView([Line(1, 1, price, price)])));

        Assert.Equal(expected, summary.Find(".free-delivery").TextContent);
        Assert.Equal(price >= 50 ? "Free" : "€4.95", summary.Find(".shipping").TextContent);
    }

    [Theory]
    [InlineData(0, "Free", "€60.00")]
    [InlineData(4.95, "€4.95", "€64.95")]
    public void Shipping_WhenGiven_AddsToTheTotal_WithoutTheEstimateHint(decimal shipping, string shown, string total)
    {
        var summary = Render<CartSummary>(p => p
            .Add(s => s.Cart, new CartView([Line(1, 2, 30m, 30m)]))
            .Add(s => s.Shipping, shipping));

        Assert.Equal(shown, summary.Find(".shipping").TextContent);
        Assert.Equal(total, summary.Find(".total").TextContent);
        Assert.Empty(summary.FindAll(".free-delivery"));
    }
}
