using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PeakShop.Infrastructure.Customers;
using PeakShop.Infrastructure.RateLimiting;
using PeakShop.Web.Api.V1.Contracts;
using PeakShop.Web.Shopper;

namespace PeakShop.Web.Api.V1;

/// <summary>
/// Bearer tokens for customers and who-am-I (ADR 21). Sign-in goes through <see cref="AccountSignIn"/>, so the API
/// has the site's throttling and timing defence (ADR 15); Identity's <c>MapIdentityApi</c> is not used because its
/// register/reset endpoints would bypass both.
/// </summary>
internal static class AuthEndpoints
{
    public const string Tag = "Authentication";

    public static RouteGroupBuilder MapAuthApi(this RouteGroupBuilder v1)
    {
        var auth = v1.MapGroup("/auth").WithTags(Tag);
        auth.MapPost("/token", TokenAsync)
            .WithName("CreateToken")
            .WithSummary("Signs a customer in: an access token (15 minutes) and a refresh token (14 days).")
            .Produces<AccessTokenResponse>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        auth.MapPost("/refresh", RefreshAsync)
            .WithName("RefreshToken")
            .WithSummary("New tokens for a refresh token, unless the account signed out everywhere or changed its password since.")
            .Produces<AccessTokenResponse>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        var me = v1.MapGroup("/me").WithTags(Tag);
        me.MapGet("", WhoAmI)
            .WithName("GetMe")
            .WithSummary("Who the API takes the caller for: kind, name, scopes and rate-limit quota.");
        me.MapGet("/quota", Quota)
            .WithName("GetQuota")
            .WithSummary("The caller's rate limit as of this request (the same figures as the RateLimit headers).")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return v1;
    }

    internal static async Task<Results<EmptyHttpResult, ValidationProblem, ProblemHttpResult>> TokenAsync(
        TokenRequest? request, HttpContext http, SignInManager<ShopUser> signIn, AccountSignIn accounts)
    {
        request ??= new TokenRequest(null, null);
        if (request.Validate() is { Count: > 0 } errors)
        {
            return ApiProblems.Invalid(errors);
        }
        // The bearer handler writes the token answer itself when signed in to.
        signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
        var outcome = await accounts.SignInAsync(http, request.Email!, request.Password!, rememberDevice: false);
        if (outcome.Throttled is { } throttled)
        {
            return ApiProblems.TooManyRequests(http, throttled, "sign-in");
        }
        return outcome.Succeeded
            ? TypedResults.Empty
            : ApiProblems.Problem(StatusCodes.Status401Unauthorized, ApiProblems.Unauthorized, "Sign-in failed.",
                "Wrong e-mail address or password, or the account cannot sign in yet (confirm the e-mail address first).");
    }

    internal static async Task<Results<SignInHttpResult, ValidationProblem, ProblemHttpResult>> RefreshAsync(
        RefreshRequest? request, SignInManager<ShopUser> signIn, IOptionsMonitor<BearerTokenOptions> bearer, TimeProvider time)
    {
        request ??= new RefreshRequest(null);
        if (request.Validate() is { Count: > 0 } errors)
        {
            return ApiProblems.Invalid(errors);
        }
        // As MapIdentityApi's /refresh: the token is a Data Protection ticket; the security stamp in it must still be
        // the account's (sign-out-everywhere, a password reset or a role change renew the stamp).
        var ticket = bearer.Get(IdentityConstants.BearerScheme).RefreshTokenProtector.Unprotect(request.RefreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires || time.GetUtcNow() >= expires
            || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { } user)
        {
            return ApiProblems.Problem(StatusCodes.Status401Unauthorized, ApiProblems.Unauthorized, "Refresh refused.",
                "The refresh token is expired or was revoked: sign in again.");
        }
        return TypedResults.SignIn(await signIn.CreateUserPrincipalAsync(user), authenticationScheme: IdentityConstants.BearerScheme);
    }

    internal static Ok<Me> WhoAmI(HttpContext http)
    {
        var user = http.User;
        var kind = ApiAuthentication.KindOf(user);
        return TypedResults.Ok(new Me(kind, kind == ApiCaller.Anonymous ? null : user.Identity?.Name,
            user.FindFirstValue(ApiClaims.KeyId), ApiAuthentication.ScopesOf(user), OwnQuota(http)));
    }

    internal static Results<Ok<ApiQuota>, ProblemHttpResult> Quota(HttpContext http) =>
        OwnQuota(http) is { } quota
            ? TypedResults.Ok(quota)
            : ApiProblems.Problem(StatusCodes.Status503ServiceUnavailable, ApiProblems.Unavailable, "Quota unknown right now.",
                "The rate-limit counters cannot be read at the moment; requests are not being limited meanwhile.");

    /// <summary>The caller's own counter (the first one taken for this request).</summary>
    private static ApiQuota? OwnQuota(HttpContext http) =>
        http.Features.Get<RateLimitQuota>()?.Counters.FirstOrDefault() is { } own
            ? new ApiQuota(own.Counter.Name, own.Limit, own.Remaining, own.ResetSeconds, (int)own.Counter.Rule.Window.TotalSeconds)
            : null;
}
