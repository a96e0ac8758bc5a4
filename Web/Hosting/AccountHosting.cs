using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PeakShop.Infrastructure.Customers;
using PeakShop.Infrastructure.Customers.Sessions;
using PeakShop.Infrastructure.Data;
using PeakShop.Web.Endpoints;
using PeakShop.Web.Shopper;
using PeakShop.Web.Staff;

namespace PeakShop.Web.Hosting;

internal static class AccountHosting
{
    public const string CookieName = "ps_auth";

    /// <summary>
    /// Identity cookie authentication for shoppers and staff (the user store is in Infrastructure). The cookie holds
    /// only a session key; the ticket is in Redis (ADR 14), so sign-out, sign-out-everywhere, a password reset and a
    /// role change end a session on every replica at its next request.
    /// </summary>
    public static IHostApplicationBuilder AddShopAccounts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(IdentityConstants.ApplicationScheme)
            .AddIdentityCookies();
        builder.Services.AddCascadingAuthenticationState();
        // Open admin circuits re-check their session, stamp and roles (the framework's default never looks again).
        builder.Services.AddScoped<AuthenticationStateProvider, SessionRevalidatingAuthenticationStateProvider>();
        builder.Services.AddScoped<CircuitActors>();
        builder.Services.AddScoped<AccountMailLinks>();
        // No Identity lockout on failed passwords: anyone could lock any account (the Admin's too) from outside.
        // Guessing is throttled by AccountSignIn's per-address, per-account and known-device limits (ADR 15).
        builder.Services.Configure<IdentityOptions>(options => options.Lockout.MaxFailedAccessAttempts = int.MaxValue);
        builder.Services.AddOptions<SecurityStampValidatorOptions>().Configure<IOptions<AccountSessionOptions>>((stamp, sessions) =>
            stamp.ValidationInterval = sessions.Value.StampValidationInterval);
        builder.Services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<ITicketStore>((options, store) => options.SessionStore = store);
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
            options.Events.OnValidatePrincipal = ValidatePrincipalAsync;
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
        return builder;
    }

    /// <summary>
    /// The security-stamp check, second line behind the session store: for staff on every request (one primary-key
    /// read; it catches a role change made while Redis was unreachable), for shoppers at Identity's interval.
    /// </summary>
    internal static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        if (OutageHosting.Of(context.HttpContext) is not null)
        {
            // The 503 page of an outage (re-executed): rendered for nobody rather than checked against a database
            // that is down. The cookie stays: the shopper or staff member is signed in again once it is back (ADR 19).
            context.RejectPrincipal();
            return;
        }
        var sessions = context.HttpContext.RequestServices.GetRequiredService<IOptions<AccountSessionOptions>>().Value;
        if (!sessions.StaffStampCheckEveryRequest || context.Principal is not { } principal || !ShopRoles.All.Any(principal.IsInRole))
        {
            try
            {
                await SecurityStampValidator.ValidatePrincipalAsync(context);
            }
            catch (Exception e) when (DbFailures.IsDatabaseUnavailable(e))
            {
                // Primary down: the session store (Redis) still vouches for a shopper, and no stamp can change while
                // writes are refused; it is checked again once the primary is back. Staff fail closed below (ADR 19).
            }
            return;
        }
        var signIn = context.HttpContext.RequestServices.GetRequiredService<SignInManager<ShopUser>>();
        if (await signIn.ValidateSecurityStampAsync(principal) is null)
        {
            context.RejectPrincipal();
            // Deletes the cookie and this session in the store.
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
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
}
