using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using PeakShop.Infrastructure.Customers;

namespace PeakShop.Web.Endpoints;

/// <summary>The account's form posts beside its pages: sign out, sign out everywhere.</summary>
internal static class AccountFormEndpoints
{
    /// <summary>Sign-out endpoints (sign-in and registration are pages).</summary>
    public static WebApplication MapShopAccountForms(this WebApplication app)
    {
        // Posted from the header of shared cached pages, which carry no per-user token: the cross-origin guard is its defence (ADR 20).
        app.MapPost("/account/logout", LogoutAsync).DisableAntiforgery();
        app.MapPost("/account/sign-out-everywhere", SignOutEverywhereAsync).RequireAuthorization();
        return app;
    }

    /// <summary>Signs out (POST only, origin-checked) and goes home. The session store forgets the session.</summary>
    internal static async Task<IResult> LogoutAsync(HttpRequest request, SignInManager<ShopUser> signIn)
    {
        // Read by hand: the framework's form binding refuses an empty body (a form with only its button) with a 400.
        var returnUrl = request.HasFormContentType ? (await request.ReadFormAsync(request.HttpContext.RequestAborted))["returnUrl"].ToString() : null;
        await signIn.SignOutAsync();
        return CartFormEndpoints.SeeOther(LocalUrl.OrDefault(returnUrl, "/"));
    }

    /// <summary>
    /// Ends every session of the signed-in account, this one included (a new security stamp: ShopUserManager
    /// revokes the sessions, and any cookie the store missed fails its stamp check).
    /// </summary>
    internal static async Task<IResult> SignOutEverywhereAsync([FromForm] string? returnUrl, ClaimsPrincipal principal,
        UserManager<ShopUser> users, SignInManager<ShopUser> signIn)
    {
        if (await users.GetUserAsync(principal) is { } user)
        {
            await users.UpdateSecurityStampAsync(user);
        }
        await signIn.SignOutAsync();
        return CartFormEndpoints.SeeOther(LocalUrl.OrDefault(returnUrl, "/account/login?signedout=everywhere"));
    }
}
