using PeakShop.Web.Hosting;

namespace PeakShop.Web.Endpoints;

internal static class AdminInteractivity
{
    /// <summary>
    /// Interactive Server and WebAssembly islands for the admin pages, and only for them. With a render mode configured, the framework
    /// persists component state (the antiforgery token: Data Protection plus a Set-Cookie) into every page of the
    /// endpoint group, which would make each storefront page personal, uncacheable and ~40 % slower to render.
    /// It skips persisting when an endpoint's configured-render-modes metadata is empty, so pages outside
    /// <c>/admin</c> get an empty copy (<see cref="FrameworkWorkarounds.ClearConfiguredRenderModes"/>).
    /// </summary>
    public static RazorComponentsEndpointConventionBuilder AddAdminInteractivity(this RazorComponentsEndpointConventionBuilder components)
    {
        // The framework's own "frame-ancestors 'self'" policy would stand in for the whole CSP that SecurityHeaders
        // sends on every response (ADR 17), which forbids framing altogether (frame-ancestors 'none').
        components.AddInteractiveServerRenderMode(options => options.ContentSecurityFrameAncestorsPolicy = null);
        components.AddInteractiveWebAssemblyRenderMode();
        components.Add(endpoint =>
        {
            if (endpoint is not RouteEndpointBuilder route || AdminHosting.IsAdmin(route.RoutePattern))
            {
                return;
            }
            FrameworkWorkarounds.ClearConfiguredRenderModes(endpoint);
        });
        return components;
    }
}
