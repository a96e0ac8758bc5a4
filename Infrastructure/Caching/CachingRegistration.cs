using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace PeakShop.Infrastructure.Caching;

internal static class CachingRegistration
{
    private const string L2Key = "peakshop:hybrid-l2";

    /// <summary>HybridCache (memory + Redis) and cross-replica invalidation by tag.</summary>
    public static IHostApplicationBuilder AddShopCaching(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ShopCacheOptions>()
            .BindConfiguration(ShopCacheOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // HybridCache's L2 is the Redis IDistributedCache behind a timeout and breaker, as a keyed service so
        // that other users of IDistributedCache (session) keep their own failure behaviour.
        builder.Services.AddKeyedSingleton<IDistributedCache>(L2Key, (sp, _) =>
            ActivatorUtilities.CreateInstance<ResilientDistributedCache>(sp, sp.GetRequiredService<IDistributedCache>()));
        builder.Services.AddHybridCache();
        builder.Services.AddOptions<HybridCacheOptions>().Configure<IOptions<ShopCacheOptions>>((hybrid, shop) =>
        {
            hybrid.MaximumKeyLength = 1024;
            hybrid.DistributedCacheServiceKey = L2Key;
            hybrid.DefaultEntryOptions = new HybridCacheEntryOptions
            {
                Expiration = shop.Value.Expiration,
                LocalCacheExpiration = shop.Value.LocalExpiration,
            };
        });
        builder.Services.AddScoped<CacheDependencies>();
        builder.Services.AddSingleton<RedisCacheInvalidator>();
        builder.Services.AddSingleton<IShopCacheInvalidator>(sp => sp.GetRequiredService<RedisCacheInvalidator>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RedisCacheInvalidator>());
        return builder;
    }
}
