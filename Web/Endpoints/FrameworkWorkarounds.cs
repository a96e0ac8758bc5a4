using System.Reflection;
using Microsoft.AspNetCore.Components;

namespace PeakShop.Web.Endpoints;

/// <summary>
/// The ASP.NET Core internals the shop reaches by reflection, in one place. Each names the gap that makes it
/// necessary, the upstream issue, and the test that fails if a framework update changes the internal. Remove one
/// when the framework offers a public way.
/// </summary>
internal static class FrameworkWorkarounds
{
    private const string ConfiguredRenderModesMetadata = "ConfiguredRenderModesMetadata";

    private const string ResourcePreloadCollection = "Microsoft.AspNetCore.Components.Endpoints.ResourcePreloadCollection";

    /// <summary>
    /// Gap: interactive render modes are configured for every endpoint of <c>MapRazorComponents</c> at once, and with
    /// one configured the framework persists component state (the antiforgery token: Data Protection plus a
    /// Set-Cookie) into every page of the group, whether it renders an interactive component or not (since .NET 10
    /// "when streaming, a form is on the page or interactive render modes are configured": dotnet/aspnetcore#62653,
    /// which fixed #54232). There is no public way to keep some endpoints static while others are interactive
    /// (dotnet/aspnetcore#51046 asks for rendering pages statically in an app set up for interactivity). The framework
    /// skips persisting when an endpoint's <c>ConfiguredRenderModesMetadata</c> (internal) is empty: this gives the
    /// endpoint an empty copy. Guarded by <c>PageCacheTests</c> (shared pages carry no antiforgery token or cookie).
    /// </summary>
    public static void ClearConfiguredRenderModes(EndpointBuilder endpoint)
    {
        for (var i = endpoint.Metadata.Count - 1; i >= 0; i--)
        {
            var metadata = endpoint.Metadata[i];
            if (metadata.GetType().Name == ConfiguredRenderModesMetadata)
            {
                endpoint.Metadata[i] = Activator.CreateInstance(metadata.GetType(),
                    BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, binder: null,
                    [Array.Empty<IComponentRenderMode>()], culture: null)!;
            }
        }
    }

    /// <summary>
    /// Gap: no public way to serve the assets of <c>MapStaticAssets</c> from a CDN base URL. The asset collection and
    /// the import map are public and copied with CDN URLs; the collection <c>&lt;ResourcePreloader&gt;</c> writes its
    /// links from (<c>ResourcePreloadCollection</c>) is internal, built from the asset collection. No upstream issue
    /// asks for a CDN base URL (searched dotnet/aspnetcore); the nearest are dotnet/aspnetcore#64460 (the asset
    /// collection outside components) and #62374 (the <c>ResourcePreloader</c> API, whose collection stays internal).
    /// Guarded by the CDN tests: a changed constructor throws at the first page rendered with <c>Cdn:BaseUrl</c> set
    /// (<c>CdnBaseUrlTests</c>, the CDN end-to-end tests), and <c>CdnBaseUrlTests</c> requires every preload link a
    /// page writes to point at the CDN.
    /// </summary>
    public static bool IsPreloadCollection(object metadata) => metadata.GetType().FullName == ResourcePreloadCollection;

    /// <summary>A preload collection like <paramref name="original"/>, made from <paramref name="assets"/> as the framework makes it.</summary>
    public static object PreloadCollectionFor(object original, ResourceAssetCollection assets) =>
        Activator.CreateInstance(original.GetType(),
            BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, binder: null, [assets], culture: null)!;
}
