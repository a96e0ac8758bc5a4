using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Data;
using PeakShop.Infrastructure.Mail;
using PeakShop.Infrastructure.Ordering.Checkout;
using PeakShop.Testing;
using Xunit.Abstractions;

namespace PeakShop.Integration.Tests.Jobs;

/// <summary>
/// A real Jobs process told to stop (SIGTERM, as on a rolling update) while an order e-mail job is stuck on a frozen
/// SMTP server: the job's CancellationToken fires, the job releases its ledger reservation, Hangfire puts the job
/// back at the head of its queue, and the process exits 0 within its shutdown timeout. The invisibility timeout is
/// long here, so the job can only be back because the stop requeued it; a second Jobs process then sends the e-mail once.
/// </summary>
public sealed class GracefulStopTests(ShopFactory factory, ITestOutputHelper output) : IClassFixture<ShopFactory>, IDisposable
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    private readonly MailInbox _inbox = new();

    private static readonly Dictionary<string, string> Settings = new()
    {
        // Far beyond the test: a job that comes back did not come back through the invisibility timeout.
        ["Jobs__InvisibilityTimeout"] = "00:30:00",
        ["Jobs__SendingLease"] = "00:30:00",
        ["Jobs__ShutdownTimeout"] = "00:00:05",
        ["Jobs__QueuePollInterval"] = "00:00:00.200",
        ["Jobs__OutboxPollInterval"] = "00:00:00.100",
        ["Jobs__RetryDelaysSeconds"] = "1,1,1",
    };

    [Fact]
    public async Task Sigterm_MidJob_ExitsZeroWithinShutdownTimeout_RequeuesTheJob_WhichAnotherWorkerCompletes()
    {
        var email = TestOrders.NewRecipient("sigterm");
        await using var first = await JobsProcess.StartAsync(Settings, output);
        await factory.WaitForNoWaitingJobsAsync();

        CheckoutResult placed;
        TimeSpan stoppedAfter;
        await Platform.SignalSmtpAsync("STOP");
        try
        {
            placed = await TestOrders.PlaceAsync(factory.Services, email);
            Assert.Equal(CheckoutOutcome.Placed, placed.Outcome);
            var key = OrderEmailJobs.ConfirmationKey(placed.OrderNumber!);
            await factory.WaitForAsync(async db => await db.SentEmails.AnyAsync(e => e.Key == key && e.Status == SentEmailStatus.Sending));
            Assert.Equal("Processing", (await JobAsync(placed.OrderNumber!)).State);

            stoppedAfter = await first.TerminateAsync(ShutdownTimeout + TimeSpan.FromSeconds(10));
        }
        finally
        {
            await Platform.SignalSmtpAsync("CONT");
        }
        output.WriteLine($"stopped after {stoppedAfter.TotalSeconds:0.0} s");
        Assert.Equal(0, first.ExitCode);

        // Back in its queue, waiting for a worker: not Failed, not Succeeded, not lost.
        var requeued = await JobAsync(placed.OrderNumber!);
        Assert.Equal("critical", requeued.Queue);
        Assert.False(requeued.Fetched, "the job is still marked as fetched by the stopped worker");
        Assert.DoesNotContain(requeued.State, new[] { "Failed", "Succeeded", "Deleted" });
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var ledger = await scope.ServiceProvider.GetRequiredService<ShopDbContext>().SentEmails.AsNoTracking()
                .SingleAsync(e => e.Key == OrderEmailJobs.ConfirmationKey(placed.OrderNumber!));
            // The cancelled attempt released its reservation, so the next attempt need not wait for the 30-minute lease.
            Assert.Equal(SentEmailStatus.Failed, ledger.Status);
        }
        Assert.Empty(await _inbox.ToAsync(email));

        await using var second = await JobsProcess.StartAsync(Settings, output);
        var messages = await _inbox.WaitForAsync(email, timeout: TimeSpan.FromSeconds(45));
        Assert.Contains(placed.OrderNumber!, Assert.Single(messages).Subject, StringComparison.Ordinal);
        await factory.WaitForAsync(async db => await db.SentEmails.AnyAsync(e => e.Key == OrderEmailJobs.ConfirmationKey(placed.OrderNumber!) && e.Status == SentEmailStatus.Sent));
        Assert.Equal("Succeeded", (await JobAsync(placed.OrderNumber!)).State);
    }

    public void Dispose() => _inbox.Dispose();

    private sealed record HangfireJob(string State, string? Queue, bool Fetched);

    /// <summary>The order's confirmation job: its state, and its queue entry if it has one.</summary>
    private static async Task<HangfireJob> JobAsync(string orderNumber)
    {
        await using var admin = Platform.Admin("primary", "peakshop");
        await using var command = admin.CreateCommand("""
            select j.statename, q.queue, q.fetchedat is not null
            from hangfire.job j left join hangfire.jobqueue q on q.jobid = j.id
            where j.invocationdata::text like '%SendOrderConfirmationAsync%' and j.arguments::text like '%' || $1 || '%'
            """);
        command.Parameters.AddWithValue(orderNumber);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no confirmation job for {orderNumber}");
        var job = new HangfireJob(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), !reader.IsDBNull(2) && reader.GetBoolean(2));
        Assert.False(await reader.ReadAsync(), $"more than one confirmation job for {orderNumber}");
        return job;
    }
}
