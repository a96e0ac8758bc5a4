using Microsoft.AspNetCore.Diagnostics;
using PeakShop.Web.Api;
using PeakShop.Web.Shopper;

namespace PeakShop.Web.Middleware;

/// <summary>Every request's way through the middleware, in one place.</summary>
public static class ShopPipeline
{
    /// <summary>
    /// The template's order: security headers, forwarded headers (from trusted proxies only), cookie policy, errors, HSTS, status pages, outage pages, our headers,
    /// no new circuits while stopping, our cookies, the cross-origin guard,
    /// the per-address rate limits, the page cache (after routing, before authentication and rendering), authentication, antiforgery.
    /// </summary>
    public static WebApplication UseShopPipeline(this WebApplication app)
    {
        app.UseShopSecurityHeaders(); // first: every response, errors and assets included (ADR 17)
        app.UseForwardedHeaders();
        app.UseShopHostFiltering();
        app.UseCookiePolicy();        // Secure cookies when https, also behind a TLS-terminating proxy
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
        }
        app.UseStatusCodePagesWithReExecute("/status/{0}", createScopeForStatusCodePages: true);
        app.Use(RenderErrorPagesAsGet);
        app.UseShopOutagePages();     // primary or Redis down: 503 page or ProblemDetails, not the error page (ADR 19)
        app.UseShopLoadShedding();    // past capacity: a bounded queue, then the busy 503 — never out of memory
        app.UseShopApiProblems();     // /api answers problem details, never a page (ADR 21)
        app.UseShopInputGuard();
        app.UseMiddleware<ReplicaHeadersMiddleware>();
        app.UseShopAdminCircuits();
        app.UseMiddleware<CausalConsistencyMiddleware>();
        app.UseMiddleware<CrossOriginGuard>();
        app.UseShopRateLimits();
        app.UseShopApiAccess();       // /api: key or bearer token, never a cookie; per-key limits (ADR 21)
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
}
