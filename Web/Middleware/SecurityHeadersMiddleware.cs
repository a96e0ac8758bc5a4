using PeakShop.Web.Hosting;

namespace PeakShop.Web.Middleware;

/// <summary>The security headers of ADR 17 on every response (<see cref="SecurityHeaders"/>).</summary>
internal static class SecurityHeadersMiddleware
{
    /// <summary>First in the pipeline, so every answer gets the headers: pages, errors, redirects, static assets, media.</summary>
    public static WebApplication UseShopSecurityHeaders(this WebApplication app)
    {
        var policy = app.Services.GetRequiredService<ContentSecurityPolicy>();
        app.Use((http, next) =>
        {
            // At the start of the response: after an exception handler or status page has cleared and rewritten it.
            http.Response.OnStarting(static state =>
            {
                var (http, policy) = ((HttpContext, ContentSecurityPolicy))state;
                var headers = http.Response.Headers;
                // A response with its own policy keeps it (a PDF from /media is sandboxed).
                if (!headers.ContainsKey("Content-Security-Policy"))
                {
                    // PathBase too: the Hangfire dashboard runs in a branch that moved /admin/jobs there.
                    headers.ContentSecurityPolicy = policy.For(http.Request.PathBase.Add(http.Request.Path));
                }
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                headers["Permissions-Policy"] = SecurityHeaders.PermissionsPolicy;
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                return Task.CompletedTask;
            }, (http, policy));
            return next(http);
        });
        return app;
    }
}
