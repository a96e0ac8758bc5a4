using Microsoft.EntityFrameworkCore;
using PeakShop.Infrastructure.Data;

namespace PeakShop.Infrastructure.Auditing;

public sealed record AuditQuery(string? EntityType = null, string? EntityId = null, string? Actor = null, string? Action = null, long? Before = null)
{
    public const int PageSize = 100;
}

public sealed record AuditRow(long Id, DateTimeOffset At, string ActorEmail, string Action, string EntityType, string EntityId, string? Before, string? After);

/// <summary>The audit log for Admins: newest first, keyset-paged by id (the log only grows).</summary>
public sealed class AuditQueries(IDbContextFactory<ShopDbContext> contexts)
{
    public async Task<IReadOnlyList<AuditRow>> ListAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var entries = db.AuditLog.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.EntityType))
        {
            entries = entries.Where(a => a.EntityType == query.EntityType);
        }
        if (!string.IsNullOrWhiteSpace(query.EntityId))
        {
            entries = entries.Where(a => a.EntityId == query.EntityId);
        }
        if (!string.IsNullOrWhiteSpace(query.Actor))
        {
            entries = entries.Where(a => a.ActorEmail == query.Actor);
        }
        if (!string.IsNullOrWhiteSpace(query.Action))
        {
            entries = entries.Where(a => a.Action == query.Action);
        }
        if (query.Before is { } before)
        {
            entries = entries.Where(a => a.Id < before);
        }
        return await entries.OrderByDescending(a => a.Id).Take(AuditQuery.PageSize)
            .Select(a => new AuditRow(a.Id, a.At, a.ActorEmail, a.Action, a.EntityType, a.EntityId, a.Before, a.After))
            .ToListAsync(cancellationToken);
    }
}
