using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Logging;
using PeakShop.Infrastructure.Data;

namespace PeakShop.Infrastructure.Api;

/// <summary>What a request needs to know about a key: cached, so a keyed request costs no database read.</summary>
public sealed record ApiKeyEntry(int Id, string KeyId, string Name, byte[] SecretHash, string[] Scopes, int? RequestsPerMinute, bool Revoked);

/// <summary>The key a request presented, or why it was refused.</summary>
public sealed record ApiKeyVerdict(ApiKeyEntry? Key, string? Failure)
{
    public static ApiKeyVerdict Refused(string failure) => new(null, failure);
}

/// <summary>
/// Looks keys up by id through HybridCache (memory, then Redis, then the primary: never a standby, which may not have
/// replayed a key created a moment ago). Revocation and creation invalidate the key's tag on every replica
/// (<see cref="ApiKeyAdmin"/>). Last use is written at most every <see cref="LastUsedInterval"/> per key and replica,
/// off the request path.
/// </summary>
public sealed partial class ApiKeyStore(
    IDbContextFactory<ShopDbContext> contexts, HybridCache cache, TimeProvider time, ILogger<ApiKeyStore> logger)
{
    public static readonly TimeSpan LastUsedInterval = TimeSpan.FromMinutes(5);

    // Unknown ids are cached too (a flood of made-up ids must not become a flood of queries), but briefly.
    private static readonly HybridCacheEntryOptions Entry = new() { Expiration = TimeSpan.FromMinutes(10), LocalCacheExpiration = TimeSpan.FromMinutes(1) };

    private readonly ConcurrentDictionary<int, DateTimeOffset> _lastWritten = new();

    public static string Tag(string keyId) => "api-key:" + keyId;

    public async Task<ApiKeyVerdict> VerifyAsync(string? presented, CancellationToken cancellationToken = default)
    {
        if (!ApiKeyFormat.TryParse(presented, out var keyId, out var hash))
        {
            return ApiKeyVerdict.Refused("The X-Api-Key header is not an API key (psk_…).");
        }
        var key = await FindAsync(keyId, cancellationToken);
        if (key is null || !ApiKeyFormat.Matches(key.SecretHash, hash))
        {
            return ApiKeyVerdict.Refused("Unknown API key.");
        }
        if (key.Revoked)
        {
            return ApiKeyVerdict.Refused("This API key has been revoked.");
        }
        NoteUse(key.Id);
        return new ApiKeyVerdict(key, null);
    }

    public ValueTask<ApiKeyEntry?> FindAsync(string keyId, CancellationToken cancellationToken = default) =>
        cache.GetOrCreateAsync(
            "api-key:" + keyId,
            (contexts, keyId),
            static async (state, ct) =>
            {
                await using var db = await state.contexts.CreateDbContextAsync(ct);
                return await db.Set<ApiKey>().AsNoTracking()
                    .Where(k => k.KeyId == state.keyId)
                    .Select(k => new ApiKeyEntry(k.Id, k.KeyId, k.Name, k.SecretHash, k.Scopes, k.RequestsPerMinute, k.RevokedAt != null))
                    .SingleOrDefaultAsync(ct);
            },
            Entry,
            [Tag(keyId)],
            cancellationToken);

    private void NoteUse(int id)
    {
        var now = time.GetUtcNow();
        if (_lastWritten.TryGetValue(id, out var last) && now - last < LastUsedInterval)
        {
            return;
        }
        _lastWritten[id] = now;
        _ = WriteLastUsedAsync(id, now);
    }

    private async Task WriteLastUsedAsync(int id, DateTimeOffset now)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync();
            var before = now - LastUsedInterval;
            // Another replica may have written it a moment ago: one row update per interval, whoever comes first.
            await db.Set<ApiKey>()
                .Where(k => k.Id == id && (k.LastUsedAt == null || k.LastUsedAt < before))
                .ExecuteUpdateAsync(set => set.SetProperty(k => k.LastUsedAt, now));
        }
        catch (Exception e)
        {
            // Best effort: a request never fails because "last used" could not be written (primary down, shutting down).
            _lastWritten.TryRemove(id, out _);
            LogLastUsedFailed(logger, id, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the last use of API key {Id}: {Reason}")]
    private static partial void LogLastUsedFailed(ILogger logger, int id, string reason);
}
