using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace PeakShop.Infrastructure.RateLimiting;

public static class RateLimitRegistration
{
    /// <summary>The Redis-backed limiter and its settings (<c>RateLimits:*</c>, validated at start).</summary>
    public static IHostApplicationBuilder AddShopRateLimiter(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>()
            .BindConfiguration(RateLimitOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<RedisRateLimiter>();
        builder.Services.AddSingleton<RateLimitLeases>();
        return builder;
    }
}
