namespace PeakShop.Infrastructure.Ordering.Admin;

/// <summary>
/// Which status an order may move to from which, as staff act on it: paid → packed → shipped → delivered;
/// cancelled (with restock, payment voided) before it ships; refunded (through the payment provider) after.
/// Everything else is refused. Pure, so the pages and the service ask the same table.
/// </summary>
public static class OrderTransitions
{
    private static readonly Dictionary<OrderStatus, OrderStatus[]> Next = new()
    {
        [OrderStatus.Paid] = [OrderStatus.Packed, OrderStatus.Cancelled],
        [OrderStatus.Packed] = [OrderStatus.Shipped, OrderStatus.Cancelled],
        [OrderStatus.Shipped] = [OrderStatus.Delivered, OrderStatus.Refunded],
        [OrderStatus.Delivered] = [OrderStatus.Refunded],
    };

    /// <summary>The statuses staff may move an order to from <paramref name="from"/>, in the order the page offers them.</summary>
    public static IReadOnlyList<OrderStatus> From(OrderStatus from) => Next.TryGetValue(from, out var to) ? to : [];

    public static bool IsAllowed(OrderStatus from, OrderStatus to) => From(from).Contains(to);

    /// <summary>Cancelling returns every line's units to stock.</summary>
    public static bool Restocks(OrderStatus to) => to == OrderStatus.Cancelled;

    /// <summary>Shipping needs the carrier's tracking number.</summary>
    public static bool NeedsTracking(OrderStatus to) => to == OrderStatus.Shipped;

    /// <summary>The button that moves an order to <paramref name="to"/>.</summary>
    public static string ActionLabel(OrderStatus to) => to switch
    {
        OrderStatus.Packed => "Mark packed",
        OrderStatus.Shipped => "Mark shipped",
        OrderStatus.Delivered => "Mark delivered",
        OrderStatus.Cancelled => "Cancel order and restock",
        OrderStatus.Refunded => "Refund payment",
        _ => "Mark " + to.ToString().ToLowerInvariant(),
    };

    /// <summary>The audit log's action name, e.g. <c>order.ship</c>.</summary>
    public static string AuditAction(OrderStatus to) => to switch
    {
        OrderStatus.Packed => "order.pack",
        OrderStatus.Shipped => "order.ship",
        OrderStatus.Delivered => "order.deliver",
        OrderStatus.Cancelled => "order.cancel",
        OrderStatus.Refunded => "order.refund",
        _ => "order.status",
    };

    /// <summary>Why a move is refused, in words staff understand.</summary>
    public static string Refusal(OrderStatus from, OrderStatus to)
    {
        var allowed = From(from);
        var options = allowed.Count == 0
            ? "It cannot change any more."
            : "It can only be " + string.Join(" or ", allowed.Select(s => Past(s))) + ".";
        return from == to
            ? $"This order is already {Past(from)}. Nothing was changed."
            : $"An order that is {Past(from)} cannot be {Past(to)}. {options} Nothing was changed.";
    }

    private static string Past(OrderStatus status) => status.ToString().ToLowerInvariant();
}
