using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Caching;
using PeakShop.Web.Hosting;

namespace PeakShop.Unit.Tests.Web.Hosting;

public sealed class PageCachingTests
{
    private readonly PageCaching.StorefrontPagePolicy _policy = new(new PageCacheOptions { Expiration = TimeSpan.FromSeconds(30) });

    [Theory]
    [InlineData("ps_cart")]
    [InlineData("ps_auth")]
    [InlineData("ps_lsn")]
    public async Task Request_WithAPersonalCookie_NeitherReadsNorFillsTheCache(string cookie)
    {
        var context = Context("GET", cookie: $"{cookie}=x");

        await _policy.CacheRequestAsync(context, default);

        Assert.False(context.AllowCacheLookup);
        Assert.False(context.AllowCacheStorage);
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

    private static OutputCacheContext Context(string method, string? cookie = null, string? accept = null)
    {
        var services = new ServiceCollection().AddScoped<CacheDependencies>().BuildServiceProvider().CreateScope().ServiceProvider;
        var http = new DefaultHttpContext { RequestServices = services };
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
