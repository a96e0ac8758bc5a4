namespace PeakShop.Infrastructure.Ordering.Admin;

public sealed record OrderDetail(
    string Number, OrderStatus Status, uint Version, string Email, string? CustomerId,
    Address ShippingAddress, Address BillingAddress, string Currency,
    decimal Subtotal, decimal ShippingTotal, decimal TaxTotal, decimal Total,
    string? PaymentReference, string? ShippingMethod, string? TrackingNumber,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    IReadOnlyList<OrderLineRow> Lines, IReadOnlyList<OrderHistoryRow> History);
