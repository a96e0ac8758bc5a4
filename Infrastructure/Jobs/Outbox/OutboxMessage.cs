namespace PeakShop.Infrastructure.Jobs.Outbox;

/// <summary>
/// A job that a business write asked for, stored in the same transaction as that write. The Jobs process
/// moves it to Hangfire (<see cref="OutboxDispatcher"/>); an order that rolls back takes its row with it.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }
    /// <summary>One of <see cref="OutboxKinds"/>.</summary>
    public required string Kind { get; set; }
    /// <summary>JSON: the job's arguments.</summary>
    public required string Payload { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DispatchedAt { get; set; }
    /// <summary>The Hangfire job it became.</summary>
    public string? JobId { get; set; }
    public string? Error { get; set; }
}

public static class OutboxKinds
{
    public const string OrderConfirmation = "order-confirmation";
    public const string ShippingNotification = "shipping-notification";
    public const string SalesReport = "sales-report";
    public const string MediaVariants = "media-variants";
}
