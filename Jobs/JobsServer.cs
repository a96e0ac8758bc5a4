using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PeakShop.Infrastructure;
using PeakShop.Infrastructure.Jobs;
using PeakShop.Infrastructure.Jobs.Outbox;
using PeakShop.Infrastructure.Mail;
using PeakShop.Infrastructure.Media;
using PeakShop.Infrastructure.Reports;
using PeakShop.Infrastructure.Sitemap;

namespace PeakShop.Jobs;

public static class JobsServerRegistration
{
    /// <summary>
    /// The worker: a Hangfire server on queues critical, default, media, reports; the outbox dispatcher; the
    /// recurring jobs. Only the Jobs process (and tests that stand in for it) calls this; Web only enqueues.
    /// </summary>
    public static IHostApplicationBuilder AddShopJobsServer(this IHostApplicationBuilder builder)
    {
        builder.AddShopJobsClient();
        // The stored sitemap's links start with the same public address as Web's (one setting, Shop:PublicBaseUrl).
        builder.AddPublicSite();
        builder.Services.AddOptions<SmtpOptions>().ValidateOnStart();
        builder.Services.AddHangfireServer((sp, server) =>
        {
            var options = sp.GetRequiredService<IOptions<JobsOptions>>().Value;
            server.Queues = JobQueues.All;
            server.WorkerCount = options.WorkerCount;
            server.SchedulePollingInterval = options.SchedulePollingInterval;
            server.ShutdownTimeout = options.ShutdownTimeout;
            server.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
        });
        // Running jobs get ShutdownTimeout to finish (their CancellationToken fires), then the host stops.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.AddHostedService<OutboxDispatcherService>();
        builder.Services.AddHostedService<RecurringJobsRegistration>();
        return builder;
    }
}

/// <summary>Polls the outbox every <c>Jobs:OutboxPollInterval</c>; a full batch is followed at once by the next.</summary>
internal sealed partial class OutboxDispatcherService(
    IServiceScopeFactory scopes,
    IOptions<JobsOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcherService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var handled = 0;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                handled = await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchBatchAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The primary is down or failing over: the rows wait in the outbox; try again next round.
                LogFailed(logger, ex);
            }
            if (handled < options.Value.OutboxBatchSize)
            {
                try
                {
                    await Task.Delay(options.Value.OutboxPollInterval, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox dispatch failed; retrying")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

/// <summary>Declares the recurring jobs (idempotent: every Jobs process may do it at start).</summary>
internal sealed class RecurringJobsRegistration(IRecurringJobManager recurring) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var utc = new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc };
        recurring.AddOrUpdate<DailySalesSummaryJob>("daily-sales-summary", j => j.RunAsync(CancellationToken.None), "0 6 * * *", utc);
        recurring.AddOrUpdate<HousekeepingJob>("housekeeping", j => j.PurgeAsync(CancellationToken.None), "17 * * * *", utc);
        recurring.AddOrUpdate<MediaVariantsJob>("media-stuck", j => j.RequeueStuckAsync(CancellationToken.None), "*/10 * * * *", utc);
        recurring.AddOrUpdate<SitemapJob>("sitemap", j => j.RegenerateAsync(CancellationToken.None), "40 */6 * * *", utc);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
