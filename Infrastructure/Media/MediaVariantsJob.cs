using System.ComponentModel;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetVips;
using PeakShop.Infrastructure.Data;
using PeakShop.Infrastructure.Jobs;
using PeakShop.Infrastructure.Jobs.Outbox;

namespace PeakShop.Infrastructure.Media;

/// <summary>
/// Makes an image's responsive variants (<see cref="MediaImages.RenderVariants"/>), stores each as a blob with its
/// <see cref="MediaVariant"/> row and marks the asset Ready, in one transaction. Idempotent: an asset that is Ready
/// or Unpublished is left alone, and a re-run replaces the rows of an earlier attempt (blobs are content-addressed).
/// An image libvips cannot decode fails at once (Failed, with the decoder's message); a database outage is retried.
/// </summary>
public sealed partial class MediaVariantsJob(
    IDbContextFactory<ShopDbContext> contexts,
    IMediaStore store,
    IOptions<MediaOptions> options,
    TimeProvider time,
    ILogger<MediaVariantsJob> logger)
{
    [Queue(JobQueues.Media)]
    [DisplayName("Image variants of media asset {0}")]
    public async Task RunAsync(long assetId, CancellationToken cancellationToken)
    {
        MediaAsset? asset;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            asset = await db.MediaAssets.AsNoTracking().SingleOrDefaultAsync(a => a.Id == assetId, cancellationToken);
        }
        if (asset is null || asset.Kind != MediaKind.Image || asset.Status is MediaStatus.Ready or MediaStatus.Unpublished)
        {
            return;
        }
        var original = await store.GetAsync(asset.Hash, cancellationToken)
            ?? throw new PermanentJobFailureException($"media asset {assetId}: the original ({asset.Hash}) is not in the store");

        IReadOnlyList<RenderedVariant> variants;
        var started = time.GetTimestamp();
        try
        {
            variants = MediaImages.RenderVariants(original, asset.Width);
        }
        catch (VipsException ex)
        {
            var message = "The image could not be processed: " + MediaImages.FirstLine(ex.Message);
            await MarkFailedAsync(assetId, message, cancellationToken);
            throw new PermanentJobFailureException(message);
        }

        await contexts.InTransactionAsync((db, ct) => SaveAsync(db, assetId, variants, time.GetUtcNow(), ct), cancellationToken: cancellationToken);
        LogRendered(logger, assetId, variants.Count, time.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>
    /// Stores rendered variants with their rows and marks the asset Ready, through the caller's context and transaction
    /// (the job and the seeder share it). Leaves an asset that is already Ready or Unpublished alone; replaces the rows
    /// of an earlier attempt.
    /// </summary>
    public static async Task<int> SaveAsync(ShopDbContext db, long assetId, IReadOnlyList<RenderedVariant> variants, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var tracked = await db.MediaAssets.SingleOrDefaultAsync(a => a.Id == assetId, cancellationToken);
        if (tracked is null || tracked.Status is MediaStatus.Ready or MediaStatus.Unpublished)
        {
            return 0;
        }
        await db.MediaVariants.Where(v => v.AssetId == assetId).ExecuteDeleteAsync(cancellationToken);
        foreach (var variant in variants)
        {
            var hash = await PostgresMediaStore.PutAsync(db, variant.Content, now, cancellationToken);
            db.MediaVariants.Add(new MediaVariant
            {
                AssetId = assetId, Width = variant.Width, Height = variant.Height, Format = variant.Format, BlobHash = hash, Length = variant.Content.Length,
            });
        }
        tracked.Status = MediaStatus.Ready;
        tracked.Error = null;
        await db.SaveChangesAsync(cancellationToken);
        return variants.Count;
    }

    /// <summary>
    /// Hands images that have been Processing for longer than <c>Media:StuckAfter</c> to the job again (through the
    /// outbox), for the case where their job was lost (deleted from the dashboard, storage restored from a backup).
    /// </summary>
    [Queue(JobQueues.Default)]
    [DisplayName("Requeue media assets stuck in Processing")]
    public async Task<int> RequeueStuckAsync(CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow() - options.Value.StuckAfter;
        return await contexts.InTransactionAsync(async (db, ct) =>
        {
            var stuck = await db.MediaAssets.Where(a => a.Status == MediaStatus.Processing && a.Kind == MediaKind.Image && a.UploadedAt < before)
                .Select(a => a.Id).Take(100).ToListAsync(ct);
            var now = time.GetUtcNow();
            foreach (var id in stuck)
            {
                db.OutboxMessages.Add(ShopOutbox.Create(OutboxKinds.MediaVariants, new MediaVariantsPayload(id), now));
            }
            await db.SaveChangesAsync(ct);
            return stuck.Count;
        }, cancellationToken: cancellationToken);
    }

    private async Task MarkFailedAsync(long assetId, string message, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var trimmed = message.Length <= 1000 ? message : message[..1000];
        await db.MediaAssets.Where(a => a.Id == assetId && a.Status == MediaStatus.Processing)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, MediaStatus.Failed).SetProperty(a => a.Error, trimmed), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Media asset {Id}: {Count} variants in {Milliseconds:0} ms")]
    private static partial void LogRendered(ILogger logger, long id, int count, double milliseconds);
}
