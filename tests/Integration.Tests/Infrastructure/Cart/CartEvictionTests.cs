using PeakShop.Infrastructure.Cart;
using StackExchange.Redis;

namespace PeakShop.Integration.Tests.Infrastructure.Cart;

/// <summary>
/// Carts and cache entries share one Redis (ADR 15): when it is full, the configured policy (volatile-ttl) evicts
/// the keys that expire soonest, so cache pressure never takes a cart. Proven on the test instance with a small
/// maxmemory set for the test and restored after.
/// </summary>
public sealed class CartEvictionTests
{
    private const string CachePrefix = "peakshop:test-eviction:";

    [Fact]
    public async Task Carts_SurviveCachePressure_BeyondMaxMemory()
    {
        var connection = Environment.GetEnvironmentVariable("ConnectionStrings__Redis")
            ?? throw new InvalidOperationException("ConnectionStrings__Redis is not set: run through ./test.sh");
        await using var redis = await ConnectionMultiplexer.ConnectAsync(connection + ",allowAdmin=true");
        var server = redis.GetServers().Single();
        var db = redis.GetDatabase();
        var saved = (await server.ConfigGetAsync("maxmemory")).Single().Value;
        var policy = (await server.ConfigGetAsync("maxmemory-policy")).Single().Value;
        var store = new CartStore(redis);
        var carts = Enumerable.Range(0, 200).Select(_ => "g:eviction-" + Guid.NewGuid().ToString("N")).ToList();
        try
        {
            foreach (var cart in carts)
            {
                await store.SetLineAsync(cart, new StoredCartLine(1, 2, 9.99m));
            }
            var used = UsedMemory(await server.InfoAsync("memory"));
            await server.ConfigSetAsync("maxmemory", used + 4 * 1024 * 1024);
            var evictedBefore = Evicted(await server.InfoAsync("stats"));

            // HybridCache L2 entries look like this: a few KB with an expiry of minutes. Three times the headroom.
            var value = new byte[8 * 1024];
            Random.Shared.NextBytes(value);
            var batch = new List<Task>();
            for (var i = 0; i < 1500; i++)
            {
                batch.Add(db.StringSetAsync(CachePrefix + i, value, TimeSpan.FromMinutes(10)));
                if (batch.Count == 100)
                {
                    await Task.WhenAll(batch);
                    batch.Clear();
                }
            }
            await Task.WhenAll(batch);
            var evicted = Evicted(await server.InfoAsync("stats")) - evictedBefore;
            var missing = 0;
            foreach (var cart in carts)
            {
                missing += (await store.GetLinesAsync(cart)).Count == 1 ? 0 : 1;
            }

            Assert.Equal("volatile-ttl", policy);
            Assert.True(evicted >= 500, $"only {evicted} keys evicted: maxmemory was not reached");
            Assert.Equal(0, missing);
        }
        finally
        {
            await server.ConfigSetAsync("maxmemory", saved);
            foreach (var cart in carts)
            {
                await store.ClearAsync(cart);
            }
            for (var i = 0; i < 1500; i++)
            {
                await db.KeyDeleteAsync(CachePrefix + i, CommandFlags.FireAndForget);
            }
        }
    }

    private static long UsedMemory(IGrouping<string, KeyValuePair<string, string>>[] info) =>
        long.Parse(info.SelectMany(g => g).Single(p => p.Key == "used_memory").Value, System.Globalization.CultureInfo.InvariantCulture);

    private static long Evicted(IGrouping<string, KeyValuePair<string, string>>[] info) =>
        long.Parse(info.SelectMany(g => g).Single(p => p.Key == "evicted_keys").Value, System.Globalization.CultureInfo.InvariantCulture);
}
