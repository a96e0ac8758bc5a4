using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PeakShop.Infrastructure.Jobs.Outbox;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("outbox_messages");
        builder.Property(m => m.Kind).HasMaxLength(64);
        builder.Property(m => m.Payload).HasColumnType("jsonb");
        builder.Property(m => m.JobId).HasMaxLength(64);
        // The dispatcher reads only pending rows, oldest first.
        builder.HasIndex(m => m.Id).HasDatabaseName("ix_outbox_messages_pending").HasFilter("dispatched_at is null");
        builder.HasIndex(m => m.DispatchedAt);
    }
}
