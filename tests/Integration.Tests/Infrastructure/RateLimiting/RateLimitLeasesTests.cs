using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.RateLimiting;
using StackExchange.Redis;

namespace PeakShop.Integration.Tests.Infrastructure.RateLimiting;

/// <summary>Leased counting on the real Redis: fewer round trips, never more than the limit, across two "replicas".</summary>
public sealed class RateLimitLeasesTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    private RedisRateLimiter Limiter => factory.Services.GetRequiredService<RedisRateLimiter>();

    [Fact]
    public async Task BusyCounter_IsTakenFromRedisInBlocks_AndAdmitsExactlyItsLimitOnOneReplica()
    {
        var counter = new RateLimitCounter("lease-test", RateLimitRule.Of(500, TimeSpan.FromMinutes(1)), Guid.NewGuid().ToString("N"));
        var leases = new RateLimitLeases(Limiter, TimeProvider.System);

        var first = await leases.TakeAsync(counter);
        var afterOne = await RedisCountAsync(counter);
        var allowed = 1;
        for (var i = 1; i < 520; i++)
        {
            allowed += (await leases.TakeAsync(counter))!.Decision.Allowed ? 1 : 0;
        }

        Assert.Equal(10, RateLimitLeases.BlockOf(counter.Rule));
        Assert.Equal(499, first!.Counters[0].Remaining);
        Assert.Equal(10, afterOne);
        Assert.Equal(500, allowed);
        // 50 blocks reached the limit; each refused request after it asked Redis once more.
        Assert.InRange(await RedisCountAsync(counter), 500, 500 + (20 * 10));
    }

    [Fact]
    public async Task TwoReplicas_ShareTheCount_NeverAdmitMoreThanTheLimit_AndRefuseAtMostTheirUnspentBlocksEarly()
    {
        var counter = new RateLimitCounter("lease-test", RateLimitRule.Of(300, TimeSpan.FromMinutes(1)), Guid.NewGuid().ToString("N"));
        var replicas = new[] { new RateLimitLeases(Limiter, TimeProvider.System), new RateLimitLeases(Limiter, TimeProvider.System) };
        var block = RateLimitLeases.BlockOf(counter.Rule);

        var allowed = 0;
        for (var i = 0; i < 400; i++)
        {
            // Uneven traffic: replica A gets two requests for each of B's.
            allowed += (await replicas[i % 3 == 0 ? 1 : 0].TakeAsync(counter))!.Decision.Allowed ? 1 : 0;
        }

        Assert.Equal(6, block);
        Assert.InRange(allowed, 300 - (2 * (block - 1)), 300);
    }

    [Fact]
    public async Task SmallLimits_CountEveryRequestInRedis()
    {
        var counter = new RateLimitCounter("lease-test", RateLimitRule.Of(6, TimeSpan.FromMinutes(1)), Guid.NewGuid().ToString("N"));
        var leases = new RateLimitLeases(Limiter, TimeProvider.System);

        var decisions = new List<bool>();
        for (var i = 0; i < 8; i++)
        {
            decisions.Add((await leases.TakeAsync(counter))!.Decision.Allowed);
        }

        Assert.Equal([true, true, true, true, true, true, false, false], decisions);
        Assert.Equal(8, await RedisCountAsync(counter));
    }

    [Fact]
    public async Task BusyCounter_WithAnOverlongPartition_HoldsNoLease_CountsEveryRequestInRedis()
    {
        var counter = new RateLimitCounter("lease-test", RateLimitRule.Of(500, TimeSpan.FromMinutes(1)), new string('x', 200) + Guid.NewGuid().ToString("N"));
        var leases = new RateLimitLeases(Limiter, TimeProvider.System);

        for (var i = 0; i < 3; i++)
        {
            Assert.True((await leases.TakeAsync(counter))!.Decision.Allowed);
        }

        Assert.Equal(3, await RedisCountAsync(counter));
    }

    private async Task<long> RedisCountAsync(RateLimitCounter counter) =>
        (long)await factory.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase().StringGetAsync(RedisRateLimiter.Key(counter));
}
