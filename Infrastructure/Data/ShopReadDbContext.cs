using Microsoft.EntityFrameworkCore;
using Npgsql;
using PeakShop.Infrastructure.Data.Replicas;

namespace PeakShop.Infrastructure.Data;

/// <summary>
/// The read context: no tracking, served by a standby when one is healthy and has replayed
/// past the caller's last write; otherwise by the primary. Same model as <see cref="ShopDbContext"/>.
/// </summary>
public sealed class ShopReadDbContext(DbContextOptions<ShopReadDbContext> options) : ShopDbContext(options)
{
    private bool _onPrimary;

    /// <summary>The router that leased this context (set on every lease); it moves a failed read to the primary.</summary>
    internal ReadRouter? Router { get; set; }

    /// <summary>Set by <see cref="ConnectAttemptInterceptor"/>: the last attempt failed to open its connection.</summary>
    internal bool ConnectFailed { get; set; }

    /// <summary>
    /// Moves this context before a retry: a standby that broke or froze under a read is not asked again
    /// (the replica monitor takes it out of rotation for later requests), and a primary that refuses connections
    /// hands the read to a standby (the monitor then routes every read there until the primary is back; a primary
    /// that only timed out is left to the monitor to judge). A broken
    /// pooled connection to the primary is retried there: the pools were cleared, a fresh connection will do. So is
    /// a statement that timed out on a primary that did connect: a busy primary is not a lost one.
    /// </summary>
    internal void Reroute(Exception failure)
    {
        if (!_onPrimary)
        {
            Router?.MoveToPrimary(this);
        }
        else if (ConnectFailed && DbFailures.IsConnectFailure(failure))
        {
            // A refused connection says the primary is down; a connect that timed out may be a busy primary, which
            // the replica monitor judges (it allows a slow primary a grace): this read goes to a standby either way.
            Router?.MoveToStandby(this, primaryDown: !DbFailures.IsTimeoutOnly(failure));
        }
    }

    /// <summary>Gives this lease its connection, from the data source the router chose.</summary>
    internal void Connect(NpgsqlDataSource source, bool onPrimary)
    {
        Database.SetDbConnection(source.CreateConnection(), contextOwnsConnection: true);
        _onPrimary = onPrimary;
        ConnectFailed = false;
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new InvalidOperationException("ShopReadDbContext is read-only; write through ShopDbContext.");

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("ShopReadDbContext is read-only; write through ShopDbContext.");
}
