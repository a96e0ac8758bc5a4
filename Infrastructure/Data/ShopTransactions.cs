using Microsoft.EntityFrameworkCore;

namespace PeakShop.Infrastructure.Data;

public static class ShopTransactions
{
    /// <summary>
    /// Runs <paramref name="work"/> in one transaction on the primary through the retrying execution strategy, with a
    /// fresh context per attempt (a retry must not see the tracked state of the failed one). Commits when
    /// <paramref name="commit"/> says so for the result (always, when omitted); otherwise disposing rolls back.
    /// </summary>
    public static async Task<T> InTransactionAsync<T>(this IDbContextFactory<ShopDbContext> contexts,
        Func<ShopDbContext, CancellationToken, Task<T>> work, Func<T, bool>? commit = null, CancellationToken cancellationToken = default)
    {
        await using var outer = await contexts.CreateDbContextAsync(cancellationToken);
        return await outer.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var result = await work(db, ct);
            if (commit?.Invoke(result) ?? true)
            {
                await transaction.CommitAsync(ct);
            }
            return result;
        }, cancellationToken);
    }
}
