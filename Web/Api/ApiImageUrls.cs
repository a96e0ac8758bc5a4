using Microsoft.AspNetCore.Components;
using PeakShop.Infrastructure.Media;
using PeakShop.Web.Components.Storefront;
using PeakShop.Web.Hosting;

namespace PeakShop.Web.Api;

/// <summary>
/// Absolute image URLs for API clients, the same the pages link to: a media-library image on the CDN (or this site), a
/// static image by its fingerprinted asset URL. Apps have no page to resolve a relative path against.
/// </summary>
internal sealed class ApiImageUrls(MediaUrls media, PublicUrls site, EndpointDataSource endpoints)
{
    private ResourceAssetCollection? _assets;

    public string Absolute(string path) =>
        site.Absolute(ProductPicture.UrlOf(path, media, Assets));

    /// <summary>
    /// The fingerprinted (and CDN-prefixed, <see cref="CdnHosting"/>) static assets, as the component endpoints carry
    /// them; found once, on first use, when every endpoint exists.
    /// </summary>
    private ResourceAssetCollection Assets => _assets ??= endpoints.Endpoints
        .Select(e => e.Metadata.GetMetadata<ResourceAssetCollection>())
        .FirstOrDefault(a => a is not null) ?? ResourceAssetCollection.Empty;
}
