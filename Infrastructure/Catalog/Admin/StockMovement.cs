using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PeakShop.Infrastructure.Catalog.Admin;

/// <summary>One change of a product's stock by staff, with its reason: the product's inventory history.</summary>
public sealed class StockMovement
{
    public long Id { get; set; }
    public int ProductId { get; set; }
    public DateTimeOffset At { get; set; }
    public int Delta { get; set; }
    public int StockAfter { get; set; }
    public required string Reason { get; set; }
    public required string ActorEmail { get; set; }
}

internal sealed class StockMovementConfiguration : IEntityTypeConfiguration<StockMovement>
{
    public void Configure(EntityTypeBuilder<StockMovement> builder)
    {
        builder.Property(m => m.Reason).HasMaxLength(200);
        builder.Property(m => m.ActorEmail).HasMaxLength(256);
        builder.HasIndex(m => new { m.ProductId, m.At });
        builder.HasOne<Product>().WithMany().HasForeignKey(m => m.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}
