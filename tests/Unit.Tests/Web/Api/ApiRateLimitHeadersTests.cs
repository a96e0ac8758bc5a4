using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using PeakShop.Infrastructure.RateLimiting;
using PeakShop.Web.Api;

namespace PeakShop.Unit.Tests.Web.Api;

public sealed class ApiRateLimitHeadersTests
{
    private static readonly RateLimitOptions Options = new();

    [Fact]
    public void WriteHeaders_UsesTheDraftSyntax_OneItemPerCounter()
    {
        var customer = new RateLimitCounter("api-customer", RateLimitRule.Of(600, TimeSpan.FromMinutes(1)), "u1");
        var address = new RateLimitCounter("api-ip", RateLimitRule.Of(300, TimeSpan.FromMinutes(1)), "10.0.0.1");
        var response = new DefaultHttpContext().Response;

        ApiAccessMiddleware.WriteHeaders(response, new RateLimitQuota(
        [
            new(customer, 13, TimeSpan.FromMilliseconds(41_200)),
            new(address, 301, TimeSpan.FromSeconds(7)),
        ]));

        Assert.Equal("\"api-customer\";q=600;w=60, \"api-ip\";q=300;w=60", response.Headers["RateLimit-Policy"].ToString());
        Assert.Equal("\"api-customer\";r=587;t=42, \"api-ip\";r=0;t=7", response.Headers["RateLimit"].ToString());
    }

    [Fact]
    public void Decision_WaitsForTheLongestExhaustedCounter_Only()
    {
        var rule = RateLimitRule.Of(2, TimeSpan.FromMinutes(1));
        var quota = new RateLimitQuota(
        [
            new(new("a", rule, "x"), 3, TimeSpan.FromSeconds(10)),
            new(new("b", rule, "y"), 2, TimeSpan.FromSeconds(50)), // at its limit, not past it
            new(new("c", rule, "z"), 5, TimeSpan.FromSeconds(20)),
        ]);

        Assert.False(quota.Decision.Allowed);
        Assert.Equal(TimeSpan.FromSeconds(20), quota.Decision.RetryAfter);
        Assert.True(new RateLimitQuota([new(new("a", rule, "x"), 2, TimeSpan.FromSeconds(10))]).Decision.Allowed);
    }

    [Fact]
    public void Counters_KeyedCallsCountPerKeyOnly_WithTheKeysOwnLimit()
    {
        var key = Principal(new Claim(ApiClaims.KeyId, "abcdefghijkl"), new Claim(ApiClaims.Scope, "read"));
        var limited = Principal(new Claim(ApiClaims.KeyId, "abcdefghijkm"), new Claim(ApiAuthentication.RequestsPerMinuteClaim, "7"));

        var counters = ApiAccessMiddleware.Counters(new DefaultHttpContext(), key, Options);
        var own = ApiAccessMiddleware.Counters(new DefaultHttpContext(), limited, Options);

        Assert.Equal([("api-key", "abcdefghijkl")], counters.Select(c => (c.Name, c.Partition)));
        Assert.Equal(Options.ApiPerKey, counters[0].Rule);
        Assert.Equal(RateLimitRule.Of(7, TimeSpan.FromMinutes(1)), own.Single().Rule);
    }

    [Fact]
    public void Counters_CustomersPerAccountAndAddress_AnonymousPerAddress()
    {
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = System.Net.IPAddress.Parse("192.0.2.7");
        var customer = Principal(new Claim(ClaimTypes.NameIdentifier, "user-1"), new Claim(ClaimTypes.Name, "a@example.com"));

        Assert.Equal([("api-customer", "user-1"), ("api-ip", "192.0.2.7")],
            ApiAccessMiddleware.Counters(http, customer, Options).Select(c => (c.Name, c.Partition)));
        Assert.Equal([("api-ip", "192.0.2.7")],
            ApiAccessMiddleware.Counters(http, new ClaimsPrincipal(new ClaimsIdentity()), Options).Select(c => (c.Name, c.Partition)));
    }

    [Fact]
    public void KindOf_AndScopes()
    {
        var readKey = Principal(new Claim(ApiClaims.KeyId, "k"), new Claim(ApiClaims.Scope, "read"));
        var staff = Principal(new Claim(ClaimTypes.NameIdentifier, "s"), new Claim(ClaimTypes.Role, "Staff"));

        Assert.Equal(ApiCaller.Key, ApiAuthentication.KindOf(readKey));
        Assert.Equal(["read"], ApiAuthentication.ScopesOf(readKey));
        Assert.False(ApiClaims.MayWrite(readKey));
        Assert.Equal(ApiCaller.Staff, ApiAuthentication.KindOf(staff));
        Assert.Equal(ApiCaller.Anonymous, ApiAuthentication.KindOf(new ClaimsPrincipal(new ClaimsIdentity())));
    }

    private static ClaimsPrincipal Principal(params Claim[] claims) => new(new ClaimsIdentity(claims, "test"));
}
