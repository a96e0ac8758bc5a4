using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using PeakShop.Infrastructure.Customers;

namespace PeakShop.Web.Hosting;

internal static class AccountHosting
{
    public const string CookieName = "ps_auth";

    /// <summary>Identity cookie authentication for shoppers and staff (the user store is in Infrastructure).</summary>
    public static void AddShopAccounts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(IdentityConstants.ApplicationScheme)
            .AddIdentityCookies();
        builder.Services.AddAuthorization();
        builder.Services.AddCascadingAuthenticationState();
        // No Identity lockout on failed passwords: anyone could lock any account (the Admin's too) from outside.
        // Guessing is throttled by AccountSignIn's per-address, per-account and known-device limits (ADR 18).
        builder.Services.Configure<IdentityOptions>(options => options.Lockout.MaxFailedAccessAttempts = int.MaxValue);
        builder.Services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/account/login";
            options.LogoutPath = "/account/logout";
            // Signed in but not allowed (a shopper on /admin): a 403 page, not a loop back to the sign-in form.
            options.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
            options.Cookie.Name = CookieName;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.ExpireTimeSpan = TimeSpan.FromDays(14);
            options.SlidingExpiration = true;
        });
    }

    /// <summary>Sign-in, sign-out and registration endpoints.</summary>
    public static void MapAccountEndpoints(this WebApplication app)
    {
        app.MapPost("/account/logout", LogoutAsync);
    }

    /// <summary>Signs out (POST only, antiforgery-checked since it binds a form) and goes home.</summary>
    internal static async Task<IResult> LogoutAsync([FromForm] string? returnUrl, SignInManager<ShopUser> signIn)
    {
        await signIn.SignOutAsync();
        return CartHosting.SeeOther(LocalUrl.OrDefault(returnUrl, "/"));
    }
}
