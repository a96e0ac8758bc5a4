using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PeakShop.Infrastructure.Health;
using PeakShop.Web.Components;

namespace PeakShop.Web.Hosting;

public static class StorefrontHosting
{
    public static IHostApplicationBuilder AddStorefront(this IHostApplicationBuilder builder)
    {
        // No interactive render mode yet: with one configured, every static page also serializes and
        // protects component state (antiforgery token included) for islands it never renders — measured
        // ~40 % of a trivial page's CPU. Staff pages that need interactivity add the mode (issue 5).
        builder.Services.AddRazorComponents();
        builder.Services.AddOptions<ReplicaIdentityOptions>()
            .BindConfiguration(ReplicaIdentityOptions.Section);
        builder.AddShopAccounts();
        builder.AddCartWeb();
        builder.AddPageCaching();
        builder.AddReplicaLifecycle();
        builder.AddCdnAssets();
        builder.AddShopRateLimits();
        builder.AddSecurityHeaders();
        return builder;
    }

    /// <summary>
    /// The template's order: security headers, forwarded headers (from trusted proxies only), cookie policy, errors, HSTS, status pages, our headers,
    /// no new circuits while stopping, our cookies, the cross-origin guard,
    /// the per-address rate limits, the page cache (after routing, before authentication and rendering), authentication, antiforgery.
    /// </summary>
    public static WebApplication UseShopPipeline(this WebApplication app)
    {
        app.UseSecurityHeaders();      // first: every response, errors and assets included (ADR 17)
        app.UseForwardedHeaders();
        app.UseShopHostFiltering();
        app.UseCookiePolicy();         // Secure cookies when https, also behind a TLS-terminating proxy
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
        }
        app.UseStatusCodePagesWithReExecute("/status/{0}", createScopeForStatusCodePages: true);
        app.Use(RenderErrorPagesAsGet);
        app.UseInputGuard();
        app.UseMiddleware<ReplicaHeadersMiddleware>();
        app.UseAdminCircuits();
        app.UseMiddleware<CausalConsistencyMiddleware>();
        app.UseMiddleware<CrossOriginGuard>();
        app.UseAccountSessions();
        app.UseShopRateLimits();
        // The page cache answers before authentication: a shared page needs no session lookup (ADR 20).
        app.Use(ShopperViewCookie.InvokeAsync);
        app.UseOutputCache();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    /// <summary>
    /// Error and not-found pages are re-executed with the failed request's method; a POST would then be
    /// treated as a form post to the error page (and fail antiforgery). They hold no form: render them as GET.
    /// </summary>
    private static Task RenderErrorPagesAsGet(HttpContext http, RequestDelegate next)
    {
        if (!HttpMethods.IsGet(http.Request.Method)
            && (http.Features.Get<IStatusCodeReExecuteFeature>() is not null || http.Features.Get<IExceptionHandlerPathFeature>() is not null))
        {
            http.Request.Method = HttpMethods.Get;
        }
        return next(http);
    }

    public static WebApplication MapStorefront(this WebApplication app)
    {
        app.MapStaticAssets().ShareWithCdns();
        app.MapCatalogEndpoints();
        app.MapCartEndpoints();
        app.MapAccountEndpoints();
        app.MapRazorComponents<App>()
            .AddAdminInteractivity()
            // Web.Client's islands are routable from here; their render mode is switched on with them.
            .AddAdditionalAssemblies(typeof(Client.Islands.Placeholder).Assembly)
            // Cdn:BaseUrl in front of every asset URL the pages write.
            .ServeAssetsFromCdn(app.Services);
        return app;
    }

    /// <summary>Liveness says the process runs; readiness says it can serve (primary required, standby and Redis optional).</summary>
    public static WebApplication MapShopHealth(this WebApplication app)
    {
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = ShopHealthChecks.WriteJsonAsync,
        }).DisableHttpMetrics();
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ShopHealthChecks.ReadyTag),
            // Hosts, ports and errors only on the management port; the public port says ok/degraded/unavailable.
            ResponseWriter = ManagementHosting.WriteReadinessAsync,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).DisableHttpMetrics();
        return app;
    }
}
