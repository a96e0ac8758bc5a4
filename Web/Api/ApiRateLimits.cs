using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Identity;
using PeakShop.Infrastructure.Customers;
using PeakShop.Infrastructure.RateLimiting;
using PeakShop.Web.Hosting;

namespace PeakShop.Web.Api;

/// <summary>
/// Who calls and how much they may (ADR 21), before the page cache so cached answers count too. Keyed calls count
/// per key only (a partner's servers share addresses); customers per account and per address; everyone else per
/// address. Counters live in Redis (ADR 15), so a limit holds at the combined count of every replica. Every API
/// response carries <c>RateLimit-Policy</c> and <c>RateLimit</c> (draft-ietf-httpapi-ratelimit-headers-10); a refusal
/// is a 429 problem with <c>Retry-After</c>. When Redis cannot answer, calls go through without headers (fail open).
/// </summary>
internal sealed class ApiAccessMiddleware(RequestDelegate next, RateLimitLeases limiter)
{
    public const string KeyCounter = "api-key";
    public const string CustomerCounter = "api-customer";
    public const string AddressCounter = "api-ip";

    public async Task InvokeAsync(HttpContext http)
    {
        if (!ApiPaths.IsApi(http.Request.Path) || http.Features.Get<IStatusCodeReExecuteFeature>() is not null)
        {
            await next(http);
            return;
        }
        var result = await http.AuthenticateAsync(ApiAuthentication.Scheme);
        // A key's refusal says why (unknown, revoked, malformed); the bearer handler's own words are for logs.
        var refusal = result.Failure is null ? null
            : http.Request.Headers.ContainsKey(ApiAuthentication.KeyHeader) ? result.Failure.Message
            : "The bearer token is invalid or expired: refresh it, or sign in again.";
        var user = result.Principal ?? new ClaimsPrincipal(new ClaimsIdentity());
        if (refusal is null && ApiAuthentication.KindOf(user) == ApiCaller.Staff
            && await http.RequestServices.GetRequiredService<SignInManager<ShopUser>>().ValidateSecurityStampAsync(user) is null)
        {
            // Staff tokens are checked on every request (one primary-key read), as staff cookies are: a role change
            // or sign-out-everywhere ends them at once, not when the 15-minute token expires.
            refusal = "This token was signed out or its roles changed; sign in again.";
        }
        if (refusal is not null)
        {
            user = new ClaimsPrincipal(new ClaimsIdentity());
        }
        http.User = user;

        var quota = await limiter.TakeAsync(Counters(http, user, limiter.Options));
        if (quota is not null)
        {
            http.Features.Set(quota);
            http.Response.OnStarting(() =>
            {
                // Set at the last moment, so an answer replayed from the output cache carries this request's count.
                WriteHeaders(http.Response, quota);
                return Task.CompletedTask;
            });
        }
        if (quota?.Decision is { Allowed: false } decision)
        {
            var exhausted = quota.Counters.First(c => c.Exhausted);
            await ApiProblems.TooManyRequests(http, decision, exhausted.Counter.Name).ExecuteAsync(http);
            return;
        }
        if (refusal is not null)
        {
            http.Response.Headers.WWWAuthenticate = "ApiKey header=\"X-Api-Key\", Bearer";
            await ApiProblems.Problem(StatusCodes.Status401Unauthorized, ApiProblems.Unauthorized, "Invalid credentials.", refusal)
                .ExecuteAsync(http);
            return;
        }
        await next(http);
    }

    /// <summary>The counters a call is taken from; the first is the caller's own quota (<c>/me/quota</c>).</summary>
    internal static RateLimitCounter[] Counters(HttpContext http, ClaimsPrincipal user, RateLimitOptions options)
    {
        var address = new RateLimitCounter(AddressCounter, options.ApiPerIp, ClientAddress.Partition(http));
        switch (ApiAuthentication.KindOf(user))
        {
            case ApiCaller.Key:
                var keyId = user.FindFirstValue(ApiClaims.KeyId)!;
                var perMinute = user.FindFirstValue(ApiAuthentication.RequestsPerMinuteClaim);
                var rule = perMinute is null ? options.ApiPerKey
                    : RateLimitRule.Of(int.Parse(perMinute, CultureInfo.InvariantCulture), TimeSpan.FromMinutes(1));
                return [KeyCounterOf(keyId, rule)];
            case ApiCaller.Customer or ApiCaller.Staff:
                return [new RateLimitCounter(CustomerCounter, options.ApiPerCustomer, user.FindFirstValue(ClaimTypes.NameIdentifier)!), address];
            default:
                return [address];
        }
    }

    /// <summary>A key's counter (the admin page reads it without taking from it).</summary>
    public static RateLimitCounter KeyCounterOf(string keyId, RateLimitRule rule) => new(KeyCounter, rule, keyId);

    /// <summary><c>RateLimit-Policy: "api-key";q=1200;w=60</c> and <c>RateLimit: "api-key";r=1187;t=42</c>, one item per counter.</summary>
    internal static void WriteHeaders(HttpResponse response, RateLimitQuota quota)
    {
        var policy = new StringBuilder();
        var state = new StringBuilder();
        foreach (var counter in quota.Counters)
        {
            var separator = policy.Length > 0 ? ", " : "";
            policy.Append(CultureInfo.InvariantCulture,
                $"{separator}\"{counter.Counter.Name}\";q={counter.Limit};w={(long)counter.Counter.Rule.Window.TotalSeconds}");
            state.Append(CultureInfo.InvariantCulture,
                $"{separator}\"{counter.Counter.Name}\";r={counter.Remaining};t={counter.ResetSeconds}");
        }
        response.Headers["RateLimit-Policy"] = policy.ToString();
        response.Headers["RateLimit"] = state.ToString();
    }
}
