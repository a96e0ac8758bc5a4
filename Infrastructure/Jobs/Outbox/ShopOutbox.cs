using System.Diagnostics;
using System.Text.Json;
using PeakShop.Infrastructure.Data;
using PeakShop.Infrastructure.Telemetry;

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
    /// <summary>
    /// The payload's JSON property that carries the writer's W3C trace context (the request's, usually) to the job the
    /// dispatcher enqueues later, so the job runs in the request's trace. It rides in the jsonb payload, beside the
    /// job's arguments (which ignore it), rather than in a column of its own.
    /// </summary>
    public const string TraceParentProperty = "traceparent";

    public static OutboxMessage Create<T>(string kind, T payload, DateTimeOffset now)
    {
        var json = JsonSerializer.SerializeToNode(payload, JsonSerializerOptions.Web)!.AsObject();
        if ((TraceContextJobFilter.RequestTraceParent ?? Activity.Current?.Id) is { } traceParent)
        {
            json[TraceParentProperty] = traceParent;
        }
        return new OutboxMessage { Kind = kind, Payload = json.ToJsonString(), CreatedAt = now };
    }

    /// <summary>The trace context <see cref="Create"/> stored in a row's payload, if any.</summary>
    public static string? TraceParentOf(OutboxMessage message)
    {
        using var payload = JsonDocument.Parse(message.Payload);
        return payload.RootElement.ValueKind == JsonValueKind.Object
            && payload.RootElement.TryGetProperty(TraceParentProperty, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
    }

    /// <summary>The shipping e-mail for an order, sent once the caller's changes (the order marked shipped) commit.</summary>
    public void ShippingNotification(string orderNumber, string? trackingCode = null) =>
        db.OutboxMessages.Add(Create(OutboxKinds.ShippingNotification, new ShippingNotificationPayload(orderNumber, trackingCode), time.GetUtcNow()));
}
