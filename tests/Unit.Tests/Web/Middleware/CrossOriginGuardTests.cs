using Microsoft.AspNetCore.Http;
using PeakShop.Web.Middleware;

namespace PeakShop.Unit.Tests.Web.Middleware;

public sealed class CrossOriginGuardTests
{
    [Theory]
    [InlineData("POST", "cross-site", null, true)]
    [InlineData("POST", "same-site", null, true)]
    [InlineData("POST", "same-origin", null, false)]
    [InlineData("POST", "none", null, false)]
    // Fetch Metadata wins over Origin when both are sent.
    [InlineData("POST", "same-origin", "https://evil.example", false)]
    [InlineData("POST", null, "https://evil.example", true)]
    [InlineData("POST", null, "null", true)]
    [InlineData("POST", null, "http://shop.example:8080", false)]
    [InlineData("POST", null, "http://shop.example:9090", true)]
    // No browser header at all: not a browser form (curl, a partner's server), so not CSRF.
    [InlineData("POST", null, null, false)]
    [InlineData("DELETE", "cross-site", null, true)]
    // Safe methods change nothing and pass whatever their origin.
    [InlineData("GET", "cross-site", "https://evil.example", false)]
    [InlineData("HEAD", "cross-site", null, false)]
    public void IsCrossOrigin_FollowsFetchMetadataThenOrigin(string method, string? site, string? origin, bool refused)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = method;
        http.Request.Host = new HostString("shop.example:8080");
        if (site is not null)
        {
            http.Request.Headers["Sec-Fetch-Site"] = site;
        }
        if (origin is not null)
        {
            http.Request.Headers.Origin = origin;
        }

        Assert.Equal(refused, CrossOriginGuard.IsCrossOrigin(http.Request));
    }

    [Fact]
    public async Task Api_IsNotGuarded_BecauseNoCookieAuthenticatesIt()
    {
        var passed = false;
        var guard = new CrossOriginGuard(_ => { passed = true; return Task.CompletedTask; });
        var http = new DefaultHttpContext();
        http.Request.Method = "POST";
        http.Request.Path = "/api/v1/products/lookup";
        http.Request.Headers["Sec-Fetch-Site"] = "cross-site";

        await guard.InvokeAsync(http);

        Assert.True(passed);
    }
}
