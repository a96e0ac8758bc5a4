using PeakShop.Web.Components;

namespace PeakShop.Web.Endpoints;

/// <summary>The pages (Razor components, static SSR; interactive on <c>/admin</c>), their assets and the form posts beside them.</summary>
public static class StorefrontEndpoints
{
    public static WebApplication MapShopStorefront(this WebApplication app)
    {
        app.MapStaticAssets().ShareWithCdns();
        app.MapShopSearchSuggestions();
        app.MapShopCartForms();
        app.MapShopAccountForms();
        app.MapRazorComponents<App>()
            .AddAdminInteractivity()
            // Web.Client's WebAssembly islands (the media uploader, on /admin pages only).
            .AddAdditionalAssemblies(Client.WebClientAssembly.Assembly)
            // Cdn:BaseUrl in front of every asset URL the pages write.
            .ServeAssetsFromCdn(app.Services);
        return app;
    }
}
