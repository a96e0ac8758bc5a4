using PeakShop.Infrastructure.Cdn;

namespace PeakShop.Web.Hosting;

/// <summary>Static assets for the CDN (<c>Cdn:BaseUrl</c>, ADR 10): what the origin sends; the URLs the pages write are set where the endpoints are mapped (<c>CdnAssetEndpoints</c>).</summary>
internal static class CdnHosting
{
    /// <summary>
    /// The origin sends exactly what the build produced. Runtime reloading from a build (not publish) manifest is
    /// off unless configured: it takes every wwwroot file for changed (timestamps) and re-sends a compressed variant
    /// as uncompressed gzip bytes under the variant's own Content-Encoding, which for <c>br</c> is undecodable, and
    /// which an edge would keep for a year. Behind a CDN (<c>Cdn:BaseUrl</c>), Development's <c>no-cache</c> on
    /// every asset is off too: the edge gets the real headers (immutable for fingerprinted URLs).
    /// </summary>
    public static IHostApplicationBuilder AddShopCdnAssets(this IHostApplicationBuilder builder)
    {
        builder.Configuration["ReloadStaticAssetsAtRuntime"] ??= "false";
        if (!string.IsNullOrWhiteSpace(builder.Configuration[$"{CdnOptions.Section}:{nameof(CdnOptions.BaseUrl)}"]))
        {
            builder.Configuration["EnableStaticAssetsDevelopmentCaching"] ??= "true";
        }
        return builder;
    }
}
