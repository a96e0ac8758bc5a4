using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using PeakShop.Web.Shopper;

namespace PeakShop.Web.Api.V1;

/// <summary>
/// An API cart's token: the guest cart id (the same Redis carts as the site's) under Data Protection with a purpose of
/// its own, so a token names one cart and cannot be forged, and a browser's cart cookie is not a token (nor the reverse).
/// Keys live in PostgreSQL: every replica reads every token.
/// </summary>
public sealed class CartTokens(IDataProtectionProvider dataProtection)
{
    private readonly IDataProtector _protector = dataProtection.CreateProtector("PeakShop.Api.CartToken.v1");

    /// <summary>A new guest cart: its id (128 random bits, as the cart cookie's) and its token.</summary>
    public (string CartId, string Token) Create()
    {
        var cartId = CartIds.NewGuest();
        return (cartId, _protector.Protect(cartId));
    }

    /// <summary>The cart id a token names; null for anything this shop did not issue.</summary>
    public string? Read(string token)
    {
        try
        {
            var cartId = _protector.Unprotect(token);
            return CartIds.IsGuest(cartId) ? cartId : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>
/// A guest order's token (header <c>Order-Token</c>): its number under time-limited Data Protection, so only the client
/// that placed the order reads it; the number alone is not enough (numbers are sequential).
/// </summary>
public sealed class OrderTokens(IDataProtectionProvider dataProtection)
{
    public const string Header = "Order-Token";

    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    private readonly ITimeLimitedDataProtector _protector =
        dataProtection.CreateProtector("PeakShop.Api.OrderToken.v1").ToTimeLimitedDataProtector();

    public string Create(string orderNumber) => _protector.Protect(orderNumber, Lifetime);

    public bool Grants(string? token, string orderNumber)
    {
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }
        try
        {
            return string.Equals(_protector.Unprotect(token, out _), orderNumber, StringComparison.Ordinal);
        }
        catch (CryptographicException)
        {
            return false;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
