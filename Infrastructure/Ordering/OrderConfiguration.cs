using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PeakShop.Infrastructure.Customers;

namespace PeakShop.Infrastructure.Ordering;

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> builder)
    {
        builder.Property(o => o.Number).HasMaxLength(32);
        builder.Property(o => o.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(o => o.Email).HasMaxLength(256);
        builder.Property(o => o.Currency).HasMaxLength(3).IsFixedLength();
        builder.Property(o => o.Subtotal).HasPrecision(12, 2);
        builder.Property(o => o.ShippingTotal).HasPrecision(12, 2);
        builder.Property(o => o.TaxTotal).HasPrecision(12, 2);
        builder.Property(o => o.Total).HasPrecision(12, 2);
        builder.ComplexProperty(o => o.ShippingAddress, ConfigureAddress);
        builder.ComplexProperty(o => o.BillingAddress, ConfigureAddress);

        builder.Property(o => o.PaymentReference).HasMaxLength(64);
        builder.Property(o => o.ShippingMethod).HasMaxLength(16);
        builder.Property(o => o.TrackingNumber).HasMaxLength(64);
        builder.Property(o => o.Version).IsRowVersion();

        builder.HasIndex(o => o.Number).IsUnique();
        builder.HasIndex(o => o.IdempotencyKey).IsUnique();
        builder.HasIndex(o => new { o.CustomerId, o.CreatedAt });
        // The staff order list: newest first, keyset-paged on (created_at, id), optionally by status.
        builder.HasIndex(o => new { o.Status, o.CreatedAt, o.Id });
        builder.HasIndex(o => new { o.CreatedAt, o.Id });
        // "E-mail contains" in the staff order list and guest orders on a customer's page.
        builder.HasIndex(o => o.Email).HasMethod("gin").HasOperators("gin_trgm_ops")
            .HasDatabaseName("ix_orders_email_trgm");

        builder.HasOne<ShopUser>().WithMany().HasForeignKey(o => o.CustomerId)
            .OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId)
            .OnDelete(DeleteBehavior.Cascade);
    }

    private static void ConfigureAddress(ComplexPropertyBuilder<Address> address)
    {
        address.Property(a => a.FullName).HasMaxLength(200);
        address.Property(a => a.Line1).HasMaxLength(200);
        address.Property(a => a.Line2).HasMaxLength(200);
        address.Property(a => a.City).HasMaxLength(100);
        address.Property(a => a.PostalCode).HasMaxLength(20);
        address.Property(a => a.Region).HasMaxLength(100);
        address.Property(a => a.Country).HasMaxLength(2).IsFixedLength();
        address.Property(a => a.Phone).HasMaxLength(40);
    }
}
