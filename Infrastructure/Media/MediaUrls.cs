using System.Globalization;
using Microsoft.Extensions.Options;
using PeakShop.Infrastructure.Cdn;

namespace PeakShop.Infrastructure.Media;

/// <summary>
/// Published media URLs: <c>media/{hash}/{width}.{format}</c> for image variants and <c>media/{hash}/original.pdf</c>
/// for documents, relative to the site root, and their public form with the CDN prefix when <c>Cdn:BaseUrl</c> is set.
/// </summary>
public sealed class MediaUrls(IOptions<CdnOptions> cdn)
{
    public static string Prefix(string hash) => $"media/{hash}/";

    public static string VariantPath(string hash, int width, string format) =>
        string.Create(CultureInfo.InvariantCulture, $"media/{hash}/{width}.{format}");

    public static string OriginalPath(string hash, string extension) => $"media/{hash}/original.{extension}";

    public string Url(string path) => cdn.Value.Url(path);

    public string Variant(string hash, int width, string format) => Url(VariantPath(hash, width, format));

    public string Original(MediaAsset asset) => Url(OriginalPath(asset.Hash, asset.Extension));

    /// <summary>Every public URL of an asset: its variants (by width, then format), or its original for a document.</summary>
    public IReadOnlyList<string> All(MediaAsset asset) => asset.Kind == MediaKind.Document
        ? [Original(asset)]
        : [.. asset.Variants.OrderBy(v => v.Width).ThenBy(v => v.Format, StringComparer.Ordinal).Select(v => Variant(asset.Hash, v.Width, v.Format))];

    /// <summary>
    /// A media path as stored on a product image (<c>media/{hash}/{width}.{jpg|png}</c>, the largest fallback) split
    /// into its parts, or null for any other path (a static asset).
    /// </summary>
    public static MediaImagePath? ParseImagePath(string path)
    {
        var parts = path.TrimStart('/').Split('/');
        if (parts.Length != 3 || parts[0] != "media" || !PostgresMediaStore.IsHash(parts[1]))
        {
            return null;
        }
        var dot = parts[2].IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && int.TryParse(parts[2][..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var width)
            && parts[2][(dot + 1)..] is "jpg" or "png"
            ? new MediaImagePath(parts[1], width, parts[2][(dot + 1)..])
            : null;
    }

    /// <summary>
    /// The width to request for a picture shown <paramref name="cssWidth"/> pixels wide: the smallest variant that is
    /// at least twice as wide (sharp on a high-density screen), else the largest there is. Never a width that was not made.
    /// </summary>
    public static int PickWidth(IReadOnlyCollection<int> widths, int cssWidth)
    {
        ArgumentOutOfRangeException.ThrowIfZero(widths.Count);
        return widths.Where(w => w >= cssWidth * 2).DefaultIfEmpty(widths.Max()).Min();
    }

    /// <summary>The srcset of one format over every width produced for an image whose largest variant is <paramref name="image"/>.Width.</summary>
    public string Srcset(MediaImagePath image, string format) => Srcset(image.Hash, MediaImages.WidthsFor(image.Width), format);

    /// <summary>The srcset of one format over the given widths of an image.</summary>
    public string Srcset(string hash, IEnumerable<int> widths, string format) => string.Join(", ",
        widths.Select(w => string.Create(CultureInfo.InvariantCulture, $"{Variant(hash, w, format)} {w}w")));
}

/// <summary>A product image that is a media-library image: its hash, largest variant width and fallback format.</summary>
public sealed record MediaImagePath(string Hash, int Width, string Fallback);
