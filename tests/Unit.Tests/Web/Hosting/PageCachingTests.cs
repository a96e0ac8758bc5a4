using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Caching;
using PeakShop.Web.Hosting;
using PeakShop.Web.Shopper;

namespace PeakShop.Unit.Tests.Web.Hosting;

public sealed class PageCachingTests
{
    private readonly PageCaching.StorefrontPagePolicy _policy = new(new PageCacheOptions { Expiration = TimeSpan.FromSeconds(30) });

    [Theory]
    [InlineData("ps_lsn=x", null)]
    [InlineData("ps_lsn=x; ps_cart=x", "g2")]
    [InlineData("ps_cart=x", null)]
    [InlineData("ps_auth=x", null)]
    [InlineData("ps_auth=x", "g2")]
    [InlineData("ps_cart=x", "s2")]
    public async Task Request_ThatMustBeRenderedForItsShopper_NeitherReadsNorFillsTheCache(string cookies, string? view)
    {
        // No view yet (the render sets it), one that contradicts the sign-in cookie, or a read-your-writes token.
        var context = Context("GET", cookie: cookies, view: view);

        await _policy.CacheRequestAsync(context, default);

        Assert.False(context.AllowCacheLookup);
        Assert.False(context.AllowCacheStorage);
    }

    [Fact]
    public async Task Request_WithAnAuthorizationHeader_IsRenderedForItsCaller()
    {
        var context = Context("GET");
        context.HttpContext.Request.Headers.Authorization = "Bearer x";

        await _policy.CacheRequestAsync(context, default);

        Assert.False(context.AllowCacheLookup);
    }

    [Theory]
    [InlineData("ps_cart=x", "g3", "g3")]
    [InlineData("ps_auth=x", "s0", "s0")]
    [InlineData("ps_auth=x; ps_cart=x", "s12", "s12")]
    [InlineData("unrelated=1", null, "g0")]
    [InlineData("unrelated=1", "s5", "g0")]
    public async Task ShopperWhoseHeaderIsKnown_SharesThePageOfThatHeader(string cookies, string? view, string variant)
    {
        var context = Context("GET", cookie: cookies, view: view);

        await _policy.CacheRequestAsync(context, default);

        Assert.True(context.AllowCacheLookup && context.AllowCacheStorage);
        Assert.Equal(variant, context.CacheVaryByRules.VaryByValues[ShopperViewCookie.Name]);
    }

    [Fact]
    public async Task AnonymousGet_IsCacheable_VaryingByQueryAndEnhancedNavigation()
    {
        var plain = Context("GET", cookie: "unrelated=1");
        var enhanced = Context("GET", accept: "text/html; blazor-enhanced-nav=on");

        await _policy.CacheRequestAsync(plain, default);
        await _policy.CacheRequestAsync(enhanced, default);

        Assert.True(plain.AllowCacheLookup && plain.AllowCacheStorage);
        Assert.Equal("*", plain.CacheVaryByRules.QueryKeys.ToString());
        Assert.Equal(TimeSpan.FromSeconds(30), plain.ResponseExpirationTimeSpan);
        Assert.NotEqual(plain.CacheVaryByRules.VaryByValues[PageCaching.StorefrontPagePolicy.EnhancedNavigation],
            enhanced.CacheVaryByRules.VaryByValues[PageCaching.StorefrontPagePolicy.EnhancedNavigation]);
    }

    [Fact]
    public async Task Post_IsNeverCached()
    {
        var context = Context("POST");

        await _policy.CacheRequestAsync(context, default);

        Assert.False(context.AllowCacheStorage);
    }

    [Fact]
    public async Task Response_IsTaggedWithWhatThePageRead()
    {
        var context = Context("GET");
        context.HttpContext.RequestServices.GetRequiredService<CacheDependencies>().Add(["catalog", "product:7"]);
        await _policy.CacheRequestAsync(context, default);

        await _policy.ServeResponseAsync(context, default);

        Assert.True(context.AllowCacheStorage);
        Assert.Equal(["catalog", "product:7"], context.Tags.Order());
    }

    [Theory]
    [InlineData(404, false)]
    [InlineData(200, true)]
    public async Task Response_ThatIsNotAPlain200_OrSetsACookie_IsNotStored(int status, bool setsCookie)
    {
        var context = Context("GET");
        context.HttpContext.RequestServices.GetRequiredService<CacheDependencies>().Add(["catalog"]);
        await _policy.CacheRequestAsync(context, default);
        context.HttpContext.Response.StatusCode = status;
        if (setsCookie)
        {
            context.HttpContext.Response.Headers.SetCookie = "ps_cart=abc";
        }

        await _policy.ServeResponseAsync(context, default);

        Assert.False(context.AllowCacheStorage);
    }

    [Fact]
    public async Task Response_ThatReadNothingThroughTheCache_IsNotStored()
    {
        // Nothing could ever invalidate it.
        var context = Context("GET");
        await _policy.CacheRequestAsync(context, default);

        await _policy.ServeResponseAsync(context, default);

        Assert.False(context.AllowCacheStorage);
    }

    private static OutputCacheContext Context(string method, string? cookie = null, string? accept = null, string? view = null)
    {
        var services = new ServiceCollection().AddScoped<CacheDependencies>().BuildServiceProvider().CreateScope().ServiceProvider;
        var http = new DefaultHttpContext { RequestServices = services };
        // What ShopperViewCookie's middleware read from a genuine ps_view cookie.
        http.Items[typeof(ShopperView)] = view is null ? null : ShopperViewCookie.Parse(view);
        http.Request.Method = method;
        if (cookie is not null)
        {
            http.Request.Headers.Cookie = cookie;
        }
        if (accept is not null)
        {
            http.Request.Headers.Accept = accept;
        }
        return new OutputCacheContext { HttpContext = http };
    }
}
