using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using PeakShop.Infrastructure.Customers;
using PeakShop.Web.Hosting;

namespace PeakShop.Web.Shopper;

/// <summary>
/// The links account mails carry, with their one-time codes. From <c>Shop:PublicBaseUrl</c>, never the request's Host:
/// a forged Host must not receive a code.
/// </summary>
internal sealed class AccountMailLinks(UserManager<ShopUser> users, PublicUrls urls)
{
    public async Task<string> ConfirmEmailAsync(ShopUser user) =>
        QueryHelpers.AddQueryString(urls.Absolute("/account/confirm-email"),
            new Dictionary<string, string?> { ["userId"] = user.Id, ["code"] = Encode(await users.GenerateEmailConfirmationTokenAsync(user)) });

    public async Task<string> ResetPasswordAsync(ShopUser user) =>
        QueryHelpers.AddQueryString(urls.Absolute("/account/reset-password"),
            new Dictionary<string, string?> { ["email"] = user.Email, ["code"] = Encode(await users.GeneratePasswordResetTokenAsync(user)) });

    private static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
}
