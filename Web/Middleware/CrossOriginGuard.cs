using PeakShop.Web.Api;

namespace PeakShop.Web.Middleware;

/// <summary>
/// Refuses unsafe requests (POST, PUT, PATCH, DELETE) that a browser says come from another site, so forms
/// that carry no antiforgery token (add to cart, on a product page cached for every visitor) cannot be
/// forged (ADR 6). Fetch Metadata first (<c>Sec-Fetch-Site</c>), the <c>Origin</c> header for browsers
/// without it, and requests with neither are not from a browser form and pass — the algorithm of Go 1.25's
/// <c>CrossOriginProtection</c> and of the automatic protection ASP.NET Core 11 ships. Token-based
/// antiforgery stays on for every form that has a token.
/// </summary>
internal sealed class CrossOriginGuard(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext http)
    {
        // The API authenticates by header only (an API key or a bearer token, never a cookie), so a request another
        // site makes a browser send carries no credential to forge with (ADR 21).
        if (!ApiPaths.IsApi(http.Request.Path) && IsCrossOrigin(http.Request))
        {
            return Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Cross-origin request refused",
                detail: "This form was sent from another site. Open the page on this shop and submit it again.")
                .ExecuteAsync(http);
        }
        return next(http);
    }

    internal static bool IsCrossOrigin(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)
            || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method))
        {
            return false;
        }
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0)
        {
            return site is not ("same-origin" or "none");
        }
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return false;
        }
        // "null" (an opaque origin: sandboxed frame, data: URL) is never this shop.
        return !Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            || !string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}
