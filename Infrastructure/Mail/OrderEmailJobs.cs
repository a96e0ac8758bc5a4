using System.ComponentModel;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using PeakShop.Infrastructure.Data;
using PeakShop.Infrastructure.Jobs;
using PeakShop.Infrastructure.Mail.Templates;
using PeakShop.Infrastructure.Ordering;

namespace PeakShop.Infrastructure.Mail;

/// <summary>Order e-mail jobs (Hangfire, queue <c>critical</c>). Each sends at most once per order.</summary>
public sealed class OrderEmailJobs(ShopDbContext db, EmailRenderer renderer, IdempotentMailer mailer)
{
    public static string ConfirmationKey(string orderNumber) => "order-confirmation:" + orderNumber;

    public static string ShippingKey(string orderNumber) => "shipping-notification:" + orderNumber;

    [Queue(JobQueues.Critical)]
    [DisplayName("Order confirmation {0}")]
    public async Task SendOrderConfirmationAsync(string orderNumber, CancellationToken cancellationToken)
    {
        var order = await LoadAsync(orderNumber, cancellationToken);
        var html = await renderer.RenderAsync<OrderConfirmationEmail>(new Dictionary<string, object?> { [nameof(OrderConfirmationEmail.Order)] = order });
        await mailer.SendOnceAsync(ConfirmationKey(order.Number),
            new EmailMessage(order.Email, $"Your PeakShop order {order.Number}", html, EmailTexts.OrderConfirmation(order)), cancellationToken);
    }

    /// <summary>Queued through <see cref="Jobs.Outbox.ShopOutbox.ShippingNotification"/> when an order is marked shipped.</summary>
    [Queue(JobQueues.Critical)]
    [DisplayName("Shipping notification {0}")]
    public async Task SendShippingNotificationAsync(string orderNumber, string? trackingCode, CancellationToken cancellationToken)
    {
        var order = await LoadAsync(orderNumber, cancellationToken);
        var html = await renderer.RenderAsync<ShippingNotificationEmail>(new Dictionary<string, object?>
        {
            [nameof(ShippingNotificationEmail.Order)] = order,
            [nameof(ShippingNotificationEmail.TrackingCode)] = trackingCode,
        });
        await mailer.SendOnceAsync(ShippingKey(order.Number),
            new EmailMessage(order.Email, $"Your PeakShop order {order.Number} has shipped", html, EmailTexts.ShippingNotification(order, trackingCode)), cancellationToken);
    }

    // The primary: the order was committed a moment ago and a standby may not have it yet.
    private async Task<Order> LoadAsync(string orderNumber, CancellationToken cancellationToken) =>
        await db.Orders.AsNoTracking().Include(o => o.Lines.OrderBy(l => l.Id)).SingleOrDefaultAsync(o => o.Number == orderNumber, cancellationToken)
            ?? throw new PermanentJobFailureException($"order {orderNumber} does not exist");
}
