using System.Globalization;
using NetVips;

namespace PeakShop.Infrastructure.Media;

/// <summary>One rendered variant: its size, format (webp, jpg or png) and bytes.</summary>
public sealed record RenderedVariant(int Width, int Height, string Format, byte[] Content);

/// <summary>
/// Image work on libvips (ADR 11): the header check of an upload and the responsive variants. Each variant is a
/// shrink-on-load <c>thumbnail</c> from the original's bytes (libvips decodes at a reduced scale where the format
/// allows, so memory follows the output size, not the original's), with EXIF orientation applied and every
/// piece of metadata (EXIF, GPS, XMP, ICC, comments) left out of the output.
/// </summary>
public static class MediaImages
{
    static MediaImages()
    {
        // Each job renders bytes it has never seen before: libvips' operation cache would only hold memory.
        Cache.Max = 0;
    }

    /// <summary>The widths the storefront asks for, smallest first.</summary>
    public static readonly int[] StandardWidths = [320, 640, 1280, 1920];

    public const int MaxWidth = 1920;

    /// <summary>Widths produced for an original: the standard ones below its width, plus its own width capped at 1920.</summary>
    public static int[] WidthsFor(int originalWidth)
    {
        var top = Math.Min(originalWidth, MaxWidth);
        return [.. StandardWidths.Where(w => w < top).Append(top)];
    }

    /// <summary>
    /// Reads the header through libvips (no pixels decoded) and returns the size after EXIF orientation, or the
    /// decoder's complaint. Call only after <see cref="MediaSniffer"/> accepted the bytes and their pixel count.
    /// </summary>
    public static (int Width, int Height, string? Problem) ReadHeader(byte[] content)
    {
        try
        {
            using var image = Image.NewFromBuffer(content, access: Enums.Access.Sequential, failOn: Enums.FailOn.Error);
            var orientation = image.Contains("orientation") ? Convert.ToInt32(image.Get("orientation"), CultureInfo.InvariantCulture) : 1;
            return orientation is >= 5 and <= 8 ? (image.Height, image.Width, null) : (image.Width, image.Height, null);
        }
        catch (VipsException ex)
        {
            return (0, 0, FirstLine(ex.Message));
        }
    }

    /// <summary>Every variant of an image: WebP plus a JPEG fallback (PNG when the image has transparency); a GIF gives its first frame.</summary>
    public static IReadOnlyList<RenderedVariant> RenderVariants(byte[] original, int originalWidth)
    {
        var variants = new List<RenderedVariant>();
        // Convert to sRGB only an image that says it is in another space (its profile is then dropped with the rest of
        // the metadata); without a profile the pixels already are sRGB, and a colour transform would only cost time.
        bool hasProfile;
        using (var header = Image.NewFromBuffer(original, access: Enums.Access.Sequential))
        {
            hasProfile = header.Contains("icc-profile-data");
        }
        foreach (var width in WidthsFor(originalWidth))
        {
            // thumbnail applies the EXIF orientation itself (no_rotate defaults to false) and reads GIFs' first page.
            using var thumbnail = Image.ThumbnailBuffer(original, width, height: 100_000, size: Enums.Size.Down,
                outputProfile: hasProfile ? "srgb" : null, failOn: Enums.FailOn.Error);
            // Two encoders read it: keep the (small) result in memory rather than decode the original twice.
            using var image = thumbnail.CopyMemory();
            var alpha = image.HasAlpha();
            variants.Add(new RenderedVariant(image.Width, image.Height, "webp",
                image.WebpsaveBuffer(q: 80, effort: 4, keep: Enums.ForeignKeep.None)));
            variants.Add(alpha
                ? new RenderedVariant(image.Width, image.Height, "png", image.PngsaveBuffer(compression: 6, keep: Enums.ForeignKeep.None))
                : new RenderedVariant(image.Width, image.Height, "jpg",
                    image.JpegsaveBuffer(q: 82, optimizeCoding: true, interlace: true, keep: Enums.ForeignKeep.None)));
        }
        return variants;
    }

    /// <summary>The first line of a libvips error (the rest is its internal call stack).</summary>
    public static string FirstLine(string message) =>
        message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? message;
}
