using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PeakShop.Infrastructure.Data.Replicas;

/// <summary>
/// Hands out read contexts: on a standby when one is usable and has replayed past the caller's
/// last write (causal read-your-writes), otherwise on the primary. Both pools are EF context pools.
/// </summary>
public sealed class ReadRouter
{
    private readonly StandbyMonitor _monitor;
    private readonly PooledDbContextFactory<ShopReadDbContext> _standby;
    private readonly PooledDbContextFactory<ShopReadDbContext> _primary;

    public ReadRouter(
        StandbyMonitor monitor,
        ShopDataSources sources,
        IOptions<DatabaseOptions> options,
        DbRoleInterceptor roleInterceptor,
        ILoggerFactory loggerFactory)
    {
        _monitor = monitor;
        _standby = new(BuildOptions(sources.PreferStandby, options.Value, roleInterceptor, loggerFactory));
        _primary = new(BuildOptions(sources.Primary, options.Value, roleInterceptor, loggerFactory));
    }

    /// <summary>Which role a read for this caller should use right now.</summary>
    public DbRole Choose(ReadConsistency consistency) => Decide(_monitor.Current, consistency);

    /// <summary>
    /// Standby only when it is usable and has replayed past everything this caller wrote;
    /// marks the caller's token satisfied once a standby has caught up with it.
    /// </summary>
    public static DbRole Decide(ReplicaSnapshot state, ReadConsistency consistency)
    {
        if (!state.StandbyUsable || state.StandbyReplayLsn is not { } replayed)
        {
            return DbRole.Primary;
        }
        if (consistency.EffectiveRequirement is { } required && replayed < required)
        {
            return DbRole.Primary;
        }
        if (consistency.RequiredLsn is { } token && replayed >= token)
        {
            consistency.RequirementSatisfied = true;
        }
        return DbRole.Standby;
    }

    public ShopReadDbContext CreateContext(ReadConsistency consistency)
    {
        var context = (Choose(consistency) == DbRole.Standby ? _standby : _primary).CreateDbContext();
        context.Consistency = consistency;
        return context;
    }

    private static DbContextOptions<ShopReadDbContext> BuildOptions(
        Npgsql.NpgsqlDataSource dataSource,
        DatabaseOptions options,
        DbRoleInterceptor roleInterceptor,
        ILoggerFactory loggerFactory)
    {
        var builder = new DbContextOptionsBuilder<ShopReadDbContext>()
            .UseNpgsql(dataSource, npgsql => npgsql
                .CommandTimeout(options.ReadCommandTimeoutSeconds)
                .ExecutionStrategy(dependencies => new ReadReplicaExecutionStrategy(dependencies)))
            .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking)
            .AddInterceptors(roleInterceptor)
            .UseLoggerFactory(loggerFactory);
        ShopModelOptions.Apply(builder);
        return builder.Options;
    }
}
