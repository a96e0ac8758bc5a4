using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PeakShop.Infrastructure.Media;

public enum MediaKind
{
    Image,
    Document,
}

public enum MediaStatus
{
    /// <summary>Stored; the variants job has not finished (images only).</summary>
    Processing,
    /// <summary>Published: every URL answers.</summary>
    Ready,
    /// <summary>The variants job gave up; the error says why.</summary>
    Failed,
    /// <summary>Taken down: the origin answers 404 and the CDN has been purged.</summary>
    Unpublished,
}

/// <summary>
/// An uploaded file, known by the SHA-256 of its bytes (<see cref="Hash"/>, lowercase hex). Its published
/// URLs are <c>media/{Hash}/{width}.{format}</c> (one per <see cref="MediaVariant"/>) and, for documents,
/// <c>media/{Hash}/original.{Extension}</c>.
/// </summary>
public sealed class MediaAsset
{
    public long Id { get; set; }
    public required string Hash { get; set; }
    public MediaKind Kind { get; set; }
    /// <summary>Decided from the content, never from the file name.</summary>
    public required string ContentType { get; set; }
    /// <summary>jpg, png, webp, gif or pdf (from the content).</summary>
    public required string Extension { get; set; }
    /// <summary>The name it was uploaded under, for people; never used to decide anything.</summary>
    public required string FileName { get; set; }
    public long Length { get; set; }
    /// <summary>Pixels after orientation is applied; 0 for documents.</summary>
    public int Width { get; set; }
    public int Height { get; set; }
    /// <summary>A default description, offered when the image is placed somewhere.</summary>
    public string? AltText { get; set; }
    public MediaStatus Status { get; set; }
    public string? Error { get; set; }
    public required string UploadedBy { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
    public DateTimeOffset? UnpublishedAt { get; set; }
    public uint Version { get; set; }
    public List<MediaVariant> Variants { get; set; } = [];
}

/// <summary>One published rendition of an image: a width in one format, its bytes in the store under <see cref="BlobHash"/>.</summary>
public sealed class MediaVariant
{
    public long AssetId { get; set; }
    public int Width { get; set; }
    /// <summary>webp, jpg or png.</summary>
    public required string Format { get; set; }
    public int Height { get; set; }
    public required string BlobHash { get; set; }
    public long Length { get; set; }
}

internal sealed class MediaAssetConfiguration : IEntityTypeConfiguration<MediaAsset>
{
    public void Configure(EntityTypeBuilder<MediaAsset> builder)
    {
        builder.ToTable("media_assets");
        builder.Property(a => a.Hash).HasMaxLength(64).IsFixedLength();
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.ContentType).HasMaxLength(100);
        builder.Property(a => a.Extension).HasMaxLength(8);
        builder.Property(a => a.FileName).HasMaxLength(260);
        builder.Property(a => a.AltText).HasMaxLength(300);
        builder.Property(a => a.Error).HasMaxLength(1000);
        builder.Property(a => a.UploadedBy).HasMaxLength(256);
        builder.Property(a => a.Version).IsRowVersion();
        builder.HasIndex(a => a.Hash).IsUnique();
        builder.HasIndex(a => a.UploadedAt);
        builder.HasMany(a => a.Variants).WithOne().HasForeignKey(v => v.AssetId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MediaVariantConfiguration : IEntityTypeConfiguration<MediaVariant>
{
    public void Configure(EntityTypeBuilder<MediaVariant> builder)
    {
        builder.ToTable("media_variants");
        builder.HasKey(v => new { v.AssetId, v.Width, v.Format });
        builder.Property(v => v.Format).HasMaxLength(8);
        builder.Property(v => v.BlobHash).HasMaxLength(64).IsFixedLength();
    }
}
