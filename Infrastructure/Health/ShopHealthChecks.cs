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

/// <summary>The primary is required: without it no order can be placed.</summary>
internal sealed class PrimaryHealthCheck(ShopDataSources sources) : IHealthCheck
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
                    return HealthCheckResult.Unhealthy("primary unreachable", ex);
                }
                sources.ClearPools();
            }
        }
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
