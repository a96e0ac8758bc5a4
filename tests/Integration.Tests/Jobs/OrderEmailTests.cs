using PeakShop.Testing;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Data;
using PeakShop.Infrastructure.Mail;
using PeakShop.Infrastructure.Ordering.Checkout;

namespace PeakShop.Integration.Tests.Jobs;

/// <summary>Order confirmation e-mail end to end: checkout → outbox → Hangfire (real PostgreSQL) → MailKit → smtp4dev.</summary>
public sealed class OrderEmailTests : IClassFixture<JobsWorker>, IDisposable
{
    private readonly JobsWorker _worker;
    private readonly MailInbox _inbox = new();

    public OrderEmailTests(JobsWorker worker) => _worker = worker;

    [Fact]
    public async Task PlacedOrder_DeliversExactlyOneConfirmation_WithNumberLinesAndTotal()
    {
        var email = TestOrders.NewRecipient("buyer");
        var placed = await TestOrders.PlaceAsync(_worker.Services, email, price: 12.50m, quantity: 3);
        Assert.Equal(CheckoutOutcome.Placed, placed.Outcome);

        var jobId = await _worker.JobForOrderAsync(placed.OrderNumber!);
        await _worker.WaitForStateAsync(jobId, "Succeeded");
        var message = Assert.Single(await _inbox.WaitForAsync(email));

        Assert.Contains(placed.OrderNumber!, message.Subject, StringComparison.Ordinal);
        var text = await _inbox.PlainTextAsync(message.Id);
        var html = System.Net.WebUtility.HtmlDecode(await _inbox.HtmlAsync(message.Id));
        await using var scope = _worker.Services.CreateAsyncScope();
        var order = await scope.ServiceProvider.GetRequiredService<ShopDbContext>().Orders.Include(o => o.Lines).SingleAsync(o => o.Number == placed.OrderNumber);
        var line = Assert.Single(order.Lines);
        // 3 x €12.50 = €37.50, standard shipping €4.95 below €50: €42.45.
        Assert.Equal(42.45m, order.Total);
        Assert.Contains($"3 x {line.Name} ({line.Sku}) at €12.50 = €37.50", text, StringComparison.Ordinal);
        Assert.Contains("Total: €42.45", text, StringComparison.Ordinal);
        Assert.Contains(placed.OrderNumber!, html, StringComparison.Ordinal);
        Assert.Contains(line.Name, html, StringComparison.Ordinal);
        Assert.Contains("€42.45", html, StringComparison.Ordinal);
        var ledger = await scope.ServiceProvider.GetRequiredService<ShopDbContext>().SentEmails.SingleAsync(e => e.Key == OrderEmailJobs.ConfirmationKey(order.Number));
        Assert.Equal(SentEmailStatus.Sent, ledger.Status);
    }

    [Fact]
    public async Task RolledBackOrder_LeavesNoOutboxRowAndSendsNoEmail()
    {
        var doomed = TestOrders.NewRecipient("rollback");
        await using var admin = Platform.Admin("primary", "peakshop");
        // Refuse the commit itself (a deferred constraint trigger), after the order and its outbox row were written.
        await admin.CreateCommand("""
            create or replace function test_refuse_commit() returns trigger language plpgsql as $$ begin raise exception 'test: commit refused'; end $$;
            drop trigger if exists test_refuse_commit on orders;
            create constraint trigger test_refuse_commit after insert on orders deferrable initially deferred
                for each row when (new.email like 'rollback-%') execute function test_refuse_commit();
            """).ExecuteNonQueryAsync();
        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => TestOrders.PlaceAsync(_worker.Services, doomed));
        }
        finally
        {
            await admin.CreateCommand("drop trigger if exists test_refuse_commit on orders; drop function if exists test_refuse_commit();").ExecuteNonQueryAsync();
        }

        // A later order goes all the way through, so the dispatcher and the workers have had their chance.
        var sentinel = TestOrders.NewRecipient("sentinel");
        var placed = await TestOrders.PlaceAsync(_worker.Services, sentinel);
        await _worker.WaitForStateAsync(await _worker.JobForOrderAsync(placed.OrderNumber!), "Succeeded");
        await _inbox.WaitForAsync(sentinel);

        await using var scope = _worker.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        Assert.False(await db.Orders.AnyAsync(o => o.Email == doomed));
        Assert.Equal(0, await db.Database.SqlQuery<int>($"""
            select count(*)::int as "Value" from outbox_messages m
            where m.kind = 'order-confirmation' and not exists (select 1 from orders o where o.number = m.payload->>'orderNumber')
            """).SingleAsync());
        Assert.Empty(await _inbox.ToAsync(doomed));
    }

    [Fact]
    public async Task SmtpDown_OrderEmailIsRetried_AndArrivesOnceWhenSmtpIsBack()
    {
        var email = TestOrders.NewRecipient("outage");
        await Platform.RunPlatformAsync("stop-smtp");
        string jobId;
        try
        {
            var placed = await TestOrders.PlaceAsync(_worker.Services, email);
            jobId = await _worker.JobForOrderAsync(placed.OrderNumber!);
            // At least one attempt failed against the stopped server and was scheduled for a retry.
            await _worker.WaitForStateAsync(jobId, "Scheduled");
            Assert.Contains(_worker.History(jobId), h => h.StateName == "Failed" || (h.Reason ?? "").Contains("Retry", StringComparison.OrdinalIgnoreCase));
        }
        finally
        {
            await Platform.RunPlatformAsync("start-smtp");
        }

        await _worker.WaitForStateAsync(jobId, "Succeeded", timeout: TimeSpan.FromSeconds(60));
        Assert.Single(await _inbox.WaitForAsync(email));
        Assert.True(_worker.History(jobId).Count(h => h.StateName == "Processing") >= 2);
    }

    [Fact]
    public async Task JobRunAgainAfterTheSend_SendsNoSecondEmail()
    {
        var email = TestOrders.NewRecipient("rerun");
        var placed = await TestOrders.PlaceAsync(_worker.Services, email);
        var jobId = await _worker.JobForOrderAsync(placed.OrderNumber!);
        await _worker.WaitForStateAsync(jobId, "Succeeded");
        await _inbox.WaitForAsync(email);

        // A worker that died after the SMTP server took the message, before Hangfire recorded success,
        // runs the job again: the same job, from the start.
        Assert.True(new BackgroundJobClient(_worker.Storage).Requeue(jobId));
        await _worker.WaitForStateAsync(jobId, "Succeeded", times: 2);
        // And a second dispatch of the same outbox row (a dispatcher that died before its commit).
        var again = new BackgroundJobClient(_worker.Storage).Enqueue<OrderEmailJobs>(j => j.SendOrderConfirmationAsync(placed.OrderNumber!, CancellationToken.None));
        await _worker.WaitForStateAsync(again, "Succeeded");

        Assert.Single(await _inbox.ToAsync(email));
        await using var scope = _worker.Services.CreateAsyncScope();
        var ledger = await scope.ServiceProvider.GetRequiredService<ShopDbContext>().SentEmails.SingleAsync(e => e.Key == OrderEmailJobs.ConfirmationKey(placed.OrderNumber!));
        Assert.Equal(SentEmailStatus.Sent, ledger.Status);
        Assert.Equal(1, ledger.Attempts);
    }

    [Fact]
    public async Task InvalidEmail_FailsAtOnceWithItsReason_AndTheNextOrderIsStillSent()
    {
        var placed = await TestOrders.PlaceAsync(_worker.Services, "not an e-mail address");
        Assert.Equal(CheckoutOutcome.Placed, placed.Outcome);
        var next = TestOrders.NewRecipient("after-invalid");
        var nextOrder = await TestOrders.PlaceAsync(_worker.Services, next);

        var jobId = await _worker.JobForOrderAsync(placed.OrderNumber!);
        await _worker.WaitForStateAsync(jobId, "Failed");
        await _inbox.WaitForAsync(next);
        await _worker.WaitForStateAsync(await _worker.JobForOrderAsync(nextOrder.OrderNumber!), "Succeeded");

        var history = _worker.History(jobId);
        Assert.Equal("Failed", history[0].StateName);
        Assert.Single(history, h => h.StateName == "Processing");
        Assert.DoesNotContain(history, h => h.StateName == "Scheduled");
        await using var scope = _worker.Services.CreateAsyncScope();
        var ledger = await scope.ServiceProvider.GetRequiredService<ShopDbContext>().SentEmails.SingleAsync(e => e.Key == OrderEmailJobs.ConfirmationKey(placed.OrderNumber!));
        Assert.Equal(SentEmailStatus.Rejected, ledger.Status);
        Assert.Contains("not a valid e-mail address", ledger.Error, StringComparison.Ordinal);
        using var connection = _worker.Storage.GetConnection();
        Assert.Null(connection.GetJobParameter(jobId, "RetryCount"));
    }

    public void Dispose() => _inbox.Dispose();
}
