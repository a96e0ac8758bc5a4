using System.Globalization;

namespace PeakShop.Web.Components.Storefront;

/// <summary>
/// Builds <c>srcset</c> values for static images in cdn-assets: raster files with width variants named
/// <c>name-{w}w.ext</c> beside them; a vector image needs one file at every width. Media-library images
/// (<c>media/{hash}/…</c>) get theirs from <see cref="PeakShop.Infrastructure.Media.MediaUrls"/> (see ProductPicture).
/// </summary>
public static class ResponsiveImages
{
    /// <summary>Widths the image variant job produces, smallest first.</summary>
    public static readonly int[] VariantWidths = [320, 640, 960, 1280];

    public static bool IsVector(string path) => path.EndsWith(".svg", StringComparison.OrdinalIgnoreCase);

    /// <summary>The variant path for a width, e.g. img/p/a.jpg → img/p/a-640w.jpg.</summary>
    public static string VariantPath(string path, int width)
    {
        var dot = path.LastIndexOf('.');
        var slash = path.LastIndexOf('/');
        return dot > slash
            ? string.Create(CultureInfo.InvariantCulture, $"{path[..dot]}-{width}w{path[dot..]}")
            : string.Create(CultureInfo.InvariantCulture, $"{path}-{width}w");
    }

    /// <param name="path">The original's path.</param>
    /// <param name="width">The original's intrinsic width.</param>
    /// <param name="url">Turns a path into its (CDN, fingerprinted) URL.</param>
    /// <param name="variantsAvailable">Whether width variants exist for this image yet.</param>
    public static string Srcset(string path, int width, Func<string, string> url, bool variantsAvailable = false)
    {
        if (IsVector(path) || !variantsAvailable || width <= 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{url(path)} {Math.Max(width, 1)}w");
        }
        var entries = VariantWidths.Where(w => w < width)
            .Select(w => string.Create(CultureInfo.InvariantCulture, $"{url(VariantPath(path, w))} {w}w"))
            .Append(string.Create(CultureInfo.InvariantCulture, $"{url(path)} {width}w"));
        return string.Join(", ", entries);
    }
}
