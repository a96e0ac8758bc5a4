using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace PeakShop.Infrastructure.Data.Replicas;

/// <summary>
/// After a write commits, asks the primary for its WAL position and records it on the caller's
/// <see cref="ReadConsistency"/>. It must run after the commit: a position read inside the
/// transaction (or batched with the insert) is before the commit record.
/// </summary>
public sealed class WalPositionInterceptor : DbTransactionInterceptor, ISaveChangesInterceptor
{
    // Keyed weakly: a context that is disposed mid-transaction takes its mark with it.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ShopDbContext, object> PendingContexts = new();

    int ISaveChangesInterceptor.SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (OnSaved(eventData.Context) is { } context)
        {
            Capture(context);
        }
        return result;
    }

    async ValueTask<int> ISaveChangesInterceptor.SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken)
    {
        if (OnSaved(eventData.Context) is { } context)
        {
            await CaptureAsync(context, cancellationToken);
        }
        return result;
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (TakePending(eventData.Context) is { } context)
        {
            Capture(context);
        }
    }

    public override async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (TakePending(eventData.Context) is { } context)
        {
            await CaptureAsync(context, cancellationToken);
        }
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) =>
        TakePending(eventData.Context);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TakePending(eventData.Context);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Records the primary's position for a write that bypassed SaveChanges (ExecuteUpdate, raw SQL)
    /// outside an explicit transaction.
    /// </summary>
    public static Task RecordWriteAsync(ShopDbContext context, CancellationToken cancellationToken = default) =>
        CaptureAsync(context, cancellationToken);

    /// <summary>Returns the context to capture now, or marks it pending until its transaction commits.</summary>
    private static ShopDbContext? OnSaved(DbContext? context)
    {
        if (context is not ShopDbContext { Consistency: not null } shop || context is ShopReadDbContext)
        {
            return null;
        }
        if (shop.Database.CurrentTransaction is not null)
        {
            PendingContexts.AddOrUpdate(shop, shop);
            return null;
        }
        return shop;
    }

    private static ShopDbContext? TakePending(DbContext? context) =>
        context is ShopDbContext shop && PendingContexts.Remove(shop) ? shop : null;

    private static void Capture(ShopDbContext context) =>
        CaptureAsync(context, CancellationToken.None).GetAwaiter().GetResult();

    private static async Task CaptureAsync(ShopDbContext context, CancellationToken cancellationToken)
    {
        if (context.Consistency is not { } consistency)
        {
            return;
        }
        var connection = (NpgsqlConnection)context.Database.GetDbConnection();
        var opened = false;
        if (connection.State != ConnectionState.Open)
        {
            await connection.OpenAsync(cancellationToken);
            opened = true;
        }
        try
        {
            await using var command = new NpgsqlCommand("select pg_current_wal_lsn()", connection);
            var lsn = (NpgsqlLogSequenceNumber)(await command.ExecuteScalarAsync(cancellationToken))!;
            consistency.RecordWrite(lsn);
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }
}
