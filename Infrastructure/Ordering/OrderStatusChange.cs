using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PeakShop.Infrastructure.Ordering;

/// <summary>One staff transition of an order (packed, shipped, cancelled…): the order's status history.</summary>
public sealed class OrderStatusChange
{
    public long Id { get; set; }
    public long OrderId { get; set; }
    public DateTimeOffset At { get; set; }
    public OrderStatus From { get; set; }
    public OrderStatus To { get; set; }
    public required string ActorEmail { get; set; }
    /// <summary>What came with the change: the tracking number, the restocked units, the refund id.</summary>
    public string? Note { get; set; }
}

internal sealed class OrderStatusChangeConfiguration : IEntityTypeConfiguration<OrderStatusChange>
{
    public void Configure(EntityTypeBuilder<OrderStatusChange> builder)
    {
        builder.ToTable("order_status_changes");
        builder.Property(c => c.From).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.To).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.ActorEmail).HasMaxLength(256);
        builder.Property(c => c.Note).HasMaxLength(500);
        builder.HasIndex(c => new { c.OrderId, c.At });
        builder.HasOne<Order>().WithMany().HasForeignKey(c => c.OrderId).OnDelete(DeleteBehavior.Cascade);
    }
}
