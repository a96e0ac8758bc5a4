using Microsoft.EntityFrameworkCore;

namespace PeakShop.Infrastructure.Data;

/// <summary>
/// The read context: no tracking, served by a standby when one is healthy and has replayed
/// past the caller's last write; otherwise by the primary. Same model as <see cref="ShopDbContext"/>.
/// </summary>
public sealed class ShopReadDbContext(DbContextOptions<ShopReadDbContext> options) : ShopDbContext(options)
{
    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new InvalidOperationException("ShopReadDbContext is read-only; write through ShopDbContext.");

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("ShopReadDbContext is read-only; write through ShopDbContext.");
}
