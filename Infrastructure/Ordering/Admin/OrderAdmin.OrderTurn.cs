using Microsoft.EntityFrameworkCore;
using Npgsql;
using PeakShop.Infrastructure.Data;

namespace PeakShop.Infrastructure.Ordering.Admin;

public sealed partial class OrderAdmin
{
    /// <summary>
    /// A PostgreSQL session advisory lock on the order number, held on a connection with no transaction open, from the
    /// decision to the commit: two staff moves of one order take turns, so they never both ask the payment provider.
    /// Should the connection break, the lock goes with its session, and the version check of the write still holds.
    /// </summary>
    private sealed class OrderTurn(ShopDbContext db, string number) : IAsyncDisposable
    {
        // The two-key form, so these locks never meet a single-key advisory lock of anything else.
        private const int Kind = 0x4f524452;

        public ShopDbContext Db => db;

        public static async Task<OrderTurn> TakeAsync(IDbContextFactory<ShopDbContext> contexts, string number, CancellationToken cancellationToken)
        {
            var db = await contexts.CreateDbContextAsync(cancellationToken);
            try
            {
                await db.Database.OpenConnectionAsync(cancellationToken);
                await db.Database.ExecuteSqlAsync($"select pg_advisory_lock({Kind}, hashtext({number}))", cancellationToken);
                return new OrderTurn(db, number);
            }
            catch
            {
                await db.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await db.Database.ExecuteSqlAsync($"select pg_advisory_unlock({Kind}, hashtext({number}))", CancellationToken.None);
            }
            catch (Exception) when (db.Database.GetDbConnection() is NpgsqlConnection connection)
            {
                // A pooled connection keeps its session, and the lock with it: close this one for good instead.
                NpgsqlConnection.ClearPool(connection);
            }
            finally
            {
                await db.DisposeAsync();
            }
        }
    }
}
