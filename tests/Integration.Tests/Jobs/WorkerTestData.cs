using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Data;

namespace PeakShop.Integration.Tests.Jobs;

/// <summary>Waits on the database for tests that drive a real Jobs process.</summary>
internal static class WorkerTestData
{
    /// <summary>Polls <paramref name="condition"/> on a fresh context every 100 ms until it holds (30 s unless told).</summary>
    public static async Task WaitForAsync(this ShopFactory factory, Func<ShopDbContext, Task<bool>> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            await using (var scope = factory.Services.CreateAsyncScope())
            {
                if (await condition(scope.ServiceProvider.GetRequiredService<ShopDbContext>()))
                {
                    return;
                }
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the condition did not hold in time");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Earlier tests leave e-mail jobs behind (orders placed without a worker, queue <c>critical</c>): a running worker sends them first,
    /// or they would occupy every worker thread once a test freezes the SMTP server.
    /// </summary>
    public static Task WaitForNoWaitingJobsAsync(this ShopFactory factory) =>
        factory.WaitForAsync(async db => await db.Database.SqlQuery<int>($"""
            select ((select count(*) from outbox_messages where dispatched_at is null) + (select count(*) from hangfire.jobqueue where queue = 'critical' and fetchedat is null))::int as "Value"
            """).SingleAsync() == 0, TimeSpan.FromSeconds(90));
}
