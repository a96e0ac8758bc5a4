extern alias jobs;
using Hangfire;
using Hangfire.Storage.Monitoring;
using jobs::PeakShop.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PeakShop.Infrastructure;
using PeakShop.Infrastructure.Data;

namespace PeakShop.Integration.Tests.Jobs;

/// <summary>
/// The Jobs process as the tests run it: the same registrations as <c>Jobs run</c> (Hangfire server on the real
/// PostgreSQL, outbox dispatcher, real SMTP), in this process, with short polling intervals and retry delays.
/// </summary>
public sealed class JobsWorker : IAsyncLifetime
{
    public static readonly Dictionary<string, string?> TestSettings = new()
    {
        ["Jobs:QueuePollInterval"] = "00:00:00.100",
        ["Jobs:SchedulePollingInterval"] = "00:00:00.500",
        ["Jobs:OutboxPollInterval"] = "00:00:00.100",
        ["Jobs:RetryDelaysSeconds"] = "1,1,1,1,2,2,2,2,3,3",
        ["Jobs:WorkerCount"] = "4",
        ["Jobs:ShutdownTimeout"] = "00:00:05",
        ["Smtp:From"] = "PeakShop <shop@peakshop.test>",
        ["Shop:PublicBaseUrl"] = "http://127.0.0.1:8080",
    };

    private IHost? _host;

    public IServiceProvider Services => _host!.Services;

    public JobStorage Storage => Services.GetRequiredService<JobStorage>();

    public async Task InitializeAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(TestSettings);
        builder.AddShopInfrastructure();
        builder.AddShopJobsCommands();
        builder.AddShopJobsServer();
        _host = builder.Build();
        await _host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
    }

    /// <summary>The Hangfire job an outbox row became (after the dispatcher moved it).</summary>
    public async Task<string> JobForOrderAsync(string orderNumber, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            await using (var scope = Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
                var jobId = (await db.Database.SqlQuery<string>(
                    $"select job_id as \"Value\" from outbox_messages where kind = 'order-confirmation' and payload->>'orderNumber' = {orderNumber} and job_id is not null order by id limit 1")
                    .ToListAsync()).FirstOrDefault();
                if (jobId is not null)
                {
                    return jobId;
                }
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the outbox row of order {orderNumber} was not dispatched");
            }
            await Task.Delay(50);
        }
    }

    /// <summary>The job's state history, newest first.</summary>
    public IReadOnlyList<StateHistoryDto> History(string jobId) =>
        [.. Storage.GetMonitoringApi().JobDetails(jobId)?.History ?? []];

    public string? State(string jobId)
    {
        using var connection = Storage.GetConnection();
        return connection.GetStateData(jobId)?.Name;
    }

    /// <summary>Waits until the job reaches the state (e.g. Succeeded, Failed) at least <paramref name="times"/> times.</summary>
    public async Task WaitForStateAsync(string jobId, string state, int times = 1, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (History(jobId).Count(h => h.StateName == state) < times)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"job {jobId} did not reach {state} x{times}; history: {string.Join(" <- ", History(jobId).Select(h => h.StateName + "(" + h.Reason + ")"))}");
            }
            await Task.Delay(50);
        }
    }
}
