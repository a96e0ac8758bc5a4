using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using PeakShop.Infrastructure.Telemetry;
using PeakShop.Web.Endpoints;

namespace PeakShop.Web.Hosting;

internal static class TelemetryHosting
{
    public const string MetricsPath = "/metrics";

    /// <summary>The shared telemetry plus ASP.NET Core's traces and metrics, and a Prometheus exporter.</summary>
    public static IHostApplicationBuilder AddShopWebTelemetry(this IHostApplicationBuilder builder)
    {
        builder.AddShopTelemetry("peakshop-web");
        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation(options =>
                // Probes and scrapes every few seconds would drown the traces that matter.
                options.Filter = http => !OperatorEndpoints.IsOperatorPath(http.Request.Path)))
            .WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation().AddPrometheusExporter());
        return builder;
    }
}
