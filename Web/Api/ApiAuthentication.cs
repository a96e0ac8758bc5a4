using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PeakShop.Infrastructure.Api;
using PeakShop.Infrastructure.Customers;

namespace PeakShop.Web.Api;

/// <summary>
/// Who calls the API (ADR 21): a partner's key in <c>X-Api-Key</c> (never in a query string, which ends up in logs),
/// or a customer's bearer token from <c>/api/v1/auth/token</c> (Identity's own bearer handler: opaque Data
/// Protection tokens, valid on every replica). A browser cookie never authenticates an API call: on <c>/api</c> the
/// cookie scheme forwards to <see cref="Scheme"/>, so a page open in the same browser cannot be ridden by a script
/// (which is why the cross-origin guard may skip <c>/api</c>).
/// </summary>
public static class ApiAuthentication
{
    /// <summary>Picks <see cref="KeyScheme"/> or the bearer scheme by the request's headers.</summary>
    public const string Scheme = "Api";

    public const string KeyScheme = "ApiKey";

    public const string KeyHeader = "X-Api-Key";

    /// <summary>A key's own limit, when it has one (read by the rate limits).</summary>
    internal const string RequestsPerMinuteClaim = "peakshop:requests-per-minute";

    public static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromMinutes(15);

    public static readonly TimeSpan RefreshTokenLifetime = TimeSpan.FromDays(14);

    public static IHostApplicationBuilder AddShopApiAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthentication()
            // 15 minutes: an access token outlives a sign-out-everywhere by at most that (staff tokens are checked on
            // every request instead); the refresh token is checked against the security stamp.
            .AddBearerToken(IdentityConstants.BearerScheme, options =>
            {
                options.BearerTokenExpiration = AccessTokenLifetime;
                options.RefreshTokenExpiration = RefreshTokenLifetime;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(KeyScheme, null)
            .AddPolicyScheme(Scheme, "API key or bearer token", options =>
            {
                options.ForwardDefaultSelector = http =>
                    http.Request.Headers.ContainsKey(KeyHeader) ? KeyScheme : IdentityConstants.BearerScheme;
                // Challenges and refusals are problem details from one place, whichever credential was sent.
                options.ForwardChallenge = KeyScheme;
                options.ForwardForbid = KeyScheme;
            });
        builder.Services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme).Configure(options =>
            options.ForwardDefaultSelector = http => ApiPaths.IsApi(http.Request.Path) ? Scheme : null);
        // Its policies are with every other policy (ShopAuthorization).
        return builder;
    }

    /// <summary>What kind of caller a principal of the API is.</summary>
    public static ApiCaller KindOf(ClaimsPrincipal user) =>
        user.FindFirst(ApiClaims.KeyId) is not null ? ApiCaller.Key
        : user.Identity?.IsAuthenticated != true ? ApiCaller.Anonymous
        : ShopRoles.All.Any(user.IsInRole) ? ApiCaller.Staff
        : ApiCaller.Customer;

    /// <summary>The scopes a caller holds: a key's own; what a browser may do for everyone else.</summary>
    public static string[] ScopesOf(ClaimsPrincipal user) => KindOf(user) == ApiCaller.Key
        ? [.. user.FindAll(ApiClaims.Scope).Select(c => c.Value)]
        : [ApiScopes.Read, ApiScopes.Write];
}

/// <summary>Who an API request came from.</summary>
public enum ApiCaller
{
    Anonymous,
    Key,
    Customer,
    Staff,
}

/// <summary>
/// <c>X-Api-Key: psk_…</c> → a principal with <see cref="ApiClaims.KeyId"/> and one <see cref="ApiClaims.Scope"/>
/// claim per scope. Challenges and refusals of every API scheme are answered here as problem details.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var values = Request.Headers[ApiAuthentication.KeyHeader];
        if (values.Count == 0)
        {
            return AuthenticateResult.NoResult();
        }
        if (values.Count > 1)
        {
            return AuthenticateResult.Fail("Send one X-Api-Key header.");
        }
        var verdict = await keys.VerifyAsync(values[0], Context.RequestAborted);
        if (verdict.Key is not { } key)
        {
            return AuthenticateResult.Fail(verdict.Failure ?? "Unknown API key.");
        }
        List<Claim> claims =
        [
            new(ClaimTypes.Name, key.Name),
            new(ApiClaims.KeyId, key.KeyId),
            .. key.Scopes.Select(scope => new Claim(ApiClaims.Scope, scope)),
        ];
        if (key.RequestsPerMinute is { } perMinute)
        {
            claims.Add(new Claim(ApiAuthentication.RequestsPerMinuteClaim, perMinute.ToString(CultureInfo.InvariantCulture)));
        }
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, ApiAuthentication.KeyScheme));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, ApiAuthentication.KeyScheme));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "ApiKey header=\"X-Api-Key\", Bearer";
        return ApiProblems.Problem(StatusCodes.Status401Unauthorized, ApiProblems.Unauthorized, "Authentication required.",
            "Send an API key in the X-Api-Key header, or a customer's bearer token from /api/v1/auth/token.").ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.Problem(StatusCodes.Status403Forbidden, ApiProblems.Forbidden, "Not allowed.",
            ApiAuthentication.KindOf(Context.User) == ApiCaller.Key && !ApiClaims.MayWrite(Context.User)
                ? "This API key has the read scope only."
                : "This operation needs other credentials.").ExecuteAsync(Context);
}
