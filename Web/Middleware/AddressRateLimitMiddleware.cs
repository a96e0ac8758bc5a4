using Microsoft.AspNetCore.Diagnostics;
using PeakShop.Infrastructure.RateLimiting;
using PeakShop.Web.Hosting;

namespace PeakShop.Web.Middleware;

/// <summary>Takes the per-address limit of an endpoint marked with <see cref="AddressRateLimitAttribute"/> (ADR 15).</summary>
internal sealed class AddressRateLimitMiddleware(RequestDelegate next, RedisRateLimiter limiter)
{
    public async Task InvokeAsync(HttpContext http)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<AddressRateLimitAttribute>() is { } limit
            && http.Features.Get<IStatusCodeReExecuteFeature>() is null)
        {
            var decision = await limiter.TakeAsync(limit.Counter(limiter.Options, http));
            if (!decision.Allowed)
            {
                await RateLimitHosting.RefuseAsync(http, decision, limit.Json);
                return;
            }
        }
        await next(http);
    }
}

internal static class AddressRateLimits
{
    /// <summary>Checks endpoints marked with <see cref="AddressRateLimitAttribute"/>, before the page cache (cached pages count too).</summary>
    public static WebApplication UseShopRateLimits(this WebApplication app)
    {
        app.UseMiddleware<AddressRateLimitMiddleware>();
        return app;
    }
}
