using System.ComponentModel.DataAnnotations;

namespace PeakShop.Infrastructure.Media;

/// <summary>Upload limits (section <c>Media</c>).</summary>
public sealed record MediaOptions
{
    public const string Section = "Media";

    /// <summary>The largest file accepted, in bytes (20 MB).</summary>
    [Range(1, 1L << 31)]
    public long MaxBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>The most pixels an image may declare (50 megapixels), checked from its header before any decoding.</summary>
    [Range(1, 1_000_000_000)]
    public long MaxPixels { get; set; } = 50_000_000;

    /// <summary>An image still Processing after this is handed to the variants job again by the housekeeping sweep.</summary>
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromMinutes(15);
}
