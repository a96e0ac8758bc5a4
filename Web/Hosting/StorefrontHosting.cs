using PeakShop.Web.Middleware;
using PeakShop.Web.Shopper;

namespace PeakShop.Web.Hosting;

public static class StorefrontHosting
{
    public static IHostApplicationBuilder AddShopStorefront(this IHostApplicationBuilder builder)
    {
        // The one registration of Razor components, for every area. Interactive Server (the admin editors) and
        // WebAssembly (the media uploader's island) are services here; their render modes are switched on for the
        // /admin endpoints alone (AdminInteractivity): shopper pages stay static SSR, and shoppers never download
        // the WebAssembly runtime. A resume carries its circuit's state, hence the admin circuits' message size.
        builder.Services.AddRazorComponents()
            .AddInteractiveServerComponents()
            .AddHubOptions(hub => hub.MaximumReceiveMessageSize = AdminCircuits.Bound(builder.Configuration).MaximumReceiveMessageBytes)
            .AddInteractiveWebAssemblyComponents();
        builder.Services.AddOptions<ReplicaIdentityOptions>()
            .BindConfiguration(ReplicaIdentityOptions.Section);
        builder.AddShopAccounts();
        // The shopper's cookies and what rides on them (Web/Shopper).
        builder.Services.AddSingleton<CartCookie>();
        builder.Services.AddSingleton<CheckEmailCookie>();
        builder.Services.AddSingleton<GuestOrders>();
        builder.Services.AddScoped<AccountCarts>();
        builder.AddShopPageCache();
        builder.AddShopReplicaLifecycle();
        builder.AddShopCdnAssets();
        builder.AddShopRateLimits();
        builder.AddShopLoadShedding();
        builder.AddShopSecurityHeaders();
        return builder;
    }
}
