using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using PeakShop.Infrastructure.Data;
using PeakShop.Infrastructure.Data.Replicas;

namespace PeakShop.Infrastructure.Media;

/// <summary>
/// <see cref="IMediaStore"/> on PostgreSQL (<c>media_blobs</c>, ADR 12). Writes go to the primary with
/// <c>INSERT … ON CONFLICT DO NOTHING</c>, so the same bytes are stored once however often they are put. Reads
/// come from the standby through the read router and fall back to the primary when the standby has not replayed
/// the row yet, so a fresh upload never answers 404 at the edge (which would cache the miss).
/// </summary>
internal sealed class PostgresMediaStore(IDbContextFactory<ShopDbContext> contexts, ReadRouter reads, TimeProvider time) : IMediaStore
{
    public static string HashOf(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public async Task<string> PutAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await PutAsync(db, content, time.GetUtcNow(), cancellationToken);
    }

    /// <summary>Stores the bytes through the caller's context (and its transaction, when one is open).</summary>
    public static async Task<string> PutAsync(ShopDbContext db, ReadOnlyMemory<byte> content, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var hash = HashOf(content.Span);
        var bytes = content.ToArray();
        await db.Database.ExecuteSqlAsync(
            $"insert into media_blobs (hash, content, length, created_at) values ({hash}, {bytes}, {(long)bytes.Length}, {now}) on conflict (hash) do nothing",
            cancellationToken);
        return hash;
    }

    public async Task<byte[]?> GetAsync(string hash, CancellationToken cancellationToken)
    {
        if (!IsHash(hash))
        {
            return null;
        }
        await using (var standby = reads.CreateContext(new ReadConsistency()))
        {
            if (await standby.MediaBlobs.Where(b => b.Hash == hash).Select(b => b.Content).FirstOrDefaultAsync(cancellationToken) is { } found)
            {
                return found;
            }
        }
        // Not replayed yet (or not there at all): the primary decides.
        await using var primary = await contexts.CreateDbContextAsync(cancellationToken);
        return await primary.MediaBlobs.AsNoTracking().Where(b => b.Hash == hash).Select(b => b.Content).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task DeleteAsync(string hash, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.MediaBlobs.Where(b => b.Hash == hash).ExecuteDeleteAsync(cancellationToken);
    }

    public static bool IsHash(string value) =>
        value.Length == 64 && value.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
}
