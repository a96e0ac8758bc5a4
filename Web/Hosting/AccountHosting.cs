using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.Metadata;
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
        builder.Services.Configure<IdentityOptions>(options =>
        {
            // Slow down password guessing: 5 failures lock the account for 15 minutes.
            options.Lockout.AllowedForNewUsers = true;
            options.Lockout.MaxFailedAccessAttempts = 5;
            options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        });
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
            // The framework's own redirect copies the whole request URL (up to Kestrel's 8 KB, ~24 KB escaped) into an
            // absolute Location on the request's Host: send a relative one whose ReturnUrl is bounded like every other.
            options.Events.OnRedirectToLogin = RedirectToLogin;
            // Signing in on LoginPath (or out on LogoutPath) follows the request's ReturnUrl: through the same gate.
            options.Events.OnRedirectToReturnUrl = context =>
            {
                context.Response.Redirect(LocalUrl.OrDefault(context.RedirectUri, "/"));
                return Task.CompletedTask;
            };
            options.Cookie.Name = CookieName;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.ExpireTimeSpan = TimeSpan.FromDays(14);
            options.SlidingExpiration = true;
        });
    }

    /// <summary>To the sign-in page, coming back to the requested page when it is a short local path; 401 for a script.</summary>
    internal static Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context)
    {
        var request = context.Request;
        var back = LocalUrl.OrDefault(UriHelper.BuildRelative(request.PathBase, request.Path, request.QueryString), "");
        var target = context.Options.LoginPath.Value!;
        if (back.Length > 0 && (target + QueryString.Create(context.Options.ReturnUrlParameter, back)) is { Length: <= LocalUrl.MaxLength } withReturn)
        {
            target = withReturn;
        }
        // As the framework's own: a script or an API endpoint (IDisableCookieRedirectMetadata) gets a 401, not a page.
        var metadata = context.HttpContext.GetEndpoint()?.Metadata;
        var isApi = metadata?.GetMetadata<IDisableCookieRedirectMetadata>() is not null && metadata.GetMetadata<IAllowCookieRedirectMetadata>() is null;
        if (isApi || string.Equals(request.Headers.XRequestedWith, "XMLHttpRequest", StringComparison.Ordinal))
        {
            context.Response.Headers.Location = target;
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        }
        else
        {
            context.Response.Redirect(target);
        }
        return Task.CompletedTask;
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
