using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PeakShop.Infrastructure.Data.Replicas;

/// <summary>
/// Hands out read contexts from one EF context pool, each connected on lease: to a standby when one is
/// usable and has replayed past the caller's last write (causal read-your-writes), otherwise to the primary.
/// </summary>
public sealed class ReadRouter
{
    private readonly StandbyMonitor _monitor;
    private readonly ShopDataSources _sources;
    private readonly PooledDbContextFactory<ShopReadDbContext> _pool;

    public ReadRouter(
        StandbyMonitor monitor,
        ShopDataSources sources,
        IOptions<DatabaseOptions> options,
        DbRoleInterceptor roleInterceptor,
        ConnectionResilienceInterceptor resilienceInterceptor,
        ILoggerFactory loggerFactory)
    {
        _monitor = monitor;
        _sources = sources;
        _pool = new(BuildOptions(options.Value, roleInterceptor, resilienceInterceptor, loggerFactory));
    }

    /// <summary>Which role a read for this caller should use right now.</summary>
    public DbRole Choose(ReadConsistency consistency) => Decide(_monitor.Current, consistency);

    /// <summary>
    /// Standby only when it is usable and has replayed past everything this caller wrote;
    /// marks the caller's token satisfied once a standby has caught up with it. With the primary down a
    /// reachable standby serves everyone, recent writers too (their token stays for when the primary is back).
    /// </summary>
    public static DbRole Decide(ReplicaSnapshot state, ReadConsistency consistency)
    {
        if (!state.StandbyUsable || state.StandbyReplayLsn is not { } replayed)
        {
            return DbRole.Primary;
        }
        if (state.PrimaryDown)
        {
            return DbRole.Standby;
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
        var context = _pool.CreateDbContext();
        context.Consistency = consistency;
        context.Router = this;
        var onPrimary = Choose(consistency) == DbRole.Primary;
        context.Connect(onPrimary ? _sources.ReadPrimary : _sources.PreferStandby, onPrimary);
        return context;
    }

    /// <summary>Reconnects a context whose read failed on a standby to the primary, and tells the monitor.</summary>
    internal void MoveToPrimary(ShopReadDbContext context)
    {
        _monitor.ReportStandbyFailure();
        context.Database.CloseConnection();
        context.Connect(_sources.ReadPrimary, onPrimary: true);
    }

    /// <summary>
    /// Reconnects a context that could not reach the primary to a standby, so the caller's read is served (possibly
    /// stale) instead of failing; when the primary refused (<paramref name="primaryDown"/>) the monitor is told, so
    /// every read goes there before the next probe notices.
    /// </summary>
    internal void MoveToStandby(ShopReadDbContext context, bool primaryDown)
    {
        if (primaryDown)
        {
            _monitor.ReportPrimaryFailure();
        }
        context.Database.CloseConnection();
        context.Connect(_sources.PreferStandby, onPrimary: false);
    }

    private static DbContextOptions<ShopReadDbContext> BuildOptions(
        DatabaseOptions options,
        DbRoleInterceptor roleInterceptor,
        ConnectionResilienceInterceptor resilienceInterceptor,
        ILoggerFactory loggerFactory)
    {
        var builder = new DbContextOptionsBuilder<ShopReadDbContext>()
            // No connection here: each lease gets one from the role chosen for its caller.
            .UseNpgsql(npgsql => npgsql
                .CommandTimeout(options.ReadCommandTimeoutSeconds)
                .ExecutionStrategy(dependencies => new ReadReplicaExecutionStrategy(dependencies)))
            .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking)
            .AddInterceptors(roleInterceptor, resilienceInterceptor, new ConnectAttemptInterceptor())
            .UseLoggerFactory(loggerFactory);
        ShopModelOptions.Apply(builder);
        return builder.Options;
    }
}
