namespace PeakShop.Infrastructure.Ordering.Admin;

public sealed record OrderRow(string Number, DateTimeOffset CreatedAt, string Email, OrderStatus Status, int Items, decimal Total, string Currency);
