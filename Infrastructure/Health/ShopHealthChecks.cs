using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using PeakShop.Infrastructure.Data;
using PeakShop.Infrastructure.Data.Replicas;
using StackExchange.Redis;

namespace PeakShop.Infrastructure.Health;

public static class ShopHealthChecks
{
    /// <summary>Checks that decide whether this process should receive traffic.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Writes each check's status and data as JSON, so an operator sees why a replica is degraded.</summary>
    public static Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description, data = e.Value.Data }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body), context.RequestAborted);
    }
}

/// <summary>
/// Without the primary no order can be placed, but a standby still serves the catalog, search and carts: then
/// the replica is Degraded (200, stays in the balancer, writes answer a 503 page). Unhealthy only when no
/// server answers at all (ADR 19).
/// </summary>
internal sealed class PrimaryHealthCheck(ShopDataSources sources, StandbyMonitor monitor) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // Two tries: after a restart the first pooled connection is dead, and that says nothing about the primary.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var command = sources.Primary.CreateCommand("select 1");
                command.CommandTimeout = 3;
                await command.ExecuteScalarAsync(cancellationToken);
                return HealthCheckResult.Healthy("primary answers");
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                if (attempt == 2 || !DbFailures.IsBrokenConnection(ex))
                {
                    return await StandbyAnswersAsync(cancellationToken)
                        ? HealthCheckResult.Degraded("primary unreachable: reads on the standby, writes refused (503)", ex)
                        : HealthCheckResult.Unhealthy("primary unreachable and no standby answers", ex);
                }
                sources.ClearPools();
            }
        }
    }

    private async Task<bool> StandbyAnswersAsync(CancellationToken cancellationToken)
    {
        var state = await monitor.RefreshAsync(cancellationToken);
        return state.Hosts.Any(h => h.Reachable && h.InRecovery);
    }
}

/// <summary>A missing or lagging standby costs capacity, not correctness: reads fall back to the primary.</summary>
internal sealed class StandbyHealthCheck(StandbyMonitor monitor) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var state = monitor.Current;
        var data = new Dictionary<string, object>
        {
            ["lagMs"] = state.StandbyLag?.TotalMilliseconds ?? -1,
            ["observedAt"] = state.ObservedAt,
            ["hosts"] = state.Hosts.Select(h => $"{h.Endpoint} {(h.Reachable ? h.InRecovery ? "standby" : "primary" : "down")}").ToArray(),
        };
        return Task.FromResult(state.StandbyUsable
            ? HealthCheckResult.Healthy("standby serving reads", data)
            : HealthCheckResult.Degraded($"reads on primary: {state.Reason}", data: data));
    }
}

internal sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await redis.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            return HealthCheckResult.Healthy($"ping {latency.TotalMilliseconds:0.0} ms");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return HealthCheckResult.Degraded("redis unreachable", ex);
        }
    }
}
