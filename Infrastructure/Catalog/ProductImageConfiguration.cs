using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PeakShop.Infrastructure.Media;

namespace PeakShop.Infrastructure.Catalog;

internal sealed class ProductImageConfiguration : IEntityTypeConfiguration<ProductImage>
{
    public void Configure(EntityTypeBuilder<ProductImage> builder)
    {
        builder.Property(i => i.Path).HasMaxLength(500);
        builder.Property(i => i.AltText).HasMaxLength(300);
        builder.HasIndex(i => new { i.ProductId, i.SortOrder });
        builder.HasOne<MediaAsset>().WithMany().HasForeignKey(i => i.MediaAssetId).OnDelete(DeleteBehavior.Restrict);
    }
}
