using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace PeakShop.Infrastructure.Caching;

internal static class CachingRegistration
{
    /// <summary>HybridCache (memory + Redis) and cross-replica invalidation by tag.</summary>
    public static void AddShopCaching(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IShopCacheInvalidator, NoCacheInvalidator>();
    }

    /// <summary>Placeholder until the catalog cache exists: there is nothing to invalidate yet.</summary>
    private sealed class NoCacheInvalidator : IShopCacheInvalidator
    {
        public Task InvalidateAsync(IReadOnlyCollection<string> tags, CancellationToken cancellationToken = default) =>
            Task.CompletedTask;
    }
}
