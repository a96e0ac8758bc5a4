using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PeakShop.Infrastructure.Data.Replicas;

namespace PeakShop.Infrastructure.Data;

/// <summary>
/// Refuses to open a write connection while the replica monitor sees no primary: a checkout or a staff save
/// then answers 503 at once, instead of after connect timeouts and three retries (ADR 19). Before refusing it
/// probes again when the monitor's last look is older than <see cref="Fresh"/>, so the first write after the
/// primary's return goes through rather than waiting for the next round.
/// </summary>
public sealed class PrimaryAvailabilityInterceptor(StandbyMonitor monitor, TimeProvider time) : DbConnectionInterceptor
{
    /// <summary>Bounds the probes a flood of refused writes can cause: one per this interval at most.</summary>
    private static readonly TimeSpan Fresh = TimeSpan.FromMilliseconds(25);

    public override InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        ThrowIfPrimaryDown(monitor.Current);
        return result;
    }

    public override async ValueTask<InterceptionResult> ConnectionOpeningAsync(
        DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        var state = monitor.Current;
        if (state.PrimaryDown && time.GetUtcNow() - state.ObservedAt > Fresh)
        {
            state = await monitor.RefreshAsync(cancellationToken);
        }
        ThrowIfPrimaryDown(state);
        return result;
    }

    private static void ThrowIfPrimaryDown(ReplicaSnapshot state)
    {
        if (state.PrimaryDown)
        {
            throw new PrimaryUnavailableException(state.Reason);
        }
    }
}
