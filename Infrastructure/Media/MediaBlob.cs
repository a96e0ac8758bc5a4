using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PeakShop.Infrastructure.Media;

/// <summary>Bytes in the PostgreSQL media store, keyed by their own SHA-256 (lowercase hex).</summary>
public sealed class MediaBlob
{
    public required string Hash { get; set; }
    public required byte[] Content { get; set; }
    public long Length { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class MediaBlobConfiguration : IEntityTypeConfiguration<MediaBlob>
{
    public void Configure(EntityTypeBuilder<MediaBlob> builder)
    {
        builder.ToTable("media_blobs");
        builder.HasKey(b => b.Hash);
        builder.Property(b => b.Hash).HasMaxLength(64).IsFixedLength();
    }
}
