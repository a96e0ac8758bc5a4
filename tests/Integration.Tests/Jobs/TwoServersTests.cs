using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.Configuration;
using Npgsql;
using PeakShop.Infrastructure.Jobs;

namespace PeakShop.Integration.Tests.Jobs;

/// <summary>Two Hangfire servers on the same PostgreSQL storage share a queue and run each job exactly once.</summary>
// The worker fixture is not used directly: it keeps the process-wide Hangfire log provider (set by the last
// host that configured Hangfire) pointing at a live logger factory while these servers run.
public sealed class TwoServersTests(JobsWorker worker) : IClassFixture<JobsWorker>
{
    private const string Queue = "counter";

    [Fact]
    public async Task TwoServers_TwoHundredJobs_EachRunsExactlyOnce()
    {
        await using var db = NpgsqlDataSource.Create(Platform.PrimaryConnectionString("peakshop"));
        await db.CreateCommand("""
            create table if not exists test_job_runs (run uuid not null, n int not null, server text not null, executions int not null default 1, primary key (run, n))
            """).ExecuteNonQueryAsync();
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        using var connection = new JobStorageConnection(configuration);
        var options = new JobsOptions { QueuePollInterval = TimeSpan.FromMilliseconds(100) };
        var storage = JobsRegistration.CreateStorage(connection, options, prepareSchema: false);
        var run = Guid.NewGuid();
        Assert.NotNull(worker.Storage);

        using (var first = Server(storage, "first"))
        using (var second = Server(storage, "second"))
        {
            var client = new BackgroundJobClient(storage);
            for (var n = 0; n < 200; n++)
            {
                client.Create<CounterJob>(j => j.Record(run, n), new EnqueuedState(Queue));
            }
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (await CountAsync(db, $"select count(*) from test_job_runs where run = '{run}'") < 200 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
            // Let any duplicate execution that is still under way land before counting executions.
            var api = storage.GetMonitoringApi();
            while ((api.EnqueuedCount(Queue) > 0 || api.ProcessingCount() > 0) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }

        Assert.Equal(200, await CountAsync(db, $"select count(*) from test_job_runs where run = '{run}'"));
        Assert.Equal(200, await CountAsync(db, $"select coalesce(sum(executions), 0) from test_job_runs where run = '{run}'"));
        Assert.Equal(2, await CountAsync(db, $"select count(distinct server) from test_job_runs where run = '{run}'"));
    }

    private static BackgroundJobServer Server(JobStorage storage, string name) => new(new BackgroundJobServerOptions
    {
        ServerName = $"test-{name}-{Guid.NewGuid():N}",
        Queues = [Queue],
        WorkerCount = 4,
        Activator = new LabelActivator(name),
    }, storage);

    private static async Task<long> CountAsync(NpgsqlDataSource db, string sql) =>
        Convert.ToInt64(await db.CreateCommand(sql).ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);

    private sealed class LabelActivator(string server) : JobActivator
    {
        public override object ActivateJob(Type jobType) => new CounterJob(server);
    }
}

/// <summary>Records that it ran; a second execution of the same job would raise <c>executions</c> above 1.</summary>
public sealed class CounterJob(string server)
{
    public void Record(Guid run, int n)
    {
        using var db = new NpgsqlConnection(Platform.PrimaryConnectionString("peakshop"));
        db.Open();
        using var command = new NpgsqlCommand(
            "insert into test_job_runs (run, n, server) values ($1, $2, $3) on conflict (run, n) do update set executions = test_job_runs.executions + 1", db);
        command.Parameters.AddWithValue(run);
        command.Parameters.AddWithValue(n);
        command.Parameters.AddWithValue(server);
        command.ExecuteNonQuery();
    }
}
