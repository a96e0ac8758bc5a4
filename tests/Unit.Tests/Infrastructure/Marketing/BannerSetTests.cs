using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PeakShop.Infrastructure.Caching;
using PeakShop.Infrastructure.Marketing;

namespace PeakShop.Unit.Tests.Infrastructure.Marketing;

public sealed class BannerSetTests
{
    private static readonly DateTimeOffset Ten = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static BannerView Banner(long id, BannerPlacement placement, DateTimeOffset starts, DateTimeOffset? ends, int priority = 0, int? category = null) =>
        new(id, placement, $"Banner {id}", null, null, category, starts, ends, priority, null);

    [Fact]
    public void Active_FollowsAMovedClock_AndNextBoundaryNamesTheNextChange()
    {
        var clock = new FakeTimeProvider(Ten.AddMinutes(-30));
        var set = new BannerSet([
            Banner(1, BannerPlacement.HomeHero, Ten, Ten.AddHours(2)),
            Banner(2, BannerPlacement.HomeHero, Ten.AddHours(1), Ten.AddHours(1.5), priority: 10),
            Banner(3, BannerPlacement.SiteStrip, Ten.AddMinutes(-45), null),
        ]);

        Assert.Null(set.Active(BannerPlacement.HomeHero, clock.GetUtcNow()));
        Assert.Equal(Ten, set.NextBoundary(BannerPlacement.HomeHero, clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(1, set.Active(BannerPlacement.HomeHero, clock.GetUtcNow())?.Id);
        Assert.Equal(Ten.AddHours(1), set.NextBoundary(BannerPlacement.HomeHero, clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromHours(1));
        // Both live: the higher priority wins.
        Assert.Equal(2, set.Active(BannerPlacement.HomeHero, clock.GetUtcNow())?.Id);
        clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(1, set.Active(BannerPlacement.HomeHero, clock.GetUtcNow())?.Id);
        clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Null(set.Active(BannerPlacement.HomeHero, clock.GetUtcNow()));
        Assert.Null(set.NextBoundary(BannerPlacement.HomeHero, clock.GetUtcNow()));
        // The strip has no end: no boundary, always on.
        Assert.Equal(3, set.Active(BannerPlacement.SiteStrip, clock.GetUtcNow())?.Id);
        Assert.Null(set.NextBoundary(BannerPlacement.SiteStrip, clock.GetUtcNow()));
    }

    [Fact]
    public void Active_CategoryTop_ShowsTheCategorysAnAncestorsOrAnAllCategoriesBanner()
    {
        var set = new BannerSet([
            Banner(1, BannerPlacement.CategoryTop, Ten, null, category: 5),
            Banner(2, BannerPlacement.CategoryTop, Ten, null, priority: -1),
        ]);

        Assert.Equal(1, set.Active(BannerPlacement.CategoryTop, Ten, [5, 9])?.Id);
        Assert.Equal(2, set.Active(BannerPlacement.CategoryTop, Ten, [6])?.Id);
        Assert.Null(set.Active(BannerPlacement.HomeHero, Ten));
    }

    [Fact]
    public void Boundaries_EvictTheBannerPagesOnceTheClockPassesABoundary_NotBefore()
    {
        var clock = new FakeTimeProvider(Ten);
        var listener = new RecordingListener();
        using var boundaries = new BannerBoundaries(clock, [listener],
            Options.Create(new MarketingOptions { BoundaryCheckInterval = TimeSpan.FromSeconds(1) }), NullLogger<BannerBoundaries>.Instance);

        boundaries.Add(Ten.AddMinutes(10));
        boundaries.Add(Ten.AddMinutes(10));
        boundaries.Add(Ten.AddMinutes(20));
        clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Empty(listener.Evicted);
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal([[BannerTags.Banners]], listener.Evicted);
        Assert.Equal([Ten.AddMinutes(20)], boundaries.Pending);
        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(2, listener.Evicted.Count);
        Assert.Empty(boundaries.Pending);
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(2, listener.Evicted.Count);
    }

    private sealed class RecordingListener : ICacheEvictionListener
    {
        public List<string[]> Evicted { get; } = [];

        public Task EvictAsync(IReadOnlyCollection<string> tags, CancellationToken cancellationToken)
        {
            lock (Evicted)
            {
                Evicted.Add([.. tags]);
            }
            return Task.CompletedTask;
        }
    }
}
