using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using PeakShop.Infrastructure.Auditing;
using PeakShop.Infrastructure.Caching;
using PeakShop.Infrastructure.Data;

namespace PeakShop.Infrastructure.Api;

/// <summary>The create form of <c>/admin/api-keys</c>.</summary>
public sealed class ApiKeyForm
{
    public const int MaxNameLength = 100;

    [Required(ErrorMessage = "Name the key after the partner or app that will use it.")]
    [StringLength(MaxNameLength, ErrorMessage = "At most 100 characters.")]
    public string Name { get; set; } = "";

    /// <summary>Write scope (carts and checkout) besides read.</summary>
    public bool Write { get; set; }

    [Range(1, 1_000_000, ErrorMessage = "Between 1 and 1,000,000 requests per minute, or empty for the default.")]
    public int? RequestsPerMinute { get; set; }
}

public sealed record ApiKeyRow(
    int Id, string KeyId, string Name, string[] Scopes, int? RequestsPerMinute, DateTimeOffset CreatedAt, string CreatedByEmail,
    DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

/// <summary>A key just created: <see cref="Key"/> is the only time anyone sees the secret.</summary>
public sealed record ApiKeyCreated(int Id, string KeyId, string Key);

/// <summary>What the audit log keeps of a key (never its hash).</summary>
internal sealed record ApiKeySnapshot(string KeyId, string Name, string[] Scopes, int? RequestsPerMinute, DateTimeOffset? RevokedAt);

/// <summary>
/// Admin writes to API keys (ADR 21): each with an audit row in its transaction; after the commit, the key's cache tag
/// is invalidated on every replica, so a revoked key stops working everywhere at its next request.
/// </summary>
public sealed class ApiKeyAdmin(IDbContextFactory<ShopDbContext> contexts, IShopCacheInvalidator cache, TimeProvider time)
{
    public const int MaxListed = 500;

    public async Task<IReadOnlyList<ApiKeyRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<ApiKey>().AsNoTracking()
            .OrderBy(k => k.RevokedAt != null).ThenByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id)
            .Take(MaxListed)
            .Select(k => new ApiKeyRow(k.Id, k.KeyId, k.Name, k.Scopes, k.RequestsPerMinute, k.CreatedAt, k.CreatedByEmail, k.LastUsedAt, k.RevokedAt))
            .ToListAsync(cancellationToken);
    }

    public async Task<ApiKeyCreated> CreateAsync(ApiKeyForm form, StaffActor actor, CancellationToken cancellationToken = default)
    {
        var name = form.Name.Trim();
        if (name.Length is 0 or > ApiKeyForm.MaxNameLength || form.RequestsPerMinute is <= 0)
        {
            throw new ArgumentException("The form was not validated.", nameof(form));
        }
        var (keyId, key, hash) = ApiKeyFormat.Create();
        string[] scopes = form.Write ? [ApiScopes.Read, ApiScopes.Write] : [ApiScopes.Read];
        var id = await contexts.InTransactionAsync(async (db, ct) =>
        {
            var now = time.GetUtcNow();
            var entity = new ApiKey
            {
                KeyId = keyId, Name = name, SecretHash = hash, Scopes = scopes, RequestsPerMinute = form.RequestsPerMinute,
                CreatedById = actor.Id, CreatedByEmail = actor.Email, CreatedAt = now,
            };
            db.Add(entity);
            AuditLog.Record<ApiKeySnapshot>(db, actor, "api-key.create", nameof(ApiKey), keyId, null, Snapshot(entity), now);
            await db.SaveChangesAsync(ct);
            return entity.Id;
        }, cancellationToken: cancellationToken);
        // A replica that was sent this id before it existed cached "unknown" for it.
        await cache.InvalidateAsync([ApiKeyStore.Tag(keyId)], cancellationToken);
        return new ApiKeyCreated(id, keyId, key);
    }

    /// <summary>Revokes a key for good; false when there is no such key or it was already revoked.</summary>
    public async Task<bool> RevokeAsync(int id, StaffActor actor, CancellationToken cancellationToken = default)
    {
        var keyId = await contexts.InTransactionAsync(async (db, ct) =>
        {
            var key = await db.Set<ApiKey>().SingleOrDefaultAsync(k => k.Id == id && k.RevokedAt == null, ct);
            if (key is null)
            {
                return null;
            }
            var before = Snapshot(key);
            key.RevokedAt = time.GetUtcNow();
            AuditLog.Record(db, actor, "api-key.revoke", nameof(ApiKey), key.KeyId, before, Snapshot(key), key.RevokedAt.Value);
            await db.SaveChangesAsync(ct);
            return key.KeyId;
        }, cancellationToken: cancellationToken);
        if (keyId is null)
        {
            return false;
        }
        await cache.InvalidateAsync([ApiKeyStore.Tag(keyId)], cancellationToken);
        return true;
    }

    private static ApiKeySnapshot Snapshot(ApiKey key) => new(key.KeyId, key.Name, key.Scopes, key.RequestsPerMinute, key.RevokedAt);
}

/// <summary>The scopes a key can hold.</summary>
public static class ApiScopes
{
    public const string Read = "read";
    public const string Write = "write";
}
