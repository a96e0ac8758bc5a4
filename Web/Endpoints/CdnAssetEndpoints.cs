using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.Options;
using PeakShop.Infrastructure.Cdn;

namespace PeakShop.Web.Endpoints;

/// <summary>
/// Asset URLs from the CDN (<c>Cdn:BaseUrl</c>, ADR 10). <c>MapStaticAssets</c> gives every component endpoint
/// one <see cref="ResourceAssetCollection"/> (what <c>Assets["css/site.css"]</c> looks up by label), an
/// <see cref="ImportMapDefinition"/> (what <c>&lt;ImportMap&gt;</c> writes) and a preload collection built from
/// the assets (what <c>&lt;ResourcePreloader&gt;</c> writes). With a base URL, the component endpoints get copies
/// whose URLs start with it; labels, integrity and preload properties stay as they are. Empty: nothing changes.
/// </summary>
internal static class CdnAssetEndpoints
{
    /// <summary>
    /// Headers for caches and browsers on another origin, set at the origin so any CDN passes them through:
    /// <c>Access-Control-Allow-Origin: *</c> (fonts, module scripts and integrity-checked fetches from another
    /// origin need CORS; the assets are public anyway), and <c>public</c> on the immutable (fingerprinted) ones,
    /// which some CDNs want before they share a response.
    /// </summary>
    public static StaticAssetsEndpointConventionBuilder ShareWithCdns(this StaticAssetsEndpointConventionBuilder assets)
    {
        assets.Add(endpoint =>
        {
            var inner = endpoint.RequestDelegate!;
            endpoint.RequestDelegate = http =>
            {
                http.Response.Headers.AccessControlAllowOrigin = "*";
                http.Response.OnStarting(MarkImmutableAsPublic, http.Response);
                return inner(http);
            };
        });
        return assets;
    }

    private static Task MarkImmutableAsPublic(object state)
    {
        var response = (HttpResponse)state;
        var cacheControl = response.Headers.CacheControl.ToString();
        if (cacheControl.Contains("immutable", StringComparison.OrdinalIgnoreCase)
            && !cacheControl.Contains("public", StringComparison.OrdinalIgnoreCase))
        {
            response.Headers.CacheControl = "public, " + cacheControl;
        }
        return Task.CompletedTask;
    }

    public static RazorComponentsEndpointConventionBuilder ServeAssetsFromCdn(this RazorComponentsEndpointConventionBuilder components, IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<CdnOptions>>().Value;
        if (!options.ServesFromCdn)
        {
            return components;
        }
        var urls = new CdnAssetUrls(options);
        // Finally: after the framework's own convention has added the collections.
        ((IEndpointConventionBuilder)components).Finally(endpoint => urls.Apply(endpoint.Metadata));
        return components;
    }
}

/// <summary>Rewrites the asset metadata of component endpoints to CDN URLs (one copy per original, shared by every endpoint).</summary>
internal sealed class CdnAssetUrls(CdnOptions cdn)
{
    private readonly Dictionary<object, object> _copies = new(ReferenceEqualityComparer.Instance);
    private readonly Lock _lock = new();

    public void Apply(IList<object> metadata)
    {
        lock (_lock)
        {
            ResourceAssetCollection? assets = null;
            for (var i = 0; i < metadata.Count; i++)
            {
                switch (metadata[i])
                {
                    case ResourceAssetCollection collection:
                        assets = (ResourceAssetCollection)CopyOf(collection, () => Prefix(collection));
                        metadata[i] = assets;
                        break;
                    case ImportMapDefinition map:
                        metadata[i] = CopyOf(map, () => Prefix(map));
                        break;
                }
            }
            if (assets is null)
            {
                return;
            }
            for (var i = 0; i < metadata.Count; i++)
            {
                var item = metadata[i];
                if (FrameworkWorkarounds.IsPreloadCollection(item))
                {
                    // Made the way the framework makes it, from the (now prefixed) assets.
                    metadata[i] = CopyOf(item, () => FrameworkWorkarounds.PreloadCollectionFor(item, assets));
                }
            }
        }
    }

    /// <summary>A URL on the CDN for a relative asset URL; absolute URLs stay (<see cref="CdnOptions.Url"/>).</summary>
    public string Url(string url) => cdn.Url(url);

    private object CopyOf(object original, Func<object> create)
    {
        if (!_copies.TryGetValue(original, out var copy))
        {
            copy = create();
            _copies[original] = copy;
            // A copy met again (the framework shares one instance between endpoints) stays as it is.
            _copies[copy] = copy;
        }
        return copy;
    }

    private ResourceAssetCollection Prefix(ResourceAssetCollection collection) =>
        new([.. collection.Select(asset => new ResourceAsset(Url(asset.Url), asset.Properties))]);

    /// <summary>
    /// Values and integrity keys move to the CDN. Each specifier is kept and also added as the CDN URL it resolves
    /// to from a module that itself came from the CDN (a relative import inside it), both mapping to the same file.
    /// </summary>
    private ImportMapDefinition Prefix(ImportMapDefinition map)
    {
        var imports = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (specifier, target) in map.Imports ?? new Dictionary<string, string>())
        {
            imports[specifier] = Url(target);
            if (IsRelative(specifier))
            {
                imports[Url(specifier)] = Url(target);
            }
        }
        var scopes = map.Scopes?.ToDictionary(
            scope => IsRelative(scope.Key) ? Url(scope.Key) : scope.Key,
            scope => (IReadOnlyDictionary<string, string>)scope.Value.ToDictionary(e => e.Key, e => Url(e.Value), StringComparer.Ordinal),
            StringComparer.Ordinal);
        var integrity = map.Integrity?.ToDictionary(e => Url(e.Key), e => e.Value, StringComparer.Ordinal);
        return new ImportMapDefinition(imports, scopes, integrity);
    }

    private static bool IsRelative(string specifier) =>
        specifier.StartsWith("./", StringComparison.Ordinal) || specifier.StartsWith('/') && !specifier.StartsWith("//", StringComparison.Ordinal);
}
