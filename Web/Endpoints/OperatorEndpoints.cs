using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PeakShop.Infrastructure.Health;
using PeakShop.Web.Hosting;

namespace PeakShop.Web.Endpoints;

/// <summary>
/// Operators' endpoints: the probes, and what only the management port answers (readiness in detail, <c>/metrics</c>),
/// so the public port says only what a shopper may see.
/// </summary>
public static class OperatorEndpoints
{
    /// <summary>The probes live under this path (the manifests' probes use the two below; a unit test checks them).</summary>
    public const string HealthPath = "/healthz";

    public const string LivePath = HealthPath + "/live";

    public const string ReadyPath = HealthPath + "/ready";

    /// <summary>A probe or a metrics scrape: operators' traffic, which is neither traced nor queued behind shoppers.</summary>
    public static bool IsOperatorPath(PathString path) =>
        path.StartsWithSegments(HealthPath) || path.StartsWithSegments(TelemetryHosting.MetricsPath);

    /// <summary>Liveness says the process runs; readiness says it can serve (primary required, standby and Redis optional).</summary>
    public static WebApplication MapShopHealth(this WebApplication app)
    {
        app.MapHealthChecks(LivePath, new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = ShopHealthChecks.WriteJsonAsync,
        }).DisableHttpMetrics();
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ShopHealthChecks.ReadyTag),
            // Hosts, ports and errors only on the management port; the public port says ok/degraded/unavailable.
            ResponseWriter = WriteReadinessAsync,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).DisableHttpMetrics();
        return app;
    }

    /// <summary><c>GET /metrics</c> in the Prometheus text format, for the scraper, on the management port only (404 on the public one).</summary>
    public static WebApplication MapShopMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(TelemetryHosting.MetricsPath).DisableHttpMetrics().ManagementOnly();
        return app;
    }

    /// <summary>The endpoint answers only on the management port; elsewhere it does not exist (404).</summary>
    private static TBuilder ManagementOnly<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            var inner = endpoint.RequestDelegate!;
            endpoint.RequestDelegate = http =>
            {
                if (ManagementHosting.IsManagementRequest(http))
                {
                    return inner(http);
                }
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            };
        });
        return builder;
    }

    /// <summary>Detail (every check's status, description and data) on the management port; a word elsewhere.</summary>
    private static Task WriteReadinessAsync(HttpContext http, HealthReport report) =>
        ManagementHosting.IsManagementRequest(http)
            ? ShopHealthChecks.WriteJsonAsync(http, report)
            : WriteStatusWordAsync(http, report);

    private static Task WriteStatusWordAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "text/plain; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        var word = report.Status switch
        {
            HealthStatus.Healthy => "ok",
            HealthStatus.Degraded => "degraded",
            _ => "unavailable",
        };
        return http.Response.WriteAsync(word, http.RequestAborted);
    }
}
