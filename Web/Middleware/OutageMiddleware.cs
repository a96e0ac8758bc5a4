using PeakShop.Web.Hosting;

namespace PeakShop.Web.Middleware;

/// <summary>An outage that escaped a page or an endpoint becomes its 503 (<see cref="OutageHosting"/>, ADR 19).</summary>
internal sealed partial class OutageMiddleware(RequestDelegate next, ILogger<OutageMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext http)
    {
        try
        {
            await next(http);
        }
        catch (Exception exception) when (!http.Response.HasStarted && OutageHosting.Classify(exception) is { } outage)
        {
            // Expected while a server is down: one line, not a stack trace per request.
            LogRefused(logger, outage, http.Request.Method, http.Request.Path, exception.GetBaseException().Message);
            await OutageHosting.RefuseAsync(http, outage);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "503 ({Outage} unavailable) for {Method} {Path}: {Reason}")]
    private static partial void LogRefused(ILogger logger, Outage outage, string method, PathString path, string reason);
}

internal static class OutagePages
{
    /// <summary>Inside the status-code pages (so they render the page), outside everything that touches a server.</summary>
    public static WebApplication UseShopOutagePages(this WebApplication app)
    {
        app.UseMiddleware<OutageMiddleware>();
        return app;
    }
}
