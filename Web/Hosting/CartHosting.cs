namespace PeakShop.Web.Hosting;

internal static class CartHosting
{
    public static void AddCartWeb(this IHostApplicationBuilder builder)
    {
        _ = builder;
    }

    /// <summary>Cart and checkout form endpoints.</summary>
    public static void MapCartEndpoints(this WebApplication app)
    {
        _ = app;
    }
}
