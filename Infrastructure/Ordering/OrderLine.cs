namespace PeakShop.Infrastructure.Ordering;

/// <summary>A snapshot of the product as sold: later catalog edits do not change it.</summary>
public sealed class OrderLine
{
    public long Id { get; set; }
    public long OrderId { get; set; }
    public int? ProductId { get; set; }
    public required string Sku { get; set; }
    public required string Name { get; set; }
    public decimal UnitPrice { get; set; }
    public int Quantity { get; set; }
    public decimal LineTotal { get; set; }
}
