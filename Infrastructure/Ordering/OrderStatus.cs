namespace PeakShop.Infrastructure.Ordering;

public enum OrderStatus
{
    Pending,
    Paid,
    Packed,
    Shipped,
    Delivered,
    Cancelled,
    Refunded,
}
