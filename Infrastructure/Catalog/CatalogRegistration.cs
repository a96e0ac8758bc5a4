using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PeakShop.Infrastructure.Auditing;
using PeakShop.Infrastructure.Catalog.Admin;

namespace PeakShop.Infrastructure.Catalog;

internal static class CatalogRegistration
{
    /// <summary>Catalog queries (listing, search, product detail) behind the shop cache.</summary>
    public static void AddCatalogServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<CatalogReader>();
        builder.Services.AddScoped<CatalogSearch>();
        builder.Services.AddSingleton<ProductAdmin>();
        builder.Services.AddSingleton<CategoryAdmin>();
        builder.Services.AddSingleton<AuditQueries>();
    }
}
