namespace PeakShop.Infrastructure.Ordering.Admin;

/// <summary>The staff order list's filters and position: newest first, keyset-paged on (created_at, id).</summary>
public sealed record OrderListQuery(OrderStatus? Status = null, DateOnly? From = null, DateOnly? To = null, string? Email = null, string? Before = null)
{
    public const int PageSize = 50;
}
