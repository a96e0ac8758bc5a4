using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace PeakShop.Infrastructure.Caching;

internal static class CachingRegistration
{
    /// <summary>HybridCache (memory + Redis) and cross-replica invalidation by tag.</summary>
    public static void AddShopCaching(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ShopCacheOptions>()
            .BindConfiguration(ShopCacheOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var options = builder.Configuration.GetSection(ShopCacheOptions.Section).Get<ShopCacheOptions>() ?? new ShopCacheOptions();

        // The IDistributedCache registered by AddShopInfrastructure (Redis) becomes the L2 automatically.
        builder.Services.AddHybridCache(hybrid =>
        {
            hybrid.MaximumKeyLength = 1024;
            hybrid.DefaultEntryOptions = new HybridCacheEntryOptions
            {
                Expiration = options.Expiration,
                LocalCacheExpiration = options.LocalExpiration,
            };
        });

        builder.Services.AddSingleton<RedisCacheInvalidator>();
        builder.Services.AddSingleton<IShopCacheInvalidator>(sp => sp.GetRequiredService<RedisCacheInvalidator>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RedisCacheInvalidator>());
    }
}
