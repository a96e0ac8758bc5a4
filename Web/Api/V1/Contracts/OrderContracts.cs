using PeakShop.Infrastructure.Ordering;
using OrderEntity = PeakShop.Infrastructure.Ordering.Order;

namespace PeakShop.Web.Api.V1.Contracts;

/// <summary>
/// Places the cart's order. Prices, names and stock come from the catalog at this moment, never from the request.
/// <c>shippingMethod</c> is <c>standard</c> (free from 50) or <c>express</c>; standard when left out, as on the page.
/// Test mode: card 4242 4242 4242 4242 is authorized, 4000 0000 0000 0002 is declined; any future MM/YY and any CVC.
/// </summary>
public sealed record CheckoutBody(string? Email, ShippingAddress? ShippingAddress, string? ShippingMethod, PaymentCard? Card);

/// <summary>A postal address; <c>country</c> is an ISO 3166-1 alpha-2 code of a country the shop ships to.</summary>
public sealed record ShippingAddress(
    string? FullName,
    string? Line1,
    string? Line2,
    string? City,
    string? PostalCode,
    string? Region,
    string? Country,
    string? Phone)
{
    public static ShippingAddress From(Address address) =>
        new(address.FullName, address.Line1, address.Line2, address.City, address.PostalCode, address.Region, address.Country, address.Phone);
}

/// <summary>Card details, used for this payment only and never stored. <c>expiry</c> is MM/YY.</summary>
public sealed record PaymentCard(string? Number, string? Expiry, string? Cvc);

/// <summary>
/// An order as its buyer sees it. <c>OrderToken</c> is present only in the checkout answer of a guest order: send it
/// as the <c>Order-Token</c> header to read the order later (a customer's orders need the customer's token instead).
/// </summary>
public sealed record Order(
    string Number,
    OrderStatus Status,
    string Email,
    ShippingAddress ShippingAddress,
    string? ShippingMethod,
    IReadOnlyList<OrderLine> Lines,
    string Currency,
    decimal Subtotal,
    decimal ShippingTotal,
    decimal TaxTotal,
    decimal Total,
    string? TrackingNumber,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? OrderToken = null)
{
    public static Order From(OrderEntity order, string? orderToken = null) =>
        new(order.Number, order.Status, order.Email, ShippingAddress.From(order.ShippingAddress), order.ShippingMethod,
            [.. order.Lines.OrderBy(l => l.Id).Select(l => new OrderLine(l.ProductId, l.Sku, l.Name, l.UnitPrice, l.Quantity, l.LineTotal))],
            order.Currency, order.Subtotal, order.ShippingTotal, order.TaxTotal, order.Total, order.TrackingNumber,
            order.CreatedAt, order.UpdatedAt, orderToken);
}

/// <summary>A line as sold: a snapshot, later catalog edits do not change it. <c>ProductId</c> is null once the product is deleted.</summary>
public sealed record OrderLine(int? ProductId, string Sku, string Name, decimal UnitPrice, int Quantity, decimal LineTotal);

/// <summary>Where an order stands; <c>TrackingNumber</c> is set once it has shipped.</summary>
public sealed record OrderStatusView(string Number, OrderStatus Status, DateTimeOffset UpdatedAt, string? TrackingNumber)
{
    public static OrderStatusView From(OrderEntity order) => new(order.Number, order.Status, order.UpdatedAt, order.TrackingNumber);
}

/// <summary>One of a customer's orders in their list (newest first, at most 100).</summary>
public sealed record OrderSummary(string Number, OrderStatus Status, string Currency, decimal Total, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static OrderSummary From(OrderEntity order) =>
        new(order.Number, order.Status, order.Currency, order.Total, order.CreatedAt, order.UpdatedAt);
}
