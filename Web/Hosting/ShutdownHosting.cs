using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using PeakShop.Infrastructure.Health;

namespace PeakShop.Web.Hosting;

public sealed record ShutdownOptions
{
    public const string Section = "Shutdown";

    /// <summary>
    /// After SIGTERM the replica reports not-ready but keeps serving this long, so a load balancer or
    /// Kubernetes stops routing to it before it stops accepting connections.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan DrainDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Then in-flight requests get this long to finish before the process exits anyway. With the drain delay
    /// it makes the host's shutdown timeout: 30 s by default, what deploy/k8s's grace period is sized for.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestGrace { get; init; } = TimeSpan.FromSeconds(25);
}

/// <summary>
/// What a replica behind a load balancer needs: a graceful stop (drain, then finish in-flight requests)
/// and the client's address and scheme from <c>X-Forwarded-*</c>, trusted only from a proxy on loopback.
/// </summary>
public static class ShutdownHosting
{
    public static IHostApplicationBuilder AddShopReplicaLifecycle(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ShutdownOptions>()
            .BindConfiguration(ShutdownOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<DrainState>();
        builder.Services.AddHostedService<DrainOnStop>();
        builder.Services.AddHealthChecks()
            .AddCheck<DrainingHealthCheck>("draining", tags: [ShopHealthChecks.ReadyTag]);
        // The whole stop (drain delay included) must fit in the host's shutdown timeout.
        builder.Services.AddOptions<HostOptions>()
            .Configure<IOptions<ShutdownOptions>>((host, shutdown) =>
                host.ShutdownTimeout = shutdown.Value.DrainDelay + shutdown.Value.RequestGrace);

        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            // Only the local balancer (nginx on loopback) may say who the client is.
            options.KnownIPNetworks.Clear();
            options.KnownProxies.Clear();
            options.KnownProxies.Add(IPAddress.Loopback);
            options.KnownProxies.Add(IPAddress.IPv6Loopback);
            options.ForwardLimit = 1;
        });
        return builder;
    }
}

/// <summary>Set once the host begins to stop; readiness fails from then on.</summary>
internal sealed class DrainState
{
    private volatile bool _draining;

    public bool Draining => _draining;

    public void Begin() => _draining = true;
}

/// <summary>
/// Runs before Kestrel stops (the host calls every <see cref="IHostedLifecycleService.StoppingAsync"/> before
/// any <c>StopAsync</c>): flips readiness and waits the drain delay while the server keeps serving.
/// Kestrel then finishes in-flight requests within the rest of the shutdown timeout.
/// </summary>
internal sealed class DrainOnStop(DrainState state, IOptions<ShutdownOptions> options, TimeProvider time, ILogger<DrainOnStop> logger)
    : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        state.Begin();
        var delay = options.Value.DrainDelay;
        logger.LogInformation("Stopping: readiness fails now; serving for {DrainDelay} more before closing", delay);
        if (delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(delay, time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

internal sealed class DrainingHealthCheck(DrainState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.Draining
            ? HealthCheckResult.Unhealthy("draining: this replica is stopping")
            : HealthCheckResult.Healthy("accepting traffic"));
}
