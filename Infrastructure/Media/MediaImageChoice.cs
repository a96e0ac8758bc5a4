namespace PeakShop.Infrastructure.Media;

/// <summary>
/// A published image as a picker offers it: its WebP widths as they exist (smallest first) and its largest fallback
/// variant (JPEG, or PNG for transparency), which is what a product image stores as its path.
/// </summary>
public sealed record MediaImageChoice(long Id, string Hash, string FileName, string? AltText, IReadOnlyList<int> Widths, int Width, int Height, string Fallback)
{
    /// <summary>The path a product image stores: <c>media/{hash}/{largest width}.{jpg|png}</c>.</summary>
    public string Path => MediaUrls.VariantPath(Hash, Width, Fallback);

    /// <summary>The image's choice from its variants, or null while it has no fallback variant (not Ready yet).</summary>
    public static MediaImageChoice? Of(MediaAsset asset)
    {
        var largest = asset.Variants.Where(v => v.Format != "webp").MaxBy(v => v.Width);
        var widths = asset.Variants.Where(v => v.Format == "webp").Select(v => v.Width).Order().ToArray();
        return largest is null || widths.Length == 0
            ? null
            : new MediaImageChoice(asset.Id, asset.Hash, asset.FileName, asset.AltText, widths, largest.Width, largest.Height, largest.Format);
    }
}
