using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PeakShop.Infrastructure.Auditing;
using PeakShop.Infrastructure.Caching;
using PeakShop.Infrastructure.Catalog.Admin;
using PeakShop.Infrastructure.Cdn;
using PeakShop.Infrastructure.Data;
using PeakShop.Infrastructure.Media;

namespace PeakShop.Infrastructure.Marketing;

public sealed record BannerRow(
    long Id, BannerPlacement Placement, string Headline, string? Category, DateTimeOffset StartsAt, DateTimeOffset? EndsAt,
    string TimeZone, int Priority, bool Published, uint Version, string? ImageHash, int? ImageThumbWidth);

/// <summary>The outcome of a banner write: success, field errors, or a conflict with the values saved meanwhile.</summary>
public sealed record BannerResult
{
    public static BannerResult Ok { get; } = new();

    public IReadOnlyDictionary<string, string> Errors { get; init; } = new Dictionary<string, string>();

    /// <summary>Set when someone else saved first: what is in the database now.</summary>
    public BannerForm? Current { get; init; }

    public bool NotFound { get; init; }

    public long? Id { get; init; }

    public bool Succeeded => Errors.Count == 0 && Current is null && !NotFound;

    public static BannerResult Error(string field, string message) => new() { Errors = new Dictionary<string, string> { [field] = message } };
}

/// <summary>
/// Staff writes to banners (ADR 9): short-lived contexts on the primary, optimistic concurrency on <c>xmin</c>, an audit row
/// in the same transaction; after the commit every replica drops the cached banners and the pages that showed them, and a
/// banner taken off the storefront has its image purged from the CDN edge (a failed purge is logged, the write stands).
/// </summary>
public sealed partial class BannerAdmin(
    IDbContextFactory<ShopDbContext> contexts, IShopCacheInvalidator cache, ICdnPurger purger, IOptions<StoreOptions> store,
    TimeProvider time, ILogger<BannerAdmin> logger)
{
    public const int MaxMediaChoices = 200;

    public string DefaultTimeZone => store.Value.TimeZone;

    public async Task<IReadOnlyList<BannerRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Banners.AsNoTracking()
            .OrderByDescending(b => b.StartsAt).ThenByDescending(b => b.Id)
            .Take(500)
            .Select(b => new BannerRow(b.Id, b.Placement, b.Headline, b.Category == null ? null : b.Category.Name, b.StartsAt, b.EndsAt,
                b.TimeZone, b.Priority, b.Published, b.Version, b.MediaAsset == null ? null : b.MediaAsset.Hash,
                // The smallest WebP that was made: an image narrower than 320 px has no 320 variant.
                b.MediaAsset == null ? null : b.MediaAsset.Variants.Where(v => v.Format == "webp").Min(v => (int?)v.Width)))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Ready images (newest first) and categories for the form.</summary>
    public async Task<(IReadOnlyList<MediaImageChoice> Images, IReadOnlyList<Choice> Categories)> ChoicesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var assets = await ReadyImages(db).Include(a => a.Variants)
            .OrderByDescending(a => a.UploadedAt).ThenByDescending(a => a.Id)
            .Take(MaxMediaChoices)
            .ToListAsync(cancellationToken);
        IReadOnlyList<MediaImageChoice> images = [.. assets.Select(MediaImageChoice.Of).OfType<MediaImageChoice>()];
        var categories = await db.Categories.AsNoTracking()
            .OrderBy(c => c.Parent == null ? c.Name : c.Parent.Name).ThenBy(c => c.ParentId != null).ThenBy(c => c.Name)
            .Select(c => new Choice(c.Id, c.Parent == null ? c.Name : c.Parent.Name + " › " + c.Name))
            .ToListAsync(cancellationToken);
        return (images, categories);
    }

    /// <summary>A new banner's form: the store's zone, starting at the next full hour, unpublished.</summary>
    public BannerForm NewForm()
    {
        var zone = store.Value.TimeZone;
        var local = BannerRules.InZone(time.GetUtcNow(), zone).DateTime;
        return new BannerForm { TimeZone = zone, StartsLocal = local.Date.AddHours(local.Hour + 1) };
    }

    public async Task<BannerForm?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var banner = await db.Banners.AsNoTracking().SingleOrDefaultAsync(b => b.Id == id, cancellationToken);
        return banner is null ? null : ToForm(banner);
    }

    /// <summary>Creates (<paramref name="id"/> null) or updates a banner; an update made from an older version writes nothing and returns the current one.</summary>
    public async Task<BannerResult> SaveAsync(long? id, BannerForm form, StaffActor actor, CancellationToken cancellationToken = default)
    {
        var (errors, schedule) = BannerRules.Validate(form);
        await using (var check = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (form.MediaAssetId is { } mediaId && !errors.ContainsKey(nameof(BannerForm.MediaAssetId))
                && !await ReadyImages(check).AnyAsync(a => a.Id == mediaId, cancellationToken))
            {
                errors[nameof(BannerForm.MediaAssetId)] = "Choose a published image from the media library.";
            }
            if (form.Placement == BannerPlacement.CategoryTop && form.CategoryId is { } categoryId and > 0
                && !await check.Categories.AnyAsync(c => c.Id == categoryId, cancellationToken))
            {
                errors[nameof(BannerForm.CategoryId)] = "Choose an existing category, or all categories.";
            }
        }
        if (errors.Count > 0 || schedule is null)
        {
            return new BannerResult { Errors = errors };
        }

        try
        {
            var (result, purge) = await contexts.InTransactionAsync(async (db, ct) =>
            {
                var now = time.GetUtcNow();
                Banner banner;
                BannerSnapshot? before = null;
                string[] oldPaths = [];
                if (id is { } existing)
                {
                    var found = await db.Banners.SingleOrDefaultAsync(b => b.Id == existing, ct);
                    if (found is null)
                    {
                        return (new BannerResult { NotFound = true }, []);
                    }
                    if (found.Version != form.Version)
                    {
                        return (new BannerResult { Current = ToForm(found) }, []);
                    }
                    banner = found;
                    before = Snapshot(banner);
                    if (banner.Published && banner.MediaAssetId is { } oldImage && (banner.MediaAssetId != form.MediaAssetId || !form.Published))
                    {
                        oldPaths = await ImagePathsAsync(db, oldImage, ct);
                    }
                }
                else
                {
                    banner = new Banner { Headline = "", TimeZone = schedule.TimeZone, UpdatedBy = actor.Email };
                    db.Banners.Add(banner);
                }
                Apply(banner, form, schedule);
                banner.UpdatedBy = actor.Email;
                banner.UpdatedAt = now;
                await db.SaveChangesAsync(ct);
                AuditLog.Record(db, actor, id is null ? "banner.create" : "banner.update", nameof(Banner), Key(banner.Id), before, Snapshot(banner), now);
                await db.SaveChangesAsync(ct);
                return (new BannerResult { Id = banner.Id }, oldPaths);
            }, r => r.Item1.Succeeded, cancellationToken);
            return await AfterCommitAsync(result, purge, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return await GetAsync(id!.Value, cancellationToken) is { } current ? new BannerResult { Current = current } : new BannerResult { NotFound = true };
        }
    }

    /// <summary>Publishes or unpublishes (guarded by the version the page showed). Unpublishing purges the image from the CDN edge.</summary>
    public async Task<BannerResult> SetPublishedAsync(long id, bool published, uint version, StaffActor actor, CancellationToken cancellationToken = default)
    {
        try
        {
            var (result, purge) = await contexts.InTransactionAsync(async (db, ct) =>
            {
                var banner = await db.Banners.SingleOrDefaultAsync(b => b.Id == id, ct);
                if (banner is null)
                {
                    return (new BannerResult { NotFound = true }, []);
                }
                if (banner.Version != version)
                {
                    return (new BannerResult { Current = ToForm(banner) }, []);
                }
                if (banner.Published == published)
                {
                    return (new BannerResult { Id = id }, Array.Empty<string>());
                }
                if (published && banner.MediaAssetId is { } image && !await ReadyImages(db).AnyAsync(a => a.Id == image, ct))
                {
                    return (BannerResult.Error(nameof(BannerForm.MediaAssetId), "Its image is no longer published in the media library: choose another one first."), []);
                }
                var paths = !published && banner.MediaAssetId is { } old ? await ImagePathsAsync(db, old, ct) : [];
                var before = Snapshot(banner);
                var now = time.GetUtcNow();
                banner.Published = published;
                banner.UpdatedBy = actor.Email;
                banner.UpdatedAt = now;
                AuditLog.Record(db, actor, published ? "banner.publish" : "banner.unpublish", nameof(Banner), Key(id), before, Snapshot(banner), now);
                await db.SaveChangesAsync(ct);
                return (new BannerResult { Id = id }, paths);
            }, r => r.Item1.Succeeded, cancellationToken);
            return await AfterCommitAsync(result, purge, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return await GetAsync(id, cancellationToken) is { } current ? new BannerResult { Current = current } : new BannerResult { NotFound = true };
        }
    }

    public async Task<BannerResult> DeleteAsync(long id, uint version, StaffActor actor, CancellationToken cancellationToken = default)
    {
        try
        {
            var (result, purge) = await contexts.InTransactionAsync(async (db, ct) =>
            {
                var banner = await db.Banners.SingleOrDefaultAsync(b => b.Id == id, ct);
                if (banner is null)
                {
                    return (new BannerResult { NotFound = true }, []);
                }
                if (banner.Version != version)
                {
                    return (new BannerResult { Current = ToForm(banner) }, []);
                }
                var paths = banner.Published && banner.MediaAssetId is { } image ? await ImagePathsAsync(db, image, ct) : [];
                db.Banners.Remove(banner);
                AuditLog.Record(db, actor, "banner.delete", nameof(Banner), Key(id), Snapshot(banner), null, time.GetUtcNow());
                await db.SaveChangesAsync(ct);
                return (BannerResult.Ok, paths);
            }, r => r.Item1.Succeeded, cancellationToken);
            return await AfterCommitAsync(result, purge, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return await GetAsync(id, cancellationToken) is { } current ? new BannerResult { Current = current } : new BannerResult { NotFound = true };
        }
    }

    /// <summary>Committed: every replica drops the banners and the pages that showed them, then the edge forgets the old image.</summary>
    private async Task<BannerResult> AfterCommitAsync(BannerResult result, string[] purge, CancellationToken cancellationToken)
    {
        if (!result.Succeeded)
        {
            return result;
        }
        await cache.InvalidateAsync([BannerTags.Banners], cancellationToken);
        if (purge.Length > 0)
        {
            try
            {
                await purger.PurgeAsync(purge, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The banner is already off every page; the edge copy of the image expires by itself.
                LogPurgeFailed(logger, purge.Length, ex);
            }
        }
        return result;
    }

    private static IQueryable<MediaAsset> ReadyImages(ShopDbContext db) =>
        db.MediaAssets.AsNoTracking().Where(a => a.Kind == MediaKind.Image && a.Status == MediaStatus.Ready && a.Variants.Any());

    private static async Task<string[]> ImagePathsAsync(ShopDbContext db, long assetId, CancellationToken ct)
    {
        var asset = await db.MediaAssets.AsNoTracking().Where(a => a.Id == assetId)
            .Select(a => new { a.Hash, Variants = a.Variants.Select(v => new { v.Width, v.Format }).ToList() })
            .SingleOrDefaultAsync(ct);
        return asset is null ? [] : [.. asset.Variants.Select(v => MediaUrls.VariantPath(asset.Hash, v.Width, v.Format))];
    }

    private static void Apply(Banner banner, BannerForm form, BannerSchedule schedule)
    {
        banner.Placement = form.Placement;
        banner.Headline = form.Headline.Trim();
        banner.Text = string.IsNullOrWhiteSpace(form.Text) ? null : form.Text.Trim();
        banner.LinkUrl = string.IsNullOrWhiteSpace(form.LinkUrl) ? null : form.LinkUrl.Trim();
        banner.MediaAssetId = form.MediaAssetId;
        banner.AltText = form.MediaAssetId is null || string.IsNullOrWhiteSpace(form.AltText) ? null : form.AltText.Trim();
        banner.CategoryId = form.Placement == BannerPlacement.CategoryTop && form.CategoryId is > 0 ? form.CategoryId : null;
        banner.StartsAt = schedule.StartsAt;
        banner.EndsAt = schedule.EndsAt;
        banner.TimeZone = schedule.TimeZone;
        banner.Priority = form.Priority;
        banner.Published = form.Published;
    }

    private static BannerForm ToForm(Banner banner) => new()
    {
        Placement = banner.Placement, Headline = banner.Headline, Text = banner.Text, LinkUrl = banner.LinkUrl,
        MediaAssetId = banner.MediaAssetId, AltText = banner.AltText, CategoryId = banner.CategoryId,
        StartsLocal = BannerRules.InZone(banner.StartsAt, banner.TimeZone).DateTime,
        EndsLocal = banner.EndsAt is { } end ? BannerRules.InZone(end, banner.TimeZone).DateTime : null,
        TimeZone = banner.TimeZone, Priority = banner.Priority, Published = banner.Published, Version = banner.Version,
    };

    private static BannerSnapshot Snapshot(Banner b) =>
        new(b.Placement.ToString(), b.Headline, b.Text, b.LinkUrl, b.MediaAssetId, b.AltText, b.CategoryId, b.StartsAt, b.EndsAt, b.TimeZone, b.Priority, b.Published);

    private static string Key(long id) => id.ToString(CultureInfo.InvariantCulture);

    private sealed record BannerSnapshot(
        string Placement, string Headline, string? Text, string? LinkUrl, long? MediaAssetId, string? AltText, int? CategoryId,
        DateTimeOffset StartsAt, DateTimeOffset? EndsAt, string TimeZone, int Priority, bool Published);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not purge {Count} banner image paths from the CDN edge; the banner is unpublished all the same")]
    private static partial void LogPurgeFailed(ILogger logger, int count, Exception exception);
}
