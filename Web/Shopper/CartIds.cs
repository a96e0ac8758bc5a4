using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;

namespace PeakShop.Web.Shopper;

/// <summary>
/// The ids carts are stored under: a guest's is <c>g:</c> and 128 random bits (named by the cart cookie on a page, by
/// a cart token in the API), an account's is <c>u:</c> and the user id.
/// </summary>
internal static class CartIds
{
    private const string GuestPrefix = "g:";

    public static string NewGuest() => GuestPrefix + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16));

    /// <summary>True for a guest cart's id: what a protected cookie or token must hold, never an account's cart.</summary>
    public static bool IsGuest(string id) => id.StartsWith(GuestPrefix, StringComparison.Ordinal);

    public static string OfAccount(string userId) => "u:" + userId;

    /// <summary>The signed-in user's cart; null for a guest.</summary>
    public static string? OfAccount(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && user.FindFirstValue(ClaimTypes.NameIdentifier) is { } id
            ? OfAccount(id)
            : null;
}
