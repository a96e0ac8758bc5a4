using Microsoft.EntityFrameworkCore.Storage;

namespace PeakShop.Infrastructure.Data.Replicas;

/// <summary>
/// Retries a read when its server went away or froze, on the other role and at once: a stopped standby
/// breaks idle pooled connections (57P01), a frozen one times out, and a stopped primary refuses the
/// connection of a caller who had been reading there. The shopper sees no error, and the replica monitor
/// routes around the failed server for everyone until its next good probe.
/// </summary>
internal sealed class ReadReplicaExecutionStrategy(ExecutionStrategyDependencies dependencies)
    : ExecutionStrategy(dependencies, maxRetryCount: 2, maxRetryDelay: TimeSpan.FromMilliseconds(250))
{
    protected override bool ShouldRetryOn(Exception exception) => DbFailures.IsTransient(exception);

    protected override void OnRetry()
    {
        if (Dependencies.CurrentContext.Context is ShopReadDbContext read && ExceptionsEncountered.Count > 0)
        {
            read.Reroute(ExceptionsEncountered[^1]);
        }
    }

    protected override TimeSpan? GetNextDelay(Exception lastException)
    {
        var delay = base.GetNextDelay(lastException);
        return delay is null ? null : ExceptionsEncountered.Count <= 1 ? TimeSpan.Zero : delay;
    }
}
