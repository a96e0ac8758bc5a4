using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using PeakShop.Infrastructure.Auditing;
using PeakShop.Infrastructure.Caching;
using PeakShop.Infrastructure.Cdn;
using PeakShop.Infrastructure.Data;
using PeakShop.Infrastructure.Jobs.Outbox;
using PeakShop.Infrastructure.Marketing;
using PeakShop.Infrastructure.Validation;

namespace PeakShop.Infrastructure.Media;

/// <summary>The outcome of an upload: the asset (new or the one with the same bytes), or why nothing was stored.</summary>
public sealed record MediaUploadResult(MediaAsset? Asset, bool Created, string? Refusal, bool TooLarge)
{
    public bool Succeeded => Asset is not null;

    public static MediaUploadResult Refused(string message, bool tooLarge = false) => new(null, false, message, tooLarge);
}

/// <summary>The outcome of unpublishing or republishing.</summary>
public sealed record MediaPublishResult(MediaAsset? Asset, string? PurgeError)
{
    public bool NotFound => Asset is null;
}

public sealed record MediaVariantsPayload(long AssetId);

/// <summary>
/// The media library: validated uploads (ADR 11, 12), publishing and unpublishing. Writes run in one transaction on
/// the primary with their audit row; the variants job is recorded in the same transaction through the outbox, so an
/// upload that commits always gets its variants and one that rolls back leaves nothing behind.
/// </summary>
public sealed partial class MediaLibrary(
    IDbContextFactory<ShopDbContext> contexts,
    ICdnPurger purger,
    IShopCacheInvalidator cache,
    IOptions<MediaOptions> options,
    TimeProvider time,
    ILogger<MediaLibrary> logger)
{
    /// <summary>The column's bound (<c>media_assets.alt_text</c>).</summary>
    public const int AltTextMaxLength = 300;

    public MediaOptions Options => options.Value;

    /// <summary>
    /// Checks the bytes (type by content, size, pixel count, structure) and stores them with a new asset, or
    /// returns the asset that already has these bytes. Images start Processing (the variants job makes them
    /// Ready); documents are Ready at once. <paramref name="queueVariants"/> false leaves the variants to the caller
    /// (the seeder renders them in-line with <see cref="MediaVariantsJob"/>).
    /// </summary>
    public async Task<MediaUploadResult> UploadAsync(string fileName, byte[] content, StaffActor actor,
        string? altText = null, bool queueVariants = true, CancellationToken cancellationToken = default)
    {
        if (!ShopText.IsClean(altText) || !ShopText.IsClean(fileName))
        {
            return MediaUploadResult.Refused(ShopText.InvalidMessage);
        }
        if (altText?.Trim().Length > AltTextMaxLength)
        {
            return MediaUploadResult.Refused($"The image description can be at most {AltTextMaxLength} characters.");
        }
        var (type, refusal) = Validate(content, options.Value);
        if (type is null)
        {
            return refusal!;
        }
        var hash = PostgresMediaStore.HashOf(content);
        if (await FindByHashAsync(hash, cancellationToken) is { } existing)
        {
            return new MediaUploadResult(existing, false, null, false);
        }
        try
        {
            var asset = await contexts.InTransactionAsync(
                (db, ct) => AddAsync(db, type, content, fileName, actor, altText, queueVariants, time.GetUtcNow(), ct),
                cancellationToken: cancellationToken);
            LogUploaded(logger, asset.Id, asset.Hash, asset.ContentType, asset.Length);
            return new MediaUploadResult(asset, true, null, false);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // The same bytes were uploaded at the same moment by someone else: theirs is the asset.
            return await FindByHashAsync(hash, cancellationToken) is { } raced
                ? new MediaUploadResult(raced, false, null, false)
                : throw new InvalidOperationException($"media asset {hash} conflicted but cannot be found", ex);
        }
    }

    /// <summary>
    /// The upload's type by content, with an image's size after EXIF orientation (read by libvips from the header only,
    /// after the pixel limit was checked on the raw header), or the refusal.
    /// </summary>
    public static (MediaType? Type, MediaUploadResult? Refusal) Validate(byte[] content, MediaOptions options)
    {
        var inspection = MediaSniffer.Inspect(content, options);
        if (inspection.Type is not { } type)
        {
            return (null, MediaUploadResult.Refused(inspection.Refusal!, inspection.TooLarge));
        }
        if (type.Kind == MediaKind.Image)
        {
            var header = MediaImages.ReadHeader(content);
            if (header.Problem is { } problem)
            {
                return (null, MediaUploadResult.Refused($"The image cannot be read: {problem}"));
            }
            type = type with { Width = header.Width, Height = header.Height };
        }
        return (type, null);
    }

    /// <summary>
    /// Stores validated bytes and their asset through the caller's context and transaction, with the audit row and
    /// (for an image, when <paramref name="queueVariants"/>) the variants job in the outbox. The upload and the seeder share it.
    /// </summary>
    public static async Task<MediaAsset> AddAsync(ShopDbContext db, MediaType type, byte[] content, string fileName, StaffActor actor,
        string? altText, bool queueVariants, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var hash = await PostgresMediaStore.PutAsync(db, content, now, cancellationToken);
        var asset = new MediaAsset
        {
            Hash = hash,
            Kind = type.Kind,
            ContentType = type.ContentType,
            Extension = type.Extension,
            FileName = CleanFileName(fileName, type.Extension),
            Length = content.Length,
            Width = type.Width,
            Height = type.Height,
            AltText = string.IsNullOrWhiteSpace(altText) ? null : altText.Trim(),
            Status = type.Kind == MediaKind.Document ? MediaStatus.Ready : MediaStatus.Processing,
            UploadedBy = actor.Email,
            UploadedAt = now,
        };
        db.MediaAssets.Add(asset);
        await db.SaveChangesAsync(cancellationToken);
        if (type.Kind == MediaKind.Image && queueVariants)
        {
            db.OutboxMessages.Add(ShopOutbox.Create(OutboxKinds.MediaVariants, new MediaVariantsPayload(asset.Id), now));
        }
        AuditLog.Record(db, actor, "media.upload", nameof(MediaAsset), Key(asset.Id), null, Snapshot(asset), now);
        await db.SaveChangesAsync(cancellationToken);
        return asset;
    }

    /// <summary>
    /// Takes an asset down: the origin answers 404 from the commit on, then the edge is purged under
    /// <c>media/{hash}/</c>. A failed purge is logged and returned (the unpublish stands; unpublishing again retries
    /// the purge).
    /// </summary>
    public Task<MediaPublishResult> UnpublishAsync(long id, StaffActor actor, CancellationToken cancellationToken = default) =>
        SetPublishedAsync(id, publish: false, actor, cancellationToken);

    /// <summary>Puts an unpublished asset back: Ready when its variants exist (documents need none), otherwise Processing with the job queued again.</summary>
    public Task<MediaPublishResult> RepublishAsync(long id, StaffActor actor, CancellationToken cancellationToken = default) =>
        SetPublishedAsync(id, publish: true, actor, cancellationToken);

    /// <summary>
    /// One transaction with its audit row (nothing written when the asset is already so); then the banner pages are
    /// evicted (a banner whose image is not Ready leaves them) and the edge is purged: it may hold the asset, or a
    /// short-lived 404 from while it was down.
    /// </summary>
    private async Task<MediaPublishResult> SetPublishedAsync(long id, bool publish, StaffActor actor, CancellationToken cancellationToken)
    {
        var asset = await contexts.InTransactionAsync(async (db, ct) =>
        {
            var asset = await db.MediaAssets.Include(a => a.Variants).SingleOrDefaultAsync(a => a.Id == id, ct);
            if (asset is null || (publish ? asset.Status != MediaStatus.Unpublished : asset.Status == MediaStatus.Unpublished))
            {
                return asset;
            }
            var before = Snapshot(asset);
            var now = time.GetUtcNow();
            if (publish)
            {
                asset.UnpublishedAt = null;
                asset.Status = asset.Kind == MediaKind.Document || asset.Variants.Count > 0 ? MediaStatus.Ready : MediaStatus.Processing;
                if (asset.Status == MediaStatus.Processing)
                {
                    db.OutboxMessages.Add(ShopOutbox.Create(OutboxKinds.MediaVariants, new MediaVariantsPayload(asset.Id), now));
                }
            }
            else
            {
                asset.Status = MediaStatus.Unpublished;
                asset.UnpublishedAt = now;
            }
            AuditLog.Record(db, actor, publish ? "media.publish" : "media.unpublish", nameof(MediaAsset), Key(id), before, Snapshot(asset), now);
            await db.SaveChangesAsync(ct);
            return asset;
        }, cancellationToken: cancellationToken);
        if (asset is null)
        {
            return new MediaPublishResult(null, null);
        }
        await cache.InvalidateAsync([BannerTags.Banners], cancellationToken);
        return new MediaPublishResult(asset, await PurgeAsync(asset, cancellationToken));
    }

    /// <summary>The newest assets first, with their variants (primary: staff see their own uploads at once).</summary>
    public async Task<IReadOnlyList<MediaAsset>> ListAsync(int limit = 200, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.MediaAssets.AsNoTracking().Include(a => a.Variants)
            .OrderByDescending(a => a.UploadedAt).ThenByDescending(a => a.Id).Take(limit).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Published images whose file name or description contains <paramref name="search"/> (all when empty), newest
    /// first: what an image picker offers.
    /// </summary>
    public async Task<IReadOnlyList<MediaImageChoice>> SearchImagesAsync(string? search, int limit = 24, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var images = db.MediaAssets.AsNoTracking().Where(a => a.Kind == MediaKind.Image && a.Status == MediaStatus.Ready);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim();
            var pattern = LikePattern.Containing(term[..Math.Min(term.Length, 100)]);
            images = images.Where(a => EF.Functions.ILike(a.FileName, pattern, LikePattern.Escape)
                || (a.AltText != null && EF.Functions.ILike(a.AltText, pattern, LikePattern.Escape)));
        }
        var assets = await images.Include(a => a.Variants)
            .OrderByDescending(a => a.UploadedAt).ThenByDescending(a => a.Id).Take(Math.Clamp(limit, 1, 200))
            .ToListAsync(cancellationToken);
        return [.. assets.Select(MediaImageChoice.Of).OfType<MediaImageChoice>()];
    }

    public async Task<MediaAsset?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.MediaAssets.AsNoTracking().Include(a => a.Variants).SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
    }

    /// <summary>
    /// The asset behind a public URL, when it is Ready. Read from the primary on purpose: the row is small and the
    /// edge asks rarely (a year's cache), while a standby that has not replayed an unpublish yet would let the edge
    /// re-cache, for a year, what was just purged. The bytes themselves come from the standby (<see cref="IMediaStore"/>).
    /// </summary>
    public async Task<MediaAsset?> FindPublishedAsync(string hash, CancellationToken cancellationToken = default)
    {
        if (!PostgresMediaStore.IsHash(hash))
        {
            return null;
        }
        var asset = await FindByHashAsync(hash, cancellationToken);
        return asset is { Status: MediaStatus.Ready } ? asset : null;
    }

    private async Task<MediaAsset?> FindByHashAsync(string hash, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.MediaAssets.AsNoTracking().Include(a => a.Variants).SingleOrDefaultAsync(a => a.Hash == hash, cancellationToken);
    }

    private async Task<string?> PurgeAsync(MediaAsset asset, CancellationToken cancellationToken)
    {
        try
        {
            await purger.PurgePrefixAsync(MediaUrls.Prefix(asset.Hash), cancellationToken);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPurgeFailed(logger, asset.Id, asset.Hash, ex);
            return $"The CDN could not be purged ({ex.Message}); cached copies expire on their own or when you try again.";
        }
    }

    /// <summary>The name for people: no path, no control characters, at most 260 characters, and a sensible extension.</summary>
    internal static string CleanFileName(string? fileName, string extension)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/'));
        name = new string([.. name.Where(c => !char.IsControl(c))]).Trim();
        if (name.Length == 0)
        {
            name = "upload." + extension;
        }
        return name.Length <= 260 ? name : name[..250] + "." + extension;
    }

    private static string Key(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private sealed record AssetSnapshot(string Hash, string FileName, string ContentType, long Length, int Width, int Height, string Status);

    private static AssetSnapshot Snapshot(MediaAsset a) => new(a.Hash, a.FileName, a.ContentType, a.Length, a.Width, a.Height, a.Status.ToString());

    [LoggerMessage(Level = LogLevel.Information, Message = "Media asset {Id} stored: {Hash} ({ContentType}, {Length} bytes)")]
    private static partial void LogUploaded(ILogger logger, long id, string hash, string contentType, long length);

    [LoggerMessage(Level = LogLevel.Warning, Message = "CDN purge of media asset {Id} ({Hash}) failed; the asset stays unpublished at the origin")]
    private static partial void LogPurgeFailed(ILogger logger, long id, string hash, Exception exception);
}
