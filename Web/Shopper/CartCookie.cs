using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using PeakShop.Infrastructure.Cart;

namespace PeakShop.Web.Shopper;

/// <summary>
/// Which cart a request works on (<see cref="CartIds"/>). A guest's cart id is a random value in a
/// Data-Protection-protected cookie (readable by every replica, since keys live in PostgreSQL); a signed-in shopper's
/// cart belongs to the account. A cookie that does not unprotect is ignored: the shopper gets a new, empty cart.
/// </summary>
internal sealed class CartCookie(IDataProtectionProvider dataProtection)
{
    public const string Name = "ps_cart";

    private readonly IDataProtector _protector = dataProtection.CreateProtector("PeakShop.Cart.v1");

    /// <summary>The cart id to read; null when the shopper has no cart yet.</summary>
    public string? Read(HttpContext http)
    {
        if (CartIds.OfAccount(http.User) is { } account)
        {
            return account;
        }
        return GuestCartId(http);
    }

    /// <summary>The cart id to write to, issuing a guest cookie when needed.</summary>
    public string GetOrCreate(HttpContext http)
    {
        if (Read(http) is { } id)
        {
            return id;
        }
        var guest = CartIds.NewGuest();
        http.Response.Cookies.Append(Name, _protector.Protect(guest), new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            IsEssential = true,
            MaxAge = CartStore.Lifetime,
        });
        http.Items[Name] = guest;
        return guest;
    }

    /// <summary>The guest cart from the cookie, if the cookie is genuine.</summary>
    public string? GuestCartId(HttpContext http)
    {
        if (http.Items.TryGetValue(Name, out var issued) && issued is string fresh)
        {
            return fresh;
        }
        if (!http.Request.Cookies.TryGetValue(Name, out var raw) || string.IsNullOrEmpty(raw))
        {
            return null;
        }
        try
        {
            var id = _protector.Unprotect(raw);
            return CartIds.IsGuest(id) ? id : null;
        }
        catch (CryptographicException)
        {
            // Tampered or from another key ring: a new empty cart.
            return null;
        }
    }

    public void Delete(HttpContext http) => http.Response.Cookies.Delete(Name);
}
