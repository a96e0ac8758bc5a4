using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using PeakShop.Infrastructure.Jobs;

namespace PeakShop.Infrastructure.Health;

/// <summary>Readiness settings (section <c>Health</c>).</summary>
public sealed record HealthOptions
{
    public const string Section = "Health";

    /// <summary>A Hangfire queue holding more enqueued (not yet fetched) jobs than this makes readiness Degraded.</summary>
    [Range(1, int.MaxValue)]
    public int QueueDepthDegraded { get; set; } = 1000;

    /// <summary>How long one depth reading is reused: every replica's probe must not become a load on the primary.</summary>
    public TimeSpan QueueDepthCacheDuration { get; set; } = TimeSpan.FromSeconds(5);
}

public static class QueueDepthHealthChecks
{
    /// <summary>
    /// Adds the <c>queues</c> readiness check: the Hangfire queue depth on the primary, Degraded (never Unhealthy)
    /// above <c>Health:QueueDepthDegraded</c>. Needs the Hangfire client (<c>AddShopJobsClient</c>).
    /// </summary>
    public static IHealthChecksBuilder AddQueueDepthCheck(this IHealthChecksBuilder checks)
    {
        checks.Services.AddOptions<HealthOptions>()
            .BindConfiguration(HealthOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        checks.Services.AddSingleton<QueueDepthProbe>();
        return checks.AddCheck<QueueDepthHealthCheck>("queues", tags: [ShopHealthChecks.ReadyTag]);
    }
}

/// <summary>Enqueued jobs per queue, and jobs being processed (fetched by a worker), read at one moment.</summary>
internal sealed record QueueDepth(IReadOnlyDictionary<string, long> Enqueued, long Fetched, DateTimeOffset ReadAt);

/// <summary>
/// Reads the depth of Hangfire's queues (<c>jobqueue</c> rows not fetched yet: one indexed count grouped by queue)
/// at most once per <see cref="HealthOptions.QueueDepthCacheDuration"/>, however many probes ask.
/// </summary>
internal sealed class QueueDepthProbe(JobStorageConnection connection, IOptions<JobsOptions> jobs, IOptions<HealthOptions> health, TimeProvider time)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private QueueDepth? _last;

    public async Task<QueueDepth> ReadAsync(CancellationToken cancellationToken)
    {
        if (Fresh(_last) is { } cached)
        {
            return cached;
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (Fresh(_last) is { } again)
            {
                return again;
            }
            await using var db = connection.GetOrCreateConnection();
            await db.OpenAsync(cancellationToken);
            // The schema name is validated by JobsOptions (a plain identifier), so it can be spliced in.
            await using var command = new NpgsqlCommand(
                $"select queue, count(*) filter (where fetchedat is null), count(*) filter (where fetchedat is not null) from {jobs.Value.Schema}.jobqueue group by queue",
                db)
            {
                CommandTimeout = 3,
            };
            var enqueued = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var queue in JobQueues.All)
            {
                enqueued[queue] = 0;
            }
            long fetched = 0;
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    enqueued[reader.GetString(0)] = reader.GetInt64(1);
                    fetched += reader.GetInt64(2);
                }
            }
            return _last = new QueueDepth(enqueued, fetched, time.GetUtcNow());
        }
        finally
        {
            _gate.Release();
        }
    }

    private QueueDepth? Fresh(QueueDepth? depth) =>
        depth is not null && time.GetUtcNow() - depth.ReadAt < health.Value.QueueDepthCacheDuration ? depth : null;
}

/// <summary>
/// A deep queue means the Jobs workers are behind (or down): e-mails and reports arrive late. It is Degraded, not
/// Unhealthy, because a Web replica only enqueues: it still serves shoppers and takes orders (their e-mail waits
/// durably in the queue), and taking every replica out of the balancer for a slow worker would turn late e-mail into
/// a shop that is down. Alerting on Degraded (or on the depth) is the operator's signal to add workers.
/// </summary>
internal sealed class QueueDepthHealthCheck(QueueDepthProbe probe, IOptions<HealthOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        QueueDepth depth;
        try
        {
            depth = await probe.ReadAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            // The primary check reports an unreachable primary; this one only says the depth is unknown.
            return HealthCheckResult.Degraded("queue depth unknown", ex);
        }
        var threshold = options.Value.QueueDepthDegraded;
        var data = new Dictionary<string, object>
        {
            ["enqueued"] = depth.Enqueued,
            ["total"] = depth.Enqueued.Values.Sum(),
            ["processing"] = depth.Fetched,
            ["threshold"] = threshold,
            ["readAt"] = depth.ReadAt,
        };
        var deep = depth.Enqueued.Where(q => q.Value > threshold).Select(q => $"{q.Key} {q.Value}").ToArray();
        return deep.Length == 0
            ? HealthCheckResult.Healthy($"queues within {threshold}", data)
            : HealthCheckResult.Degraded($"jobs are waiting: {string.Join(", ", deep)} enqueued (threshold {threshold})", data: data);
    }
}
