using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Data;
using PeakShop.Infrastructure.Mail;
using PeakShop.Infrastructure.Ordering.Checkout;
using PeakShop.Testing;
using Xunit.Abstractions;

namespace PeakShop.Integration.Tests.Jobs;

/// <summary>
/// A real Jobs process killed with SIGKILL in the middle of sending an order e-mail (the SMTP server hangs, so
/// the job is mid-send): a second Jobs process picks the job up once its invisibility timeout passes, takes
/// over the abandoned ledger reservation and delivers the message — once.
/// </summary>
public sealed class WorkerKillTests(ShopFactory factory, ITestOutputHelper output) : IClassFixture<ShopFactory>, IDisposable
{
    private readonly MailInbox _inbox = new();

    /// <summary>Short timeouts so the takeover happens within the test (production keeps minutes).</summary>
    private static readonly Dictionary<string, string> FastRecovery = new()
    {
        ["Jobs__InvisibilityTimeout"] = "00:00:03",
        ["Jobs__SendingLease"] = "00:00:02",
        ["Jobs__QueuePollInterval"] = "00:00:00.200",
        ["Jobs__OutboxPollInterval"] = "00:00:00.100",
        ["Jobs__RetryDelaysSeconds"] = "1,1,1",
        ["Jobs__ShutdownTimeout"] = "00:00:02",
    };

    [Fact]
    public async Task WorkerKilledMidSend_TheJobCompletesOnAnotherWorker_WithOneEmail()
    {
        var email = TestOrders.NewRecipient("killed");
        await using var first = await JobsProcess.StartAsync(FastRecovery, output);
        await factory.WaitForNoWaitingJobsAsync();
        CheckoutResult placed;
        await Platform.SignalSmtpAsync("STOP");
        try
        {
            placed = await TestOrders.PlaceAsync(factory.Services, email);
            Assert.Equal(CheckoutOutcome.Placed, placed.Outcome);
            // The worker has reserved the message in the ledger and is stuck talking to the frozen server.
            await factory.WaitForAsync(async db => await db.SentEmails.AnyAsync(e => e.Key == OrderEmailJobs.ConfirmationKey(placed.OrderNumber!) && e.Status == SentEmailStatus.Sending));
            first.Kill();
        }
        finally
        {
            await Platform.SignalSmtpAsync("CONT");
        }

        await using var second = await JobsProcess.StartAsync(FastRecovery, output);
        await factory.WaitForAsync(async db => await db.SentEmails.AnyAsync(e => e.Key == OrderEmailJobs.ConfirmationKey(placed.OrderNumber!) && e.Status == SentEmailStatus.Sent),
            TimeSpan.FromSeconds(45));

        var messages = await _inbox.WaitForAsync(email);
        Assert.Contains(placed.OrderNumber!, Assert.Single(messages).Subject, StringComparison.Ordinal);
        await using var scope = factory.Services.CreateAsyncScope();
        var ledger = await scope.ServiceProvider.GetRequiredService<ShopDbContext>().SentEmails.AsNoTracking()
            .SingleAsync(e => e.Key == OrderEmailJobs.ConfirmationKey(placed.OrderNumber!));
        Assert.Equal(2, ledger.Attempts);
        // Nothing else turns up afterwards: the abandoned attempt left no message behind.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(await _inbox.ToAsync(email));
    }

    public void Dispose() => _inbox.Dispose();
}
