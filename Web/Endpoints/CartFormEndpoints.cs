using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using PeakShop.Infrastructure.Cart;
using PeakShop.Infrastructure.RateLimiting;
using PeakShop.Web.Hosting;
using PeakShop.Web.Shopper;

namespace PeakShop.Web.Endpoints;

internal static class CartFormEndpoints
{
    /// <summary>Cart and checkout form endpoints.</summary>
    public static WebApplication MapShopCartForms(this WebApplication app)
    {
        // Posted from the product page, which is cached for every visitor and so carries no per-user token:
        // the cross-origin guard (Fetch Metadata / Origin) is its CSRF defence (ADR 6).
        app.MapPost("/cart/items", AddItemAsync).DisableAntiforgery();
        // The cart page is personal (never cached): its forms keep their antiforgery token as well.
        app.MapPost("/cart/lines", UpdateLineAsync);
        return app;
    }

    /// <summary>
    /// Adds a product to the cart: 303 to /cart, or back to the product page with an error code. The page's script
    /// posts the same form with <c>Accept: application/json</c> and gets the new item count (or the error) instead.
    /// </summary>
    internal static async Task<IResult> AddItemAsync(
        [FromForm] AddItemForm form, HttpContext http, CartCookie cookie, CartService carts, RedisRateLimiter limiter)
    {
        var json = WantsJson(http);
        // Every new guest cart is a Redis key that lives 30 days: new carts are limited per client address.
        if (cookie.Read(http) is null)
        {
            var decision = await limiter.TakeAsync(new RateLimitCounter("cart-ip", limiter.Options.CartCreationPerIp, ClientAddress.Partition(http)));
            if (!decision.Allowed)
            {
                return new RefusedResult(decision, json);
            }
        }
        // Prevent open redirects.
        var back = LocalUrl.OrDefault(form.ReturnUrl, "/");
        CartResult result;
        string? cartId = null;
        if (!int.TryParse(form.ProductId, NumberStyles.Integer, CultureInfo.InvariantCulture, out var productId))
        {
            result = new CartResult(CartError.Unavailable);
        }
        else if (!int.TryParse(form.Quantity, NumberStyles.Integer, CultureInfo.InvariantCulture, out var quantity))
        {
            result = new CartResult(CartError.Quantity);
        }
        else
        {
            cartId = cookie.GetOrCreate(http);
            result = await carts.AddAsync(cartId, productId, quantity);
        }
        if (json)
        {
            if (!result.Succeeded)
            {
                return TypedResults.UnprocessableEntity(new CartRefusal(result.Code, ErrorUrl(back, result)));
            }
            var count = await carts.CountAsync(cartId!);
            // The shopper stays on the page: the next one they open comes from the cache with this count (ADR 20).
            ShopperViewCookie.Report(http, new ShopperView(http.User.Identity?.IsAuthenticated == true, count));
            return TypedResults.Ok(new AddedToCart(count));
        }
        if (result.Succeeded)
        {
            return SeeOther("/cart");
        }
        return SeeOther(ErrorUrl(back, result));
    }

    /// <summary>The add-to-cart script's request (fetch with <c>Accept: application/json</c>); a plain form post is not.</summary>
    private static bool WantsJson(HttpContext http) =>
        http.Request.Headers.Accept.Any(a => a is not null && a.Contains("application/json", StringComparison.OrdinalIgnoreCase));

    /// <summary>The cart's item count after the add, for the header badge.</summary>
    internal sealed record AddedToCart(int Count);

    /// <summary>Why the add was refused, and the product page that explains it (the script follows it).</summary>
    internal sealed record CartRefusal(string Error, string Location);

    /// <summary>The cart page's own forms: change a line's quantity or remove it; errors show beside the line.</summary>
    internal static async Task<IResult> UpdateLineAsync([FromForm] UpdateLineForm form, HttpContext http, CartCookie cookie, CartService carts)
    {
        if (cookie.Read(http) is not { } cartId
            || !int.TryParse(form.ProductId, NumberStyles.Integer, CultureInfo.InvariantCulture, out var productId))
        {
            return SeeOther("/cart");
        }
        if (form.Action == "remove")
        {
            await carts.RemoveAsync(cartId, productId);
            return SeeOther("/cart");
        }
        var result = int.TryParse(form.Quantity, NumberStyles.Integer, CultureInfo.InvariantCulture, out var quantity)
            ? await carts.SetQuantityAsync(cartId, productId, quantity)
            : new CartResult(CartError.Quantity);
        // A line removed meanwhile (another tab): the cart as it is now says it all.
        if (result.Succeeded || result.Error == CartError.NotInCart)
        {
            return SeeOther("/cart");
        }
        return SeeOther(ErrorUrl("/cart", result, ("line", productId.ToString(CultureInfo.InvariantCulture))));
    }

    /// <summary>The page to go back to, with the error code it explains (and, for stock, how many fit).</summary>
    private static string ErrorUrl(string path, CartResult result, params (string Key, string Value)[] first)
    {
        (string, string)[] error = result.Error == CartError.Stock
            ? [("cart_error", result.Code), ("cart_max", result.Available.ToString(CultureInfo.InvariantCulture))]
            : [("cart_error", result.Code)];
        return LocalUrl.WithQuery(path, [.. first, .. error]);
    }

    /// <summary>303: the browser follows with a GET, so a reload does not post the form again.</summary>
    internal static IResult SeeOther(string url) => new SeeOtherResult(url);

    private sealed class SeeOtherResult(string url) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = url;
            return Task.CompletedTask;
        }
    }

    /// <summary>429 with the friendly page (rendered by the status-code pages), or a problem for the script.</summary>
    private sealed class RefusedResult(RateLimitDecision decision, bool json) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => RateLimitHosting.RefuseAsync(httpContext, decision, json);
    }

    /// <summary>Fields as strings, so a malformed number is a validation message rather than a 400.</summary>
    internal sealed class AddItemForm
    {
        public string? ProductId { get; set; }
        public string? Quantity { get; set; }
        public string? ReturnUrl { get; set; }
    }

    internal sealed class UpdateLineForm
    {
        public string? ProductId { get; set; }
        public string? Quantity { get; set; }
        public string? Action { get; set; }
    }
}
