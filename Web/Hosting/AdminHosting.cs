using System.Reflection;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Routing.Patterns;
using PeakShop.Infrastructure.Customers;

namespace PeakShop.Web.Hosting;

/// <summary>Authorization policies of the staff area, one per section. Every admin page names one (tested).</summary>
public static class AdminPolicies
{
    /// <summary>Any staff role: the dashboard.</summary>
    public const string Area = "admin-area";

    /// <summary>Admin, Staff: products, categories, inventory.</summary>
    public const string Catalog = "admin-catalog";

    /// <summary>Admin, Marketing: media, banners.</summary>
    public const string Marketing = "admin-marketing";

    /// <summary>Admin, Staff: orders, customers, reports (<see cref="ShopPolicies.Staff"/>).</summary>
    public const string Orders = ShopPolicies.Staff;

    /// <summary>Admin only: staff accounts, audit log, jobs (<see cref="ShopPolicies.Admin"/>).</summary>
    public const string Admin = ShopPolicies.Admin;
}

internal static class AdminHosting
{
    public const string PathPrefix = "/admin";

    /// <summary>Staff policies and the interactive render modes (used by admin pages only).</summary>
    public static IHostApplicationBuilder AddShopAdmin(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicies.Area, p => p.RequireAuthenticatedUser().RequireRole(ShopRoles.All))
            .AddPolicy(AdminPolicies.Catalog, p => p.RequireAuthenticatedUser().RequireRole(ShopRoles.Admin, ShopRoles.Staff))
            .AddPolicy(AdminPolicies.Marketing, p => p.RequireAuthenticatedUser().RequireRole(ShopRoles.Admin, ShopRoles.Marketing));
        // ShopPolicies.Staff and ShopPolicies.Admin are registered with the jobs client (JobsHosting).
        builder.AddAdminCircuits();
        // WebAssembly islands (the media uploader) run on marketing pages only; shoppers never download the runtime.
        builder.Services.AddRazorComponents().AddInteractiveWebAssemblyComponents();
        return builder;
    }

    /// <summary>
    /// Interactive Server and WebAssembly islands for the admin pages, and only for them. With a render mode configured, the framework
    /// persists component state (the antiforgery token: Data Protection plus a Set-Cookie) into every page of the
    /// endpoint group, which would make each storefront page personal, uncacheable and ~40 % slower to render.
    /// It skips persisting when an endpoint's configured-render-modes metadata is empty, so pages outside
    /// <c>/admin</c> get an empty copy. That metadata type is internal to ASP.NET Core: it is made through
    /// reflection here, and <c>PageCacheTests</c> fails if a framework update changes the behaviour.
    /// </summary>
    public static RazorComponentsEndpointConventionBuilder AddAdminInteractivity(this RazorComponentsEndpointConventionBuilder components)
    {
        // The framework's own "frame-ancestors 'self'" policy would stand in for the whole CSP that SecurityHeaders
        // sends on every response (ADR 17), which forbids framing altogether (frame-ancestors 'none').
        components.AddInteractiveServerRenderMode(options => options.ContentSecurityFrameAncestorsPolicy = null);
        components.AddInteractiveWebAssemblyRenderMode();
        components.Add(endpoint =>
        {
            if (endpoint is not RouteEndpointBuilder route || IsAdmin(route.RoutePattern))
            {
                return;
            }
            for (var i = endpoint.Metadata.Count - 1; i >= 0; i--)
            {
                var metadata = endpoint.Metadata[i];
                if (metadata.GetType().Name == RenderModesMetadata)
                {
                    endpoint.Metadata[i] = Activator.CreateInstance(metadata.GetType(),
                        BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, binder: null,
                        [Array.Empty<IComponentRenderMode>()], culture: null)!;
                }
            }
        });
        return components;
    }

    private const string RenderModesMetadata = "ConfiguredRenderModesMetadata";

    internal static bool IsAdmin(RoutePattern pattern) =>
        pattern.RawText is { } raw
        && (raw.Equals(PathPrefix, StringComparison.OrdinalIgnoreCase) || raw.StartsWith(PathPrefix + "/", StringComparison.OrdinalIgnoreCase));
}
