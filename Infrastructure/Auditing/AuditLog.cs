using System.Text.Json;
using PeakShop.Infrastructure.Data;

namespace PeakShop.Infrastructure.Auditing;

/// <summary>
/// Adds audit rows to the same context as the write they describe, so the row commits with the change or
/// not at all. Snapshots are plain records of the audited fields, serialized as JSON.
/// </summary>
public static class AuditLog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Record<T>(ShopDbContext db, StaffActor actor, string action, string entityType, string entityId,
        T? before, T? after, DateTimeOffset at)
        where T : class
    {
        db.AuditLog.Add(new AuditEntry
        {
            At = at,
            ActorId = actor.Id,
            ActorEmail = actor.Email,
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            Before = before is null ? null : JsonSerializer.Serialize(before, Json),
            After = after is null ? null : JsonSerializer.Serialize(after, Json),
        });
    }
}
