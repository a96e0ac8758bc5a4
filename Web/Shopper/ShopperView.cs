using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using PeakShop.Web.Hosting;

namespace PeakShop.Web.Shopper;

/// <summary>
/// All that a catalog page shows of its shopper: signed in or not, and how many items the cart holds (the header's
/// account links and cart badge). Shoppers who see the same header share one cached page (ADR 20).
/// </summary>
internal readonly record struct ShopperView(bool SignedIn, int CartCount)
{
    /// <summary>The badge shows any count; above this, pages are rendered for the shopper instead of multiplying cache entries.</summary>
    public const int MostItemsCached = 99;

    public static readonly ShopperView Visitor = new(false, 0);

    /// <summary>The page cache's vary value: a handful of values in practice, at most 2 × 100.</summary>
    public string CacheKey => string.Create(CultureInfo.InvariantCulture, $"{(SignedIn ? 's' : 'g')}{CartCount}");
}

/// <summary>
/// Carries a shopper's <see cref="ShopperView"/> between requests in a small signed cookie (<c>ps_view</c>), so the
/// page cache can pick the page for that header without a session lookup, a cart read or a render. Rendered pages
/// report what they showed (<see cref="Report"/>) and the cookie follows; any unsafe request that reports nothing
/// (a cart change, sign-in, sign-out, checkout) drops it, so the next page is rendered and sets it again.
/// The cookie only chooses which shared page a shopper sees: forging it shows a wrong badge to the forger alone.
/// </summary>
internal sealed class ShopperViewCookie(IDataProtectionProvider dataProtection, IOptions<PageCacheOptions> options) : IDisposable
{
    public const string Name = "ps_view";

    /// <summary>Cookies verified recently: a shopper sends the same one with every page, and verifying it costs more than serving the cached page.</summary>
    private const int VerifiedKept = 100_000;

    private readonly ITimeLimitedDataProtector _protector =
        dataProtection.CreateProtector("PeakShop.ShopperView.v1").ToTimeLimitedDataProtector();
    private readonly TimeSpan _lifetime = options.Value.ShopperViewLifetime;
    private readonly MemoryCache _verified = new(new MemoryCacheOptions { SizeLimit = VerifiedKept });

    /// <summary>The view the request's cookie vouches for; null without a cookie or with one that is forged, expired or malformed.</summary>
    public ShopperView? Read(HttpRequest request)
    {
        if (!request.Cookies.TryGetValue(Name, out var raw) || string.IsNullOrEmpty(raw) || raw.Length > 200)
        {
            return null;
        }
        if (_verified.TryGetValue(raw, out ShopperView known))
        {
            return known;
        }
        try
        {
            var view = Parse(_protector.Unprotect(raw, out var expires));
            if (view is { } verified)
            {
                // Only genuine cookies are kept (a forger cannot fill it), and none beyond its own expiry.
                _verified.Set(raw, verified, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = expires });
            }
            return view;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    public void Dispose() => _verified.Dispose();

    internal static ShopperView? Parse(string value) =>
        value.Length >= 2
        && value[0] is 's' or 'g'
        && int.TryParse(value.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
        && count <= ShopperView.MostItemsCached
            ? new ShopperView(value[0] == 's', count)
            : null;

    public void Write(HttpResponse response, ShopperView view) =>
        response.Cookies.Append(Name, _protector.Protect(view.CacheKey, _lifetime), new CookieOptions
        {
            HttpOnly = true,
            Secure = response.HttpContext.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            IsEssential = true,
            MaxAge = _lifetime,
        });

    public static void Delete(HttpResponse response) => response.Cookies.Delete(Name);

    /// <summary>
    /// Reads the cookie for the page cache (<see cref="Current"/>) and, when the response starts, brings it in line
    /// with what the request reported, or drops it after a change that reported nothing.
    /// </summary>
    public static Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        var cookie = http.RequestServices.GetRequiredService<ShopperViewCookie>();
        var carried = cookie.Read(http.Request);
        var hadCookie = http.Request.Cookies.ContainsKey(Name);
        http.Items[typeof(ShopperView)] = carried;
        http.Response.OnStarting(() =>
        {
            var wanted = Wanted(http, carried);
            if (wanted is null)
            {
                if (hadCookie)
                {
                    Delete(http.Response);
                }
            }
            else if (wanted != carried)
            {
                cookie.Write(http.Response, wanted.Value);
            }
            return Task.CompletedTask;
        });
        return next(http);
    }

    /// <summary>
    /// The view the cookie should carry after this response; null for none. What the response reported, unless that is
    /// too many items to cache or a visitor's (shared without a cookie); with no report, the carried view survives a
    /// read, and a change (an unsafe request) drops it so the next page is rendered and sets it again.
    /// </summary>
    private static ShopperView? Wanted(HttpContext http, ShopperView? carried)
    {
        if (!http.Items.TryGetValue(ReportedKey, out var value) || value is not ShopperView reported)
        {
            return HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) ? carried : null;
        }
        var needsNone = reported.CartCount > ShopperView.MostItemsCached
            || reported == ShopperView.Visitor && !PageCaching.HasShopperCookies(http.Request);
        return needsNone ? null : reported;
    }

    /// <summary>The view the request's cookie vouches for (read by <see cref="InvokeAsync"/>).</summary>
    public static ShopperView? Current(HttpContext http) =>
        http.Items.TryGetValue(typeof(ShopperView), out var value) ? value as ShopperView? : null;

    /// <summary>What this response shows of the shopper (the header, or the add-to-cart answer): the cookie follows it.</summary>
    public static void Report(HttpContext http, ShopperView view) => http.Items[ReportedKey] = view;

    private const string ReportedKey = "PeakShop.ShopperView.Reported";
}
