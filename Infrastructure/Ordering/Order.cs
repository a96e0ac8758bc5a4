namespace PeakShop.Infrastructure.Ordering;

public sealed class Order
{
    public long Id { get; set; }
    /// <summary>Human-facing order number, e.g. PS-2026-000123.</summary>
    public required string Number { get; set; }
    public OrderStatus Status { get; set; }
    /// <summary>The signed-in customer; null for a guest checkout.</summary>
    public string? CustomerId { get; set; }
    public required string Email { get; set; }
    public required Address ShippingAddress { get; set; }
    public required Address BillingAddress { get; set; }
    public required string Currency { get; set; }
    // Totals are a snapshot taken at checkout, not recomputed from today's prices.
    public decimal Subtotal { get; set; }
    public decimal ShippingTotal { get; set; }
    public decimal TaxTotal { get; set; }
    public decimal Total { get; set; }
    /// <summary>The checkout form's key: a second submit of the same form finds this order instead of making another.</summary>
    public Guid? IdempotencyKey { get; set; }
    /// <summary>The payment provider's authorization id.</summary>
    public string? PaymentReference { get; set; }
    public string? ShippingMethod { get; set; }
    /// <summary>The carrier's tracking number, required when staff mark the order shipped.</summary>
    public string? TrackingNumber { get; set; }
    public List<OrderLine> Lines { get; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>PostgreSQL's <c>xmin</c>: changes on every update; the concurrency token of staff transitions.</summary>
    public uint Version { get; set; }
}
