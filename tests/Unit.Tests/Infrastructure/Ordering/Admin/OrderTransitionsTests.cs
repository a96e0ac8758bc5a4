using PeakShop.Infrastructure.Ordering;
using PeakShop.Infrastructure.Ordering.Admin;

namespace PeakShop.Unit.Tests.Infrastructure.Ordering.Admin;

public sealed class OrderTransitionsTests
{
    /// <summary>The whole table: every move staff may make. Any pair not listed here must be refused.</summary>
    private static readonly HashSet<(OrderStatus From, OrderStatus To)> Legal =
    [
        (OrderStatus.Paid, OrderStatus.Packed),
        (OrderStatus.Paid, OrderStatus.Cancelled),
        (OrderStatus.Packed, OrderStatus.Shipped),
        (OrderStatus.Packed, OrderStatus.Cancelled),
        (OrderStatus.Shipped, OrderStatus.Delivered),
        (OrderStatus.Shipped, OrderStatus.Refunded),
        (OrderStatus.Delivered, OrderStatus.Refunded),
    ];

    public static TheoryData<OrderStatus, OrderStatus> AllPairs()
    {
        var data = new TheoryData<OrderStatus, OrderStatus>();
        foreach (var from in Enum.GetValues<OrderStatus>())
        {
            foreach (var to in Enum.GetValues<OrderStatus>())
            {
                data.Add(from, to);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void IsAllowed_ExactlyForTheLegalPairs(OrderStatus from, OrderStatus to)
    {
        var legal = Legal.Contains((from, to));

        Assert.Equal(legal, OrderTransitions.IsAllowed(from, to));
        Assert.Equal(legal, OrderTransitions.From(from).Contains(to));
        if (!legal)
        {
            var message = OrderTransitions.Refusal(from, to);
            Assert.EndsWith("Nothing was changed.", message, StringComparison.Ordinal);
            Assert.Contains(from.ToString().ToLowerInvariant(), message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AllPairs_CoversEveryStatusCombination() =>
        Assert.Equal(Enum.GetValues<OrderStatus>().Length * Enum.GetValues<OrderStatus>().Length, AllPairs().Count);

    [Theory]
    [InlineData(OrderStatus.Shipped, OrderStatus.Paid, "An order that is shipped cannot be paid. It can only be delivered or refunded. Nothing was changed.")]
    [InlineData(OrderStatus.Delivered, OrderStatus.Cancelled, "An order that is delivered cannot be cancelled. It can only be refunded. Nothing was changed.")]
    [InlineData(OrderStatus.Cancelled, OrderStatus.Paid, "An order that is cancelled cannot be paid. It cannot change any more. Nothing was changed.")]
    [InlineData(OrderStatus.Packed, OrderStatus.Packed, "This order is already packed. Nothing was changed.")]
    public void Refusal_SaysWhatIsPossibleInstead(OrderStatus from, OrderStatus to, string expected) =>
        Assert.Equal(expected, OrderTransitions.Refusal(from, to));

    [Fact]
    public void TerminalStatuses_OfferNothing()
    {
        Assert.Empty(OrderTransitions.From(OrderStatus.Cancelled));
        Assert.Empty(OrderTransitions.From(OrderStatus.Refunded));
        Assert.Empty(OrderTransitions.From(OrderStatus.Pending));
    }

    [Fact]
    public void OnlyCancelRestocks_AndOnlyShippingNeedsATrackingNumber()
    {
        Assert.Equal([OrderStatus.Cancelled], Enum.GetValues<OrderStatus>().Where(OrderTransitions.Restocks));
        Assert.Equal([OrderStatus.Shipped], Enum.GetValues<OrderStatus>().Where(OrderTransitions.NeedsTracking));
    }
}
