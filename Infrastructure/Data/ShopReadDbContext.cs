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

    /// <summary>
    /// Moves this context to the primary before a retry: a standby that broke or froze under a read is
    /// not asked again (the replica monitor takes it out of rotation for later requests).
    /// </summary>
    internal void MoveToPrimary()
    {
        if (!_onPrimary)
        {
            Router?.MoveToPrimary(this);
        }
    }

    /// <summary>Gives this lease its connection, from the data source the router chose.</summary>
    internal void Connect(NpgsqlDataSource source, bool onPrimary)
    {
        Database.SetDbConnection(source.CreateConnection(), contextOwnsConnection: true);
        _onPrimary = onPrimary;
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new InvalidOperationException("ShopReadDbContext is read-only; write through ShopDbContext.");

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("ShopReadDbContext is read-only; write through ShopDbContext.");
}
