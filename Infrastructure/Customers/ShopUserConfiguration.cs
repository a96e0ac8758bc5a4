using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PeakShop.Infrastructure.Customers;

internal sealed class ShopUserConfiguration : IEntityTypeConfiguration<ShopUser>
{
    public void Configure(EntityTypeBuilder<ShopUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(200);
        // Staff search customers by part of their e-mail or name.
        builder.HasIndex(u => u.Email).HasMethod("gin").HasOperators("gin_trgm_ops")
            .HasDatabaseName("ix_asp_net_users_email_trgm");
        builder.HasIndex(u => u.DisplayName).HasMethod("gin").HasOperators("gin_trgm_ops")
            .HasDatabaseName("ix_asp_net_users_display_name_trgm");
    }
}
