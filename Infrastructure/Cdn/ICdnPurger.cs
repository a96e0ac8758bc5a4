namespace PeakShop.Infrastructure.Cdn;

/// <summary>
/// Removes cached copies from the CDN edge. Varnish locally (HTTP <c>PURGE</c> for one URL, <c>BAN</c> for a
/// prefix); CloudFront (CreateInvalidation with paths), Fastly (purge by URL or surrogate key) and Cloudflare
/// (purge_cache by URL or prefix) take the same two calls. With no CDN configured it does nothing.
/// When the edge does not confirm, both throw <see cref="CdnPurgeException"/> (naming the paths) after trying
/// every path: the caller's own write stands, and it records or retries the purge.
/// </summary>
public interface ICdnPurger
{
    /// <summary>Purges exact paths relative to the CDN base URL, e.g. <c>media/{hash}/640.webp</c>.</summary>
    Task PurgeAsync(IReadOnlyCollection<string> paths, CancellationToken cancellationToken);

    /// <summary>Purges everything under a path prefix, e.g. <c>media/{hash}/</c>.</summary>
    Task PurgePrefixAsync(string pathPrefix, CancellationToken cancellationToken);
}
