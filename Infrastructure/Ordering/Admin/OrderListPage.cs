namespace PeakShop.Infrastructure.Ordering.Admin;

/// <summary>A page of orders; <paramref name="Older"/> is the cursor of the next (older) page, null on the last.</summary>
public sealed record OrderListPage(IReadOnlyList<OrderRow> Rows, string? Older, string? Error = null);
