using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PeakShop.Infrastructure.Catalog;

internal sealed class BrandConfiguration : IEntityTypeConfiguration<Brand>
{
    public void Configure(EntityTypeBuilder<Brand> builder)
    {
        builder.Property(b => b.Slug).HasMaxLength(100);
        builder.Property(b => b.Name).HasMaxLength(100);
        builder.HasIndex(b => b.Slug).IsUnique();
    }
}
