using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;
using PeakShop.Infrastructure.Caching;
using PeakShop.Infrastructure.Data.Replicas;
using PeakShop.Infrastructure.Media;

namespace PeakShop.Infrastructure.Marketing;

public static class BannerTags
{
    /// <summary>Every banner and every page that shows one (all storefront pages: the site strip is in the layout).</summary>
    public const string Banners = "banners";
}

public sealed record BannerVariant(int Width, string Format);

public sealed record BannerImage(string Hash, int Width, int Height, string AltText, IReadOnlyList<BannerVariant> Variants);

/// <summary>A published banner as the storefront shows it.</summary>
public sealed record BannerView(
    long Id, BannerPlacement Placement, string Headline, string? Text, string? LinkUrl, int? CategoryId,
    DateTimeOffset StartsAt, DateTimeOffset? EndsAt, int Priority, BannerImage? Image)
{
    public bool IsActiveAt(DateTimeOffset now) => StartsAt <= now && (EndsAt is null || now < EndsAt);
}

/// <summary>
/// Every published banner that has not ended when it was loaded: the schedule, not the active set, so a cached copy
/// stays right as the clock moves; which banner shows is decided against the clock on every render.
/// </summary>
public sealed record BannerSet(IReadOnlyList<BannerView> Banners)
{
    /// <summary>The banner a placement shows now: highest priority, then the most recently started.</summary>
    public BannerView? Active(BannerPlacement placement, DateTimeOffset now, IReadOnlyCollection<int>? categoryIds = null) =>
        Candidates(placement, categoryIds)
            .Where(b => b.IsActiveAt(now))
            .OrderByDescending(b => b.Priority).ThenByDescending(b => b.StartsAt).ThenByDescending(b => b.Id)
            .FirstOrDefault();

    /// <summary>The next instant after <paramref name="now"/> at which what the placement shows may change.</summary>
    public DateTimeOffset? NextBoundary(BannerPlacement placement, DateTimeOffset now, IReadOnlyCollection<int>? categoryIds = null)
    {
        DateTimeOffset? next = null;
        foreach (var banner in Candidates(placement, categoryIds))
        {
            foreach (var at in new[] { banner.StartsAt, banner.EndsAt })
            {
                if (at is { } instant && instant > now && (next is null || instant < next))
                {
                    next = instant;
                }
            }
        }
        return next;
    }

    /// <summary>A category page shows the banners of the category, of its ancestors and those for every category.</summary>
    private IEnumerable<BannerView> Candidates(BannerPlacement placement, IReadOnlyCollection<int>? categoryIds) =>
        Banners.Where(b => b.Placement == placement
            && (placement != BannerPlacement.CategoryTop || b.CategoryId is null || (categoryIds?.Contains(b.CategoryId.Value) ?? false)));
}

/// <summary>
/// Storefront reads of banners: one cached set (HybridCache in memory, tag <see cref="BannerTags.Banners"/>, so every
/// replica drops it on a staff edit) read from a standby on a miss. Each read tags the page with <c>banners</c> and caps its
/// life at the placement's next schedule boundary, which <see cref="BannerBoundaries"/> also evicts on time (ADR 13).
/// </summary>
public sealed class BannerReader(
    ReadRouter router, ReadConsistency consistency, HybridCache cache, CacheDependencies dependencies, BannerBoundaries boundaries, TimeProvider time)
{
    public const int MaxBanners = 200;
    private const string Key = "banners:set";
    private static readonly string[] Tags = [BannerTags.Banners];

    /// <summary>
    /// Memory only: a few rows that every storefront page reads (the strip is in the layout), so no page waits on Redis
    /// for them; each replica loads them from a standby at most once per <c>Cache:LocalExpiration</c>, and the tag
    /// broadcast drops them on every replica after a staff edit.
    /// </summary>
    private static readonly HybridCacheEntryOptions MemoryOnly = new()
    {
        Flags = HybridCacheEntryFlags.DisableDistributedCache,
    };

    /// <summary>The banner <paramref name="placement"/> shows now; for CategoryTop, <paramref name="categoryIds"/> are the category and its ancestors.</summary>
    public async Task<BannerView?> GetActiveAsync(BannerPlacement placement, IReadOnlyCollection<int>? categoryIds = null, CancellationToken cancellationToken = default)
    {
        dependencies.Add(Tags);
        var set = await cache.GetOrCreateAsync(Key, async ct => await LoadAsync(ct), MemoryOnly, Tags, cancellationToken);
        var now = time.GetUtcNow();
        if (set.NextBoundary(placement, now, categoryIds) is { } next)
        {
            dependencies.ValidUntil(next);
            boundaries.Add(next);
        }
        return set.Active(placement, now, categoryIds);
    }

    private async Task<BannerSet> LoadAsync(CancellationToken cancellationToken)
    {
        // A context of its own, not the request's: HybridCache runs this fetch in the background and lets other
        // requests join it, so it must not use a pooled context that the first request's scope returns when it ends.
        await using var db = router.CreateContext(consistency);
        var now = time.GetUtcNow();
        var rows = await db.Banners.AsNoTracking()
            .Where(b => b.Published && (b.EndsAt == null || b.EndsAt > now))
            // An image taken down in the media library takes its banner with it.
            .Where(b => b.MediaAssetId == null || (b.MediaAsset!.Status == MediaStatus.Ready && b.MediaAsset.Kind == MediaKind.Image))
            .OrderBy(b => b.StartsAt).ThenBy(b => b.Id)
            .Take(MaxBanners)
            .Select(b => new
            {
                b.Id, b.Placement, b.Headline, b.Text, b.LinkUrl, b.CategoryId, b.StartsAt, b.EndsAt, b.Priority, b.AltText,
                Image = b.MediaAsset == null ? null : new { b.MediaAsset.Hash, b.MediaAsset.Width, b.MediaAsset.Height },
                Variants = b.MediaAsset == null ? null : b.MediaAsset.Variants.OrderBy(v => v.Width).Select(v => new BannerVariant(v.Width, v.Format)).ToList(),
            })
            .ToListAsync(cancellationToken);
        return new BannerSet([.. rows.Select(r => new BannerView(
            r.Id, r.Placement, r.Headline, r.Text, r.LinkUrl, r.CategoryId, r.StartsAt, r.EndsAt, r.Priority,
            r.Image is null ? null : new BannerImage(r.Image.Hash, r.Image.Width, r.Image.Height, r.AltText ?? "", r.Variants ?? [])))]);
    }
}
