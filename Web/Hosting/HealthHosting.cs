using PeakShop.Infrastructure.Health;

namespace PeakShop.Web.Hosting;

/// <summary>What a Web replica's readiness checks beyond the platform's own (the probes: <c>OperatorEndpoints.MapShopHealth</c>).</summary>
public static class HealthHosting
{
    /// <summary>A jobs queue past its bounds makes the replica degraded (needs the Hangfire client: <c>AddShopJobsClient</c>).</summary>
    public static IHostApplicationBuilder AddShopHealth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddQueueDepthCheck();
        return builder;
    }
}
