using PeakShop.Web.Hosting;

namespace PeakShop.Web.Middleware;

/// <summary>Which Host a request may name: a real host name everywhere, one of AllowedHosts off the management port.</summary>
public static class HostFilteringMiddleware
{
    /// <summary>
    /// A Host that is no host name (Kestrel takes up to its header limit; a 6 KB name breaks every URL built from it)
    /// is a 400 on every port; AllowedHosts applies to every request except those on the management port.
    /// </summary>
    public static IApplicationBuilder UseShopHostFiltering(this IApplicationBuilder app)
    {
        app.Use((http, next) =>
        {
            if (http.Request.Host.HasValue && !IsHostName(http.Request.Host.Host))
            {
                http.Response.StatusCode = StatusCodes.Status400BadRequest;
                return Task.CompletedTask;
            }
            return next(http);
        });
        return app.UseWhen(http => !ManagementHosting.IsManagementRequest(http), branch => branch.UseHostFiltering());
    }

    /// <summary>A DNS name (at most 253 characters, labels of at most 63) or an IP address.</summary>
    public static bool IsHostName(string host) =>
        host.Length <= 253 && Uri.CheckHostName(host.Trim('[', ']')) is not UriHostNameType.Unknown
        && host.Split('.').All(label => label.Length <= 63);
}
