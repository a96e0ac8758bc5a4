using Microsoft.AspNetCore.Diagnostics;

namespace PeakShop.Web.Middleware;

internal static class AdminCircuitsMiddleware
{
    private const string BlazorHubPath = "/_blazor";

    /// <summary>
    /// A stopping replica takes no new circuit: a browser that paused because of the stop, or any other, gets a
    /// 503 from <c>/_blazor</c> and retries until another replica answers (admin-circuits.js), instead of resuming
    /// here moments before this process exits.
    /// </summary>
    public static WebApplication UseShopAdminCircuits(this WebApplication app)
    {
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        app.Use((http, next) =>
        {
            if (lifetime.ApplicationStopping.IsCancellationRequested
                && http.Request.Path.StartsWithSegments(BlazorHubPath)
                && !http.Request.Path.StartsWithSegments(BlazorHubPath + "/disconnect"))
            {
                // A bare 503 for the SignalR client, not the HTML status page.
                http.Features.Get<IStatusCodePagesFeature>()?.Enabled = false;
                http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return Task.CompletedTask;
            }
            return next(http);
        });
        return app;
    }
}
