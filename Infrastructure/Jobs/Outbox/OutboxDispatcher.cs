using System.Text.Json;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PeakShop.Infrastructure.Data;
using PeakShop.Infrastructure.Mail;
using PeakShop.Infrastructure.Media;
using PeakShop.Infrastructure.Reports;
using PeakShop.Infrastructure.Telemetry;

namespace PeakShop.Infrastructure.Jobs.Outbox;

/// <summary>
/// Moves pending outbox rows to Hangfire. Rows are locked with <c>FOR UPDATE SKIP LOCKED</c>, so several Jobs
/// processes share the work without waiting on each other. A crash between the enqueue and the commit enqueues
/// the row again on the next pass: at least once, and every handler is idempotent (the e-mail ledger).
/// </summary>
public sealed partial class OutboxDispatcher(
    ShopDbContext db,
    IBackgroundJobClient jobs,
    IOptions<JobsOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger)
{
    /// <summary>Dispatches one batch; returns how many rows it handled.</summary>
    public async Task<int> DispatchBatchAsync(CancellationToken cancellationToken = default)
    {
        var limit = options.Value.OutboxBatchSize;
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var batch = await db.OutboxMessages
                .FromSql($"select * from outbox_messages where dispatched_at is null order by id limit {limit} for update skip locked")
                .ToListAsync(ct);
            if (batch.Count == 0)
            {
                await transaction.CommitAsync(ct);
                return 0;
            }
            var now = time.GetUtcNow();
            foreach (var message in batch)
            {
                try
                {
                    // The job joins the trace of the request that wrote the row, not the dispatcher's.
                    TraceContextJobFilter.RequestTraceParent = ShopOutbox.TraceParentOf(message);
                    message.JobId = Enqueue(message);
                }
                catch (Exception ex) when (ex is JsonException or NotSupportedException)
                {
                    // A row no handler can read would block nothing, but must not be retried forever.
                    message.Error = ex.Message;
                    LogUndispatchable(logger, message.Id, message.Kind, ex);
                }
                finally
                {
                    TraceContextJobFilter.RequestTraceParent = null;
                }
                message.DispatchedAt = now;
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return batch.Count;
        }, cancellationToken);
    }

    private string Enqueue(OutboxMessage message) => message.Kind switch
    {
        OutboxKinds.OrderConfirmation => Read<OrderConfirmationPayload>(message) is var p
            ? jobs.Enqueue<OrderEmailJobs>(j => j.SendOrderConfirmationAsync(p.OrderNumber, CancellationToken.None))
            : "",
        OutboxKinds.ShippingNotification => Read<ShippingNotificationPayload>(message) is var p
            ? jobs.Enqueue<OrderEmailJobs>(j => j.SendShippingNotificationAsync(p.OrderNumber, p.TrackingCode, CancellationToken.None))
            : "",
        OutboxKinds.SalesReport => Read<SalesReportPayload>(message) is var p
            ? jobs.Enqueue<SalesReportJob>(j => j.RunAsync(p.ReportId, CancellationToken.None))
            : "",
        OutboxKinds.MediaVariants => Read<MediaVariantsPayload>(message) is var p
            ? jobs.Enqueue<MediaVariantsJob>(j => j.RunAsync(p.AssetId, CancellationToken.None))
            : "",
        _ => throw new NotSupportedException($"unknown outbox kind '{message.Kind}'"),
    };

    private static T Read<T>(OutboxMessage message) =>
        JsonSerializer.Deserialize<T>(message.Payload, JsonSerializerOptions.Web)
            ?? throw new JsonException($"empty payload in outbox row {message.Id}");

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox row {Id} ({Kind}) cannot be dispatched; marked with its error")]
    private static partial void LogUndispatchable(ILogger logger, long id, string kind, Exception exception);
}
