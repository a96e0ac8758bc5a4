namespace PeakShop.Infrastructure.Ordering.Admin;

public sealed record OrderLineRow(int? ProductId, string Sku, string Name, decimal UnitPrice, int Quantity, decimal LineTotal);
