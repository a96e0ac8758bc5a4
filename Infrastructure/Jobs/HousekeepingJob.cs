using System.ComponentModel;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PeakShop.Infrastructure.Cart;
using PeakShop.Infrastructure.Data;
using StackExchange.Redis;

namespace PeakShop.Infrastructure.Jobs;

public sealed record PurgeResult(int LedgerKeys, int OutboxRows, int Reports, int CartsGivenExpiry, int CartsDeleted);

/// <summary>
/// Recurring clean-up. Expired e-mail idempotency keys (the ledger), dispatched outbox rows and old reports go.
/// Checkout idempotency keys live on their orders (<c>orders.idempotency_key</c>) and go with them, never on
/// their own. Carts already expire in Redis 30 days after their last change; what can still go stale is a cart
/// key without an expiry (written by an older build or by hand) or one whose value is no cart: those get
/// their expiry, or are deleted.
/// </summary>
public sealed partial class HousekeepingJob(
    ShopDbContext db,
    IConnectionMultiplexer redis,
    IOptions<JobsOptions> options,
    TimeProvider time,
    ILogger<HousekeepingJob> logger)
{
    [Queue(JobQueues.Default)]
    [DisplayName("Purge expired keys, outbox rows, reports and stale carts")]
    public async Task<PurgeResult> PurgeAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var settings = options.Value;
        var ledger = await db.SentEmails.Where(e => e.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
        var outboxBefore = now - settings.OutboxRetention;
        var outbox = await db.OutboxMessages.Where(m => m.DispatchedAt != null && m.DispatchedAt < outboxBefore).ExecuteDeleteAsync(cancellationToken);
        var reportsBefore = now - settings.ReportRetention;
        var reports = await db.Reports.Where(r => r.RequestedAt < reportsBefore).ExecuteDeleteAsync(cancellationToken);
        var (expired, deleted) = await PurgeCartsAsync(cancellationToken);
        var result = new PurgeResult(ledger, outbox, reports, expired, deleted);
        LogPurged(logger, result);
        return result;
    }

    private async Task<(int Expired, int Deleted)> PurgeCartsAsync(CancellationToken cancellationToken)
    {
        int expired = 0, deleted = 0;
        var database = redis.GetDatabase();
        foreach (var endpoint in redis.GetEndPoints())
        {
            var server = redis.GetServer(endpoint);
            if (!server.IsConnected || server.IsReplica)
            {
                continue;
            }
            await foreach (var key in server.KeysAsync(pattern: CartStore.KeyPrefix + "*", pageSize: 500).WithCancellation(cancellationToken))
            {
                var type = await database.KeyTypeAsync(key);
                if (type != RedisType.Hash)
                {
                    deleted += await database.KeyDeleteAsync(key) ? 1 : 0;
                }
                else if (await database.KeyTimeToLiveAsync(key) is null)
                {
                    expired += await database.KeyExpireAsync(key, CartStore.Lifetime) ? 1 : 0;
                }
            }
        }
        return (expired, deleted);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Housekeeping: {Result}")]
    private static partial void LogPurged(ILogger logger, PurgeResult result);
}
