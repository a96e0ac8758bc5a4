using System.Net;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Cart;
using PeakShop.Infrastructure.Data;
using PeakShop.Infrastructure.Jobs;
using PeakShop.Infrastructure.Mail;
using StackExchange.Redis;

namespace PeakShop.Integration.Tests.Jobs;

public sealed class RecurringJobsTests : IClassFixture<ShopFactory>, IClassFixture<JobsWorker>
{
    private readonly ShopFactory _factory;
    private readonly JobsWorker _worker;

    public RecurringJobsTests(ShopFactory factory, JobsWorker worker)
    {
        _factory = factory;
        _worker = worker;
    }

    [Fact]
    public void Worker_DeclaresTheRecurringJobs()
    {
        using var connection = _worker.Storage.GetConnection();
        var ids = connection.GetRecurringJobs().Select(j => j.Id).ToList();
        Assert.Contains("daily-sales-summary", ids);
        Assert.Contains("housekeeping", ids);
        Assert.Contains("sitemap", ids);
    }

    [Fact]
    public async Task Sitemap_IsGeneratedOnTheFly_ThenServedFromTheStoredCopyTheJobWrote()
    {
        await using (var scope = _worker.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ShopDbContext>().SitemapDocuments.ExecuteDeleteAsync();
        }
        using var client = _factory.CreateCookielessClient();
        var onTheFly = await client.GetStringAsync(new Uri("/sitemap.xml", UriKind.Relative));
        Assert.Contains("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">", onTheFly, StringComparison.Ordinal);
        // From Shop:PublicBaseUrl, not the request's Host (localhost).
        Assert.Contains($"{ShopFactory.PublicBaseUrl}/c/", onTheFly, StringComparison.Ordinal);

        new RecurringJobManager(_worker.Storage).Trigger("sitemap");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string served;
        do
        {
            Assert.True(DateTime.UtcNow < deadline, "the sitemap job did not store a sitemap");
            await Task.Delay(100);
            using var response = await client.GetAsync(new Uri("/sitemap.xml", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
            served = await response.Content.ReadAsStringAsync();
        }
        while (!served.Contains("http://127.0.0.1:8080/p/", StringComparison.Ordinal));
        Assert.Contains("<loc>http://127.0.0.1:8080/</loc>", served, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Housekeeping_PurgesExpiredLedgerKeys_AndGivesStaleCartsAnExpiry()
    {
        var expired = $"test-expired:{Guid.NewGuid():N}";
        var current = $"test-current:{Guid.NewGuid():N}";
        await using (var scope = _worker.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
            db.SentEmails.AddRange(
                new SentEmail { Key = expired, Recipient = "a@example.com", Subject = "old", Status = SentEmailStatus.Sent, ExpiresAt = DateTimeOffset.UtcNow.AddDays(-1) },
                new SentEmail { Key = current, Recipient = "a@example.com", Subject = "new", Status = SentEmailStatus.Sent, ExpiresAt = DateTimeOffset.UtcNow.AddDays(1) });
            await db.SaveChangesAsync();
        }
        var redis = _worker.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var noExpiry = (RedisKey)(CartStore.KeyPrefix + "test-noexpiry-" + Guid.NewGuid().ToString("N"));
        var notACart = (RedisKey)(CartStore.KeyPrefix + "test-string-" + Guid.NewGuid().ToString("N"));
        await redis.HashSetAsync(noExpiry, "1", "1|20");
        await redis.StringSetAsync(notACart, "garbage");

        await using (var scope = _worker.Services.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<HousekeepingJob>().PurgeAsync(CancellationToken.None);
            Assert.True(result.LedgerKeys >= 1);
            Assert.True(result.CartsGivenExpiry >= 1);
            Assert.True(result.CartsDeleted >= 1);
            var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
            Assert.False(await db.SentEmails.AnyAsync(e => e.Key == expired));
            Assert.True(await db.SentEmails.AnyAsync(e => e.Key == current));
        }
        var ttl = await redis.KeyTimeToLiveAsync(noExpiry);
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromDays(29), TimeSpan.FromDays(30));
        Assert.False(await redis.KeyExistsAsync(notACart));
        await redis.KeyDeleteAsync(noExpiry);
    }
}
