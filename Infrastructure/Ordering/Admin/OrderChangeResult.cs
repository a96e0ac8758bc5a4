namespace PeakShop.Infrastructure.Ordering.Admin;

public sealed record OrderChangeResult(OrderChangeOutcome Outcome, string Message, OrderStatus? Status = null)
{
    public bool Succeeded => Outcome == OrderChangeOutcome.Done;
}
