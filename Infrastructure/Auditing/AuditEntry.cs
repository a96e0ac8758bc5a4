namespace PeakShop.Infrastructure.Auditing;

/// <summary>One staff write: who, what, when, and the entity before and after (JSON), committed with the write itself.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string ActorId { get; set; }
    public required string ActorEmail { get; set; }
    /// <summary>What happened, e.g. <c>product.update</c>, <c>stock.adjust</c>, <c>order.ship</c>.</summary>
    public required string Action { get; set; }
    public required string EntityType { get; set; }
    public required string EntityId { get; set; }
    /// <summary>The entity's audited fields before the write (JSON), null for a creation.</summary>
    public string? Before { get; set; }
    /// <summary>The audited fields after the write (JSON), null for a deletion.</summary>
    public string? After { get; set; }
}

/// <summary>The signed-in staff member a write is attributed to.</summary>
public sealed record StaffActor(string Id, string Email);
