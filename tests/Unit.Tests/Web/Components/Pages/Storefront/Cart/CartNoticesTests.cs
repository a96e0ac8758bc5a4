using Bunit;
using PeakShop.Infrastructure.Cart;
using PeakShop.Web.Components.Pages.Storefront.Cart;

namespace PeakShop.Unit.Tests.Web.Components.Pages.Storefront.Cart;

public sealed class CartNoticesTests : BunitContext
{
    private static CartLineView Line(int id, decimal price, decimal whenAdded, bool available = true) =>
        new(id, $"SKU-{id}", $"p-{id}", $"Product {id}", 1, price, whenAdded, "EUR", 10, available);

    [Fact]
    public void PriceChanged_ShowsWasAndNow_OnlyForChangedLines()
    {
        var notices = Render<CartNotices>(p => p.Add(n => n.Cart, new CartView([Line(1, 12m, 10m), Line(2, 5m, 5m)])));

        var changed = Assert.Single(notices.FindAll(".price-changed"));
        Assert.Equal("Product 1: was €10.00, now €12.00", changed.TextContent);
        Assert.Contains("alert-warn", notices.Find(".price-notice").ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public void UnavailableLine_ShowsTheNotice_AndNoChangeShowsNone()
    {
        var unavailable = Render<CartNotices>(p => p.Add(n => n.Cart, new CartView([Line(1, 5m, 5m, available: false)])));
        var unchanged = Render<CartNotices>(p => p.Add(n => n.Cart, new CartView([Line(1, 12m, 12m)])));

        Assert.Contains("alert-bad", unavailable.Find(".unavailable-notice").ClassName, StringComparison.Ordinal);
        Assert.Empty(unchanged.FindAll(".alert"));
    }
}
