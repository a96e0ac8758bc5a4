using Bunit;
using PeakShop.Infrastructure.Ordering;
using PeakShop.Web.Components.Pages.Admin.Orders;

namespace PeakShop.Unit.Tests.Web.Components.Pages.Admin.Orders;

public sealed class OrderActionsTests : BunitContext
{
    [Theory]
    [InlineData(OrderStatus.Paid, new[] { "Packed", "Cancelled" }, new[] { "Mark packed", "Cancel order and restock" })]
    [InlineData(OrderStatus.Packed, new[] { "Shipped", "Cancelled" }, new[] { "Mark shipped", "Cancel order and restock" })]
    [InlineData(OrderStatus.Shipped, new[] { "Delivered", "Refunded" }, new[] { "Mark delivered", "Refund payment" })]
    [InlineData(OrderStatus.Delivered, new[] { "Refunded" }, new[] { "Refund payment" })]
    public void OffersTheLegalMoves_AsSubmitButtonsCarryingTheVersion(OrderStatus status, string[] values, string[] labels)
    {
        var actions = Render<OrderActions>(p => p.Add(a => a.Status, status).Add(a => a.Version, 4711u));

        var buttons = actions.FindAll("button[type=submit][name='Input.To']");
        Assert.Equal(values, buttons.Select(b => b.GetAttribute("value")));
        Assert.Equal(labels, buttons.Select(b => b.TextContent.Trim()));
        Assert.Equal("4711", actions.Find("input[type=hidden][name='Input.Version']").GetAttribute("value"));
        // The tracking field appears exactly when shipping is one of the moves.
        Assert.Equal(values.Contains("Shipped"), actions.FindAll("input[name='Input.Tracking']").Count == 1);
    }

    [Theory]
    [InlineData(OrderStatus.Cancelled)]
    [InlineData(OrderStatus.Refunded)]
    [InlineData(OrderStatus.Pending)]
    public void FinishedOrders_OfferNoButton_AndSaySo(OrderStatus status)
    {
        var actions = Render<OrderActions>(p => p.Add(a => a.Status, status).Add(a => a.Version, 1u));

        Assert.Empty(actions.FindAll("button"));
        Assert.Empty(actions.FindAll("input"));
        Assert.Equal($"No further action: this order is {status.ToString().ToLowerInvariant()}.", actions.Find("[data-testid=no-actions]").TextContent);
    }

    [Fact]
    public void MoneyMoves_LookSecondary()
    {
        var actions = Render<OrderActions>(p => p.Add(a => a.Status, OrderStatus.Shipped).Add(a => a.Version, 1u));

        Assert.DoesNotContain("button-secondary", actions.Find("button[value=Delivered]").ClassList);
        Assert.Contains("button-secondary", actions.Find("button[value=Refunded]").ClassList);
    }
}
