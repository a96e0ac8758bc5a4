using PeakShop.Infrastructure.Customers.Sessions;

namespace PeakShop.Web.Middleware;

internal static class AccountSessionsMiddleware
{
    /// <summary>
    /// A sign-in that could not be recorded (Redis unreachable) is a 503 "try again" page with Retry-After, not a
    /// 500 and not a cookie that works nowhere. Reading a session never throws (the store answers "no session").
    /// </summary>
    public static WebApplication UseShopAccountSessions(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            try
            {
                await next(http);
            }
            catch (SessionStoreUnavailableException) when (!http.Response.HasStarted)
            {
                http.Response.Clear();
                http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                http.Response.Headers.RetryAfter = "30";
            }
        });
        return app;
    }
}
