using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace PeakShop.Infrastructure.Data.Replicas;

/// <summary>
/// Retries a read once or twice when its server went away. The first retry is immediate: a standby
/// that stopped breaks idle pooled connections (57P01) and Npgsql then marks it offline, so the
/// retry lands on the primary and the shopper sees no error.
/// </summary>
internal sealed class ReadReplicaExecutionStrategy(ExecutionStrategyDependencies dependencies)
    : ExecutionStrategy(dependencies, maxRetryCount: 2, maxRetryDelay: TimeSpan.FromMilliseconds(250))
{
    protected override bool ShouldRetryOn(Exception exception) => exception switch
    {
        // admin_shutdown, crash_shutdown, cannot_connect_now: the server is stopping or starting.
        PostgresException pg => pg.IsTransient || pg.SqlState is "57P01" or "57P02" or "57P03",
        NpgsqlException npgsql => npgsql.IsTransient,
        TimeoutException => true,
        _ => false,
    };

    protected override TimeSpan? GetNextDelay(Exception lastException)
    {
        var delay = base.GetNextDelay(lastException);
        return delay is null ? null : ExceptionsEncountered.Count <= 1 ? TimeSpan.Zero : delay;
    }
}
