using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PeakShop.Infrastructure.Catalog;

namespace PeakShop.Infrastructure.Ordering;

internal sealed class OrderLineConfiguration : IEntityTypeConfiguration<OrderLine>
{
    public void Configure(EntityTypeBuilder<OrderLine> builder)
    {
        builder.Property(l => l.Sku).HasMaxLength(32);
        builder.Property(l => l.Name).HasMaxLength(200);
        builder.Property(l => l.UnitPrice).HasPrecision(12, 2);
        builder.Property(l => l.LineTotal).HasPrecision(12, 2);
        builder.ToTable(t => t.HasCheckConstraint("ck_order_lines_quantity_positive", "quantity > 0"));
        // The snapshot outlives the product: deleting a product keeps its order lines.
        builder.HasOne<Product>().WithMany().HasForeignKey(l => l.ProductId)
            .OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(l => l.ProductId);
    }
}
