using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Cdn;

namespace PeakShop.Integration.Tests.Web.Marketing;

/// <summary>A Web replica whose clock a test can move forward, and whose CDN purger records what it was asked to purge.</summary>
public sealed class BannerFactory : ShopFactory
{
    public MovableClock Clock { get; } = new();

    public RecordingPurger Purger { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Marketing:BoundaryCheckInterval", "00:00:00.100");
        // This replica's clock runs ahead of every other process: its cache entries and invalidations stay in a Redis
        // namespace and channel of their own, so entries stamped "in the future" never reach another test's replica.
        var isolation = Guid.NewGuid().ToString("N");
        builder.UseSetting("Cache:Channel", $"peakshop:banner-tests:{isolation}");
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<ICdnPurger>(Purger);
            services.Configure<RedisCacheOptions>(options => options.InstanceName = $"peakshop-banner-tests-{isolation}:");
        });
    }
}

/// <summary>The system clock plus an offset that only grows: timers run in real time, "now" jumps when the test says so.</summary>
public sealed class MovableClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}

public sealed class RecordingPurger : ICdnPurger
{
    private readonly List<string> _paths = [];

    public IReadOnlyList<string> Paths
    {
        get
        {
            lock (_paths)
            {
                return [.. _paths];
            }
        }
    }

    public Task PurgeAsync(IReadOnlyCollection<string> paths, CancellationToken cancellationToken)
    {
        lock (_paths)
        {
            _paths.AddRange(paths);
        }
        return Task.CompletedTask;
    }

    public Task PurgePrefixAsync(string pathPrefix, CancellationToken cancellationToken) => PurgeAsync([pathPrefix + "*"], cancellationToken);
}
