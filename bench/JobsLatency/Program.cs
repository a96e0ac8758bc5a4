using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PeakShop.Bench.JobsLatency;
using PeakShop.Infrastructure;
using PeakShop.Infrastructure.Jobs;
using PeakShop.Infrastructure.Mail;

// 1. Enqueue -> start latency: one Hangfire server (10 workers) on the real PostgreSQL storage, jobs enqueued
//    one at a time at a steady rate; each job records how long after its enqueue call returned it started.
// 2. E-mails per second: the e-mail path of a job (ledger reserve, MailKit SMTP to smtp4dev, ledger mark sent).
var config = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
var polls = (config["polls"] ?? "500,100").Split(',').Select(s => TimeSpan.FromMilliseconds(int.Parse(s, CultureInfo.InvariantCulture))).ToList();
var jobs = int.Parse(config["jobs"] ?? "300", CultureInfo.InvariantCulture);
var ratePerSecond = int.Parse(config["rate"] ?? "20", CultureInfo.InvariantCulture);
var mails = int.Parse(config["mails"] ?? "500", CultureInfo.InvariantCulture);
var parallel = (config["parallel"] ?? "1,4").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();

Console.WriteLine("| queue poll interval | jobs | rate (jobs/s) | start latency p50 | p90 | p99 | max |");
Console.WriteLine("|---|---|---|---|---|---|---|");
foreach (var poll in polls)
{
    using var connection = new JobStorageConnection(config);
    var storage = JobsRegistration.CreateStorage(connection, new JobsOptions { QueuePollInterval = poll }, prepareSchema: false);
    LatencyJob.Started.Clear();
    using (new BackgroundJobServer(new BackgroundJobServerOptions { Queues = ["bench"], WorkerCount = 10, ServerName = $"bench-{Guid.NewGuid():N}" }, storage))
    {
        var client = new BackgroundJobClient(storage);
        await Task.Delay(1000);
        var interval = TimeSpan.FromSeconds(1.0 / ratePerSecond);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < jobs; i++)
        {
            var due = interval * i;
            if (clock.Elapsed < due)
            {
                await Task.Delay(due - clock.Elapsed);
            }
            var id = client.Create(() => LatencyJob.Run(i, 0L), new EnqueuedState("bench"));
            LatencyJob.Enqueued[i] = Stopwatch.GetTimestamp();
            _ = id;
        }
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (LatencyJob.Started.Count < jobs && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
    }
    var latencies = LatencyJob.Started.Select(kv => Stopwatch.GetElapsedTime(LatencyJob.Enqueued[kv.Key], kv.Value).TotalMilliseconds).Order().ToList();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {poll.TotalMilliseconds:0} ms | {latencies.Count} | {ratePerSecond} | {P(latencies, 0.5):0} ms | {P(latencies, 0.9):0} ms | {P(latencies, 0.99):0} ms | {latencies[^1]:0} ms |"));
    LatencyJob.Enqueued.Clear();
}

// The e-mail path as a job runs it, without Hangfire around it.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production" });
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Smtp:From"] = "PeakShop <shop@peakshop.test>" });
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.AddShopInfrastructure();
builder.AddShopJobsClient();
using var host = builder.Build();
Console.WriteLine();
Console.WriteLine("| parallel senders | e-mails | seconds | e-mails/s |");
Console.WriteLine("|---|---|---|---|");
foreach (var senders in parallel)
{
    var run = Guid.NewGuid().ToString("N")[..8];
    var next = -1;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, senders).Select(_ => Task.Run(async () =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < mails)
        {
            await using var scope = host.Services.CreateAsyncScope();
            var mailer = scope.ServiceProvider.GetRequiredService<IdempotentMailer>();
            await mailer.SendOnceAsync($"bench:{run}:{i}", new EmailMessage($"bench-{i}@example.com", $"Bench {i}",
                "<p>Your order <strong>PS-BENCH</strong> is confirmed.</p>", "Your order PS-BENCH is confirmed."));
        }
    })));
    clock.Stop();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {senders} | {mails} | {clock.Elapsed.TotalSeconds:0.00} | {mails / clock.Elapsed.TotalSeconds:0} |"));
}
return 0;

static double P(List<double> sorted, double q) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];

namespace PeakShop.Bench.JobsLatency
{
    public static class LatencyJob
    {
        public static readonly ConcurrentDictionary<int, long> Enqueued = new();
        public static readonly ConcurrentDictionary<int, long> Started = new();

        public static void Run(int i, long unused)
        {
            _ = unused;
            Started.TryAdd(i, Stopwatch.GetTimestamp());
        }
    }
}
