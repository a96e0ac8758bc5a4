using System.Net;
using System.Text.Json;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;

namespace PeakShop.Integration.Tests.Web.Hosting;

/// <summary>
/// <c>/healthz/ready</c> reports the depth of Hangfire's queues on the real primary. Jobs are enqueued through
/// Hangfire's client on a queue of the test's own that no worker listens to, so they stay enqueued.
/// </summary>
public sealed class QueueDepthReadinessTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task Ready_ShowsQueueDepth_AndIsDegradedButServingAboveTheThreshold()
    {
        var queue = $"probe-{Guid.NewGuid():N}"[..20];
        // Earlier tests may leave jobs in the shop's queues: the threshold sits above them, so only this test's queue crosses it.
        var threshold = await DeepestQueueAsync() + 5;
        await using var replica = factory.WithWebHostBuilder(b => b
            .UseSetting("Health:QueueDepthDegraded", threshold.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .UseSetting("Health:QueueDepthCacheDuration", "00:00:00"));
        // The detail is on the management port.
        using var client = ShopFactory.ManagementClientOf(replica);
        try
        {
            var (status, before) = await QueuesCheckAsync(client);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("Healthy", before.GetProperty("status").GetString());
            Assert.Equal(threshold, before.GetProperty("data").GetProperty("threshold").GetInt32());
            Assert.False(before.GetProperty("data").GetProperty("enqueued").TryGetProperty(queue, out _));

            Enqueue(replica.Services, queue, threshold);
            var (atThreshold, at) = await QueuesCheckAsync(client);
            Assert.Equal(HttpStatusCode.OK, atThreshold);
            Assert.Equal("Healthy", at.GetProperty("status").GetString());
            Assert.Equal(threshold, at.GetProperty("data").GetProperty("enqueued").GetProperty(queue).GetInt64());

            Enqueue(replica.Services, queue, 1);
            var (aboveThreshold, above) = await QueuesCheckAsync(client);
            // Degraded, still 200: the replica keeps serving shoppers while the workers catch up.
            Assert.Equal(HttpStatusCode.OK, aboveThreshold);
            Assert.Equal("Degraded", above.GetProperty("status").GetString());
            Assert.Equal(threshold + 1, above.GetProperty("data").GetProperty("enqueued").GetProperty(queue).GetInt64());
            Assert.Contains(queue, above.GetProperty("description").GetString(), StringComparison.Ordinal);
            Assert.True(above.GetProperty("data").GetProperty("total").GetInt64() >= threshold + 1);
        }
        finally
        {
            await DropQueueAsync(queue);
        }
    }

    [Fact]
    public async Task Ready_ReusesOneDepthReading_WithinTheCacheDuration()
    {
        var queue = $"cached-{Guid.NewGuid():N}"[..20];
        await using var replica = factory.WithWebHostBuilder(b => b.UseSetting("Health:QueueDepthCacheDuration", "00:10:00"));
        using var client = ShopFactory.ManagementClientOf(replica);
        try
        {
            var (_, first) = await QueuesCheckAsync(client);
            Enqueue(replica.Services, queue, 3);
            var (_, second) = await QueuesCheckAsync(client);

            // The second probe did not query the primary again: same reading, without the new queue.
            Assert.Equal(first.GetProperty("data").GetProperty("readAt").GetString(), second.GetProperty("data").GetProperty("readAt").GetString());
            Assert.False(second.GetProperty("data").GetProperty("enqueued").TryGetProperty(queue, out _));
        }
        finally
        {
            await DropQueueAsync(queue);
        }
    }

    private static void Enqueue(IServiceProvider services, string queue, int count)
    {
        var jobs = services.GetRequiredService<IBackgroundJobClient>();
        for (var i = 0; i < count; i++)
        {
            // A method without a [Queue] attribute, which would override the state's queue; no worker ever runs it.
            jobs.Create(Job.FromExpression(() => Console.WriteLine(queue)), new EnqueuedState(queue));
        }
    }

    private static async Task<(HttpStatusCode Status, JsonElement Check)> QueuesCheckAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/healthz/ready", UriKind.Relative));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, body.RootElement.GetProperty("checks").GetProperty("queues").Clone());
    }

    private static async Task<int> DeepestQueueAsync()
    {
        await using var admin = Platform.Admin("primary", "peakshop");
        return (int)(await admin.CreateCommand(
            "select coalesce(max(n), 0)::int from (select count(*) n from hangfire.jobqueue where fetchedat is null group by queue) q").ExecuteScalarAsync())!;
    }

    private static async Task DropQueueAsync(string queue)
    {
        await using var admin = Platform.Admin("primary", "peakshop");
        await using var command = admin.CreateCommand(
            "with q as (delete from hangfire.jobqueue where queue = $1 returning jobid) delete from hangfire.job where id in (select jobid from q)");
        command.Parameters.AddWithValue(queue);
        await command.ExecuteNonQueryAsync();
    }
}
