using System.Text.Json;
using PeakShop.Infrastructure.Data;

namespace PeakShop.Infrastructure.Jobs.Outbox;

public sealed record OrderConfirmationPayload(string OrderNumber);

public sealed record ShippingNotificationPayload(string OrderNumber, string? TrackingCode);

public sealed record SalesReportPayload(long ReportId);

/// <summary>
/// Adds outbox rows to the caller's <see cref="ShopDbContext"/>: they commit with the caller's
/// <c>SaveChanges</c> (and its transaction), or not at all.
/// </summary>
public sealed class ShopOutbox(ShopDbContext db, TimeProvider time)
{
    public static OutboxMessage Create<T>(string kind, T payload, DateTimeOffset now) => new()
    {
        Kind = kind,
        Payload = JsonSerializer.Serialize(payload, JsonSerializerOptions.Web),
        CreatedAt = now,
    };

    /// <summary>The shipping e-mail for an order, sent once the caller's changes (the order marked shipped) commit.</summary>
    public void ShippingNotification(string orderNumber, string? trackingCode = null) =>
        db.OutboxMessages.Add(Create(OutboxKinds.ShippingNotification, new ShippingNotificationPayload(orderNumber, trackingCode), time.GetUtcNow()));
}
