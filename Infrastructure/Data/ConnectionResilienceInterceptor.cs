using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PeakShop.Infrastructure.Data;

/// <summary>
/// Clears the connection pools, and Npgsql's cached host states, the first time a command finds its
/// connection dead: one request pays for a restart instead of one per idle pooled connection, and the
/// retry is not refused with "no suitable host" while Npgsql still counts the server as offline.
/// </summary>
public sealed class ConnectionResilienceInterceptor(ShopDataSources sources) : DbCommandInterceptor
{
    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) =>
        ClearIfBroken(eventData.Exception);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ClearIfBroken(eventData.Exception);
        return Task.CompletedTask;
    }

    private void ClearIfBroken(Exception exception)
    {
        if (DbFailures.IsBrokenConnection(exception))
        {
            sources.ClearPools();
            sources.ClearHostStates();
        }
    }
}
