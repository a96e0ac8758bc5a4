using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PeakShop.Infrastructure.Data.Replicas;

/// <summary>
/// Tells a read context whether its last failure happened while opening the connection. Npgsql spells a statement
/// that ran past its command timeout and a server that did not answer the connect the same way (an
/// <c>NpgsqlException</c> around a <c>TimeoutException</c>), and only the second means the server is down: a slow
/// query on a busy primary must not switch the shop to read-only mode.
/// </summary>
internal sealed class ConnectAttemptInterceptor : DbConnectionInterceptor
{
    public override void ConnectionFailed(DbConnection connection, ConnectionErrorEventData eventData) =>
        Mark(eventData.Context, failed: true);

    public override Task ConnectionFailedAsync(DbConnection connection, ConnectionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Mark(eventData.Context, failed: true);
        return Task.CompletedTask;
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) =>
        Mark(eventData.Context, failed: false);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Mark(eventData.Context, failed: false);
        return Task.CompletedTask;
    }

    private static void Mark(DbContext? context, bool failed)
    {
        if (context is ShopReadDbContext read)
        {
            read.ConnectFailed = failed;
        }
    }
}
