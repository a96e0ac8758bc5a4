using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Catalog;
using PeakShop.Infrastructure.Data;

namespace PeakShop.Integration.Tests.Infrastructure.Caching;

/// <summary>Redis is a cache here, not a dependency: without it catalog pages answer from memory and the standby.</summary>
public sealed class RedisOutageTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task CatalogPages_StayFast_WhileRedisIsDown()
    {
        string slug;
        using (var scope = factory.Services.CreateScope())
        {
            slug = await scope.ServiceProvider.GetRequiredService<ShopReadDbContext>().Products.Listed()
                .OrderBy(p => p.Id).Skip(123).Select(p => p.Slug).FirstAsync();
        }
        using var client = factory.CreateCookielessClient();
        try
        {
            await Platform.RunPlatformAsync("stop-redis");
            foreach (var url in new[] { "/", "/c/tents?sort=newest", "/search?q=kettle", $"/p/{slug}", "/search/suggest?q=tent" })
            {
                var clock = Stopwatch.StartNew();
                using var response = await client.GetAsync(new Uri(url, UriKind.Relative));

                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                // Each of these reads dozens of cache entries: waiting for Redis on each would take minutes.
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"{url} took {clock.Elapsed} without Redis");
            }
        }
        finally
        {
            await Platform.RunPlatformAsync("start");
            // Redis commands fail fast while the client reconnects (ADR 19): the next test starts once it has.
            var redis = factory.Services.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!redis.IsConnected && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }
}
