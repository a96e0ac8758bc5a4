using System.Globalization;

namespace PeakShop.Web.Components.Storefront;

/// <summary>
/// The <c>srcset</c> of a static image in cdn-assets: one candidate at its intrinsic width (the files there are
/// vectors or single rasters). Media-library images get one candidate per variant from
/// <see cref="PeakShop.Infrastructure.Media.MediaUrls"/> (see ProductPicture).
/// </summary>
public static class ResponsiveImages
{
    /// <param name="path">The image's path.</param>
    /// <param name="width">Its intrinsic width.</param>
    /// <param name="url">Turns a path into its (CDN, fingerprinted) URL.</param>
    public static string Srcset(string path, int width, Func<string, string> url) =>
        string.Create(CultureInfo.InvariantCulture, $"{url(path)} {Math.Max(width, 1)}w");
}
