namespace PeakShop.Web.Hosting;

internal static class CatalogHosting
{
    /// <summary>Catalog endpoints beside the pages (e.g. search suggestions as JSON).</summary>
    public static void MapCatalogEndpoints(this WebApplication app)
    {
        _ = app;
    }
}
