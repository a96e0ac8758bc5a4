using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NpgsqlTypes;

namespace PeakShop.Infrastructure.Catalog;

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    /// <summary>Maintained by a trigger (see the InitialCatalog migration): name A, brand B, description C.</summary>
    public const string SearchVectorColumn = "search_vector";

    public void Configure(EntityTypeBuilder<Product> builder)
    {
        builder.Property(p => p.Sku).HasMaxLength(32);
        builder.Property(p => p.Slug).HasMaxLength(200);
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.Property(p => p.Description).HasMaxLength(8000);
        builder.Property(p => p.Price).HasPrecision(12, 2);
        builder.Property(p => p.Currency).HasMaxLength(3).IsFixedLength();
        builder.Property(p => p.Version).IsRowVersion();
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("ck_products_price_nonnegative", "price >= 0");
            t.HasCheckConstraint("ck_products_stock_nonnegative", "stock >= 0");
        });

        builder.HasIndex(p => p.Sku).IsUnique();
        builder.HasIndex(p => p.Slug).IsUnique();
        builder.HasIndex(p => new { p.CategoryId, p.Price });
        builder.HasIndex(p => new { p.BrandId, p.Price });
        builder.HasIndex(p => p.CreatedAt);
        // Typo-tolerant search: trigram similarity on the name.
        builder.HasIndex(p => p.Name).HasMethod("gin").HasOperators("gin_trgm_ops")
            .HasDatabaseName("ix_products_name_trgm");

        builder.Property<NpgsqlTsVector>("SearchVector").HasColumnName(SearchVectorColumn)
            .ValueGeneratedOnAddOrUpdate();
        builder.HasIndex("SearchVector").HasMethod("gin");

        builder.HasOne(p => p.Brand).WithMany(b => b.Products).HasForeignKey(p => p.BrandId)
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(p => p.Category).WithMany(c => c.Products).HasForeignKey(p => p.CategoryId)
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(p => p.Images).WithOne().HasForeignKey(i => i.ProductId)
            .OnDelete(DeleteBehavior.Cascade);
    }
}
