using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using PeakShop.Infrastructure.Customers;
using PeakShop.Infrastructure.Customers.Sessions;

namespace PeakShop.Web.Hosting;

internal static class AccountHosting
{
    public const string CookieName = "ps_auth";

    /// <summary>
    /// Identity cookie authentication for shoppers and staff (the user store is in Infrastructure). The cookie holds
    /// only a session key; the ticket is in Redis (ADR 14), so sign-out, sign-out-everywhere, a password reset and a
    /// role change end a session on every replica at its next request.
    /// </summary>
    public static void AddShopAccounts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(IdentityConstants.ApplicationScheme)
            .AddIdentityCookies();
        builder.Services.AddAuthorization();
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
    }

    /// <summary>
    /// The security-stamp check, second line behind the session store: for staff on every request (one primary-key
    /// read; it catches a role change made while Redis was unreachable), for shoppers at Identity's interval.
    /// </summary>
    internal static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var sessions = context.HttpContext.RequestServices.GetRequiredService<IOptions<AccountSessionOptions>>().Value;
        if (!sessions.StaffStampCheckEveryRequest || context.Principal is not { } principal || !ShopRoles.All.Any(principal.IsInRole))
        {
            await SecurityStampValidator.ValidatePrincipalAsync(context);
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

    /// <summary>Sign-in, sign-out and registration endpoints.</summary>
    public static void MapAccountEndpoints(this WebApplication app)
    {
        // Posted from the header of shared cached pages, which carry no per-user token: the cross-origin guard is its defence (ADR 20).
        app.MapPost("/account/logout", LogoutAsync).DisableAntiforgery();
        app.MapPost("/account/sign-out-everywhere", SignOutEverywhereAsync).RequireAuthorization();
    }

    /// <summary>
    /// A sign-in that could not be recorded (Redis unreachable) is a 503 "try again" page with Retry-After, not a
    /// 500 and not a cookie that works nowhere. Reading a session never throws (the store answers "no session").
    /// </summary>
    public static WebApplication UseAccountSessions(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            try
            {
                await next(http);
            }
            catch (SessionStoreUnavailableException) when (!http.Response.HasStarted)
            {
                http.Response.Clear();
                http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                http.Response.Headers.RetryAfter = "30";
            }
        });
        return app;
    }

    /// <summary>Signs out (POST only, origin-checked) and goes home. The session store forgets the session.</summary>
    internal static async Task<IResult> LogoutAsync(HttpRequest request, SignInManager<ShopUser> signIn)
    {
        // Read by hand: the framework's form binding refuses an empty body (a form with only its button) with a 400.
        var returnUrl = request.HasFormContentType ? (await request.ReadFormAsync(request.HttpContext.RequestAborted))["returnUrl"].ToString() : null;
        await signIn.SignOutAsync();
        return CartHosting.SeeOther(LocalUrl.OrDefault(returnUrl, "/"));
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
        return CartHosting.SeeOther(LocalUrl.OrDefault(returnUrl, "/account/login?signedout=everywhere"));
    }
}
