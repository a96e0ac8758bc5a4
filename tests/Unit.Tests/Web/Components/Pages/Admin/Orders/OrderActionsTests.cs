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
    public void MovesThatCannotBeUndone_LookDangerous()
    {
        var shipped = Render<OrderActions>(p => p.Add(a => a.Status, OrderStatus.Shipped).Add(a => a.Version, 1u));
        var paid = Render<OrderActions>(p => p.Add(a => a.Status, OrderStatus.Paid).Add(a => a.Version, 1u));

        Assert.DoesNotContain("button-danger", shipped.Find("button[value=Delivered]").ClassList);
        Assert.Contains("button-danger", shipped.Find("button[value=Refunded]").ClassList);
        Assert.Contains("button-danger", paid.Find("button[value=Cancelled]").ClassList);
        // The first click only asks: it carries no confirmation.
        Assert.Empty(paid.FindAll("input[name='Input.Confirmed']"));
    }

    [Fact]
    public void ConfirmingACancel_OffersOnlyTheConfirmedCancelAndAWayBack()
    {
        var actions = Render<OrderActions>(p => p.Add(a => a.Status, OrderStatus.Paid).Add(a => a.Version, 12u)
            .Add(a => a.OrderNumber, "PS-2026-000042").Add(a => a.Confirming, OrderStatus.Cancelled));

        var step = actions.Find("[data-testid=confirm-step]");
        Assert.Equal("alert", step.GetAttribute("role"));
        Assert.Equal("Cancel order PS-2026-000042 and restock its items?", step.QuerySelector(".confirm-question")!.TextContent);
        var button = Assert.Single(actions.FindAll("button[type=submit]"));
        Assert.Equal(("Cancelled", "Yes, cancel and restock"), (button.GetAttribute("value"), button.TextContent));
        Assert.Contains("button-danger", button.ClassList);
        Assert.Equal("true", actions.Find("input[type=hidden][name='Input.Confirmed']").GetAttribute("value"));
        Assert.Equal("12", actions.Find("input[type=hidden][name='Input.Version']").GetAttribute("value"));
        Assert.Equal("/admin/orders/PS-2026-000042", actions.Find("a.button-secondary").GetAttribute("href"));
        Assert.Equal("No, keep the order", actions.Find("a.button-secondary").TextContent);
        Assert.Empty(actions.FindAll("button[value=Packed]"));
    }

    [Fact]
    public void AConfirmationForAMoveNoLongerAllowed_IsNotShown()
    {
        // The order was shipped meanwhile: cancelling is not a move any more, so the ordinary buttons show.
        var actions = Render<OrderActions>(p => p.Add(a => a.Status, OrderStatus.Shipped).Add(a => a.Version, 3u)
            .Add(a => a.OrderNumber, "PS-2026-000043").Add(a => a.Confirming, OrderStatus.Cancelled));

        Assert.Empty(actions.FindAll("[data-testid=confirm-step]"));
        Assert.Equal(["Delivered", "Refunded"], actions.FindAll("button[type=submit]").Select(b => b.GetAttribute("value")));
    }

    [Theory]
    [InlineData(OrderStatus.Cancelled, true)]
    [InlineData(OrderStatus.Refunded, true)]
    [InlineData(OrderStatus.Packed, false)]
    [InlineData(OrderStatus.Shipped, false)]
    [InlineData(OrderStatus.Delivered, false)]
    public void NeedsConfirmation_OnlyWhatCannotBeUndone(OrderStatus to, bool expected) =>
        Assert.Equal(expected, OrderActions.NeedsConfirmation(to));
}
