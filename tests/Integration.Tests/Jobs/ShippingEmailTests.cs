using PeakShop.Testing;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Auditing;
using PeakShop.Infrastructure.Ordering;
using PeakShop.Infrastructure.Ordering.Admin;

namespace PeakShop.Integration.Tests.Jobs;

/// <summary>Staff mark an order shipped → outbox row in the same transaction → Hangfire → smtp4dev, with the tracking number.</summary>
public sealed class ShippingEmailTests(JobsWorker worker) : IClassFixture<JobsWorker>, IDisposable
{
    private readonly MailInbox _inbox = new();

    [Fact]
    public async Task MarkedShipped_TheShippingEmailArrivesOnce_WithTheTrackingNumber()
    {
        var email = TestOrders.NewRecipient("shipped");
        var placed = await TestOrders.PlaceAsync(worker.Services, email);
        var admin = worker.Services.GetRequiredService<OrderAdmin>();
        var staff = new StaffActor("staff-id", "staff@peakshop.test");
        var order = (await admin.GetAsync(placed.OrderNumber!))!;
        Assert.True((await admin.ChangeStatusAsync(order.Number, OrderStatus.Packed, order.Version, null, staff)).Succeeded);
        order = (await admin.GetAsync(order.Number))!;

        Assert.True((await admin.ChangeStatusAsync(order.Number, OrderStatus.Shipped, order.Version, "TRK-7781-PEAK", staff)).Succeeded);

        var messages = await _inbox.WaitForAsync(email, count: 2);
        var shipped = Assert.Single(messages, m => m.Subject.Contains("has shipped", StringComparison.Ordinal));
        Assert.Contains(order.Number, shipped.Subject, StringComparison.Ordinal);
        Assert.Contains("TRK-7781-PEAK", await _inbox.PlainTextAsync(shipped.Id), StringComparison.Ordinal);
        // Give a duplicate dispatch its chance, then check there was none.
        await Task.Delay(1000);
        Assert.Single(await _inbox.ToAsync(email), m => m.Subject.Contains("has shipped", StringComparison.Ordinal));
    }

    public void Dispose() => _inbox.Dispose();
}
