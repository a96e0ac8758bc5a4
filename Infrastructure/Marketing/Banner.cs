using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PeakShop.Infrastructure.Catalog;
using PeakShop.Infrastructure.Media;

namespace PeakShop.Infrastructure.Marketing;

public enum BannerPlacement
{
    /// <summary>The hero slot on the home page (image required).</summary>
    HomeHero,
    /// <summary>Above a category's products (image required); all categories when no category is named.</summary>
    CategoryTop,
    /// <summary>A one-line strip on every storefront page (image optional).</summary>
    SiteStrip,
}

/// <summary>
/// A scheduled piece of marketing: shown in its placement from <see cref="StartsAt"/> until <see cref="EndsAt"/>
/// (UTC instants; <see cref="TimeZone"/> is the IANA zone the schedule was entered in, for showing it back)
/// while published.
/// </summary>
public sealed class Banner
{
    public long Id { get; set; }
    public BannerPlacement Placement { get; set; }
    public required string Headline { get; set; }
    public string? Text { get; set; }
    /// <summary>A local path (<c>/c/outdoor</c>) or an https URL.</summary>
    public string? LinkUrl { get; set; }
    public long? MediaAssetId { get; set; }
    public MediaAsset? MediaAsset { get; set; }
    /// <summary>Required whenever there is an image.</summary>
    public string? AltText { get; set; }
    public int? CategoryId { get; set; }
    public Category? Category { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset? EndsAt { get; set; }
    public required string TimeZone { get; set; }
    /// <summary>Higher first when several are active in one placement.</summary>
    public int Priority { get; set; }
    public bool Published { get; set; }
    public required string UpdatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public uint Version { get; set; }
}

internal sealed class BannerConfiguration : IEntityTypeConfiguration<Banner>
{
    public void Configure(EntityTypeBuilder<Banner> builder)
    {
        builder.ToTable("banners", t =>
        {
            t.HasCheckConstraint("ck_banners_schedule", "ends_at IS NULL OR ends_at > starts_at");
            t.HasCheckConstraint("ck_banners_alt_text", "media_asset_id IS NULL OR length(btrim(alt_text)) > 0");
        });
        builder.Property(b => b.Placement).HasConversion<string>().HasMaxLength(16);
        builder.Property(b => b.Headline).HasMaxLength(120);
        builder.Property(b => b.Text).HasMaxLength(300);
        builder.Property(b => b.LinkUrl).HasMaxLength(500);
        builder.Property(b => b.AltText).HasMaxLength(300);
        builder.Property(b => b.TimeZone).HasMaxLength(64);
        builder.Property(b => b.UpdatedBy).HasMaxLength(256);
        builder.Property(b => b.Version).IsRowVersion();
        builder.HasIndex(b => new { b.Placement, b.StartsAt });
        builder.HasOne(b => b.MediaAsset).WithMany().HasForeignKey(b => b.MediaAssetId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(b => b.Category).WithMany().HasForeignKey(b => b.CategoryId).OnDelete(DeleteBehavior.Cascade);
    }
}
