using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using PeakShop.Infrastructure.Caching;
using PeakShop.Web.Middleware;
using PeakShop.Web.Shopper;

namespace PeakShop.Web.Hosting;

public sealed record PageCacheOptions
{
    public const string Section = "PageCache";

    /// <summary>Off switch (e.g. to profile rendering); invalidation keeps cached pages correct while on.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// Longest life of a cached page. Invalidation by tag normally ends it much sooner; this bounds a page
    /// whose invalidation message was lost, like <c>Cache:LocalExpiration</c> bounds the data behind it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Expiration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Memory for cached pages per replica; the least recently used go first.</summary>
    [Range(1, long.MaxValue)]
    public long SizeLimitBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>
    /// Life of the <c>ps_view</c> cookie that lets cart holders and signed-in shoppers share cached pages. A change made
    /// on this device replaces it at once; one made on another device (a signed-in shopper's shared cart) shows in the
    /// header after at most this long, or at the next cart, checkout or account page.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan ShopperViewLifetime { get; init; } = TimeSpan.FromMinutes(15);
}

/// <summary>
/// Whole-page caching (ADR 6, ADR 20): every shopper who sees the same header — a visitor, or a cart holder or
/// signed-in shopper with the same sign-in state and item count — gets the same home, category, search and product
/// page, so each replica renders it once per header and serves the bytes until a write invalidates the data it shows. Pages are tagged with the cache tags of everything they read (<see cref="CacheDependencies"/>);
/// the cross-replica invalidation evicts exactly the pages that showed a changed product.
/// </summary>
internal static class PageCaching
{
    public const string Policy = "storefront-page";

    public static IHostApplicationBuilder AddShopPageCache(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PageCacheOptions>()
            .BindConfiguration(PageCacheOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOutputCache();
        builder.Services.AddOptions<OutputCacheOptions>().Configure<IOptions<PageCacheOptions>>((output, pages) =>
        {
            output.SizeLimit = pages.Value.SizeLimitBytes;
            output.DefaultExpirationTimeSpan = pages.Value.Expiration;
            output.AddPolicy(Policy, new StorefrontPagePolicy(pages.Value));
        });
        builder.Services.AddSingleton<ICacheEvictionListener, PageCacheEvictor>();
        builder.Services.AddSingleton<ShopperViewCookie>();
        return builder;
    }

    /// <summary>A cart or a sign-in: the header shows them, so the page is the one for the shopper's <see cref="ShopperView"/>.</summary>
    internal static bool HasShopperCookies(HttpRequest request) =>
        request.Cookies.ContainsKey(CartCookie.Name) || request.Cookies.ContainsKey(AccountHosting.CookieName);

    /// <summary>
    /// Which shared page this request may get: the visitor's without a cart or sign-in; with them, the page for the
    /// header its <c>ps_view</c> cookie vouches for (ADR 20). Null means render for this shopper: no cookie yet (the
    /// render sets it), one that contradicts the sign-in cookie, an <c>Authorization</c> header, or a read-your-writes
    /// token (that shopper's reads go to the primary until the standby has their write).
    /// </summary>
    internal static ShopperView? SharedView(HttpRequest request)
    {
        if (request.Headers.ContainsKey("Authorization") || request.Cookies.ContainsKey(CausalConsistencyMiddleware.CookieName))
        {
            return null;
        }
        if (!HasShopperCookies(request))
        {
            return ShopperView.Visitor;
        }
        return ShopperViewCookie.Current(request.HttpContext) is { } view
            && view.SignedIn == request.Cookies.ContainsKey(AccountHosting.CookieName)
                ? view
                : null;
    }

    /// <summary>
    /// Cache only GET/HEAD that may get a shared page (<see cref="SharedView"/>); store only a 200 that sets no cookie;
    /// vary by the shopper's view, the whole query string and Blazor's enhanced navigation (it asks with its own Accept).
    /// </summary>
    internal sealed class StorefrontPagePolicy(PageCacheOptions options) : IOutputCachePolicy
    {
        public const string EnhancedNavigation = "blazor-enhanced-nav";

        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var request = context.HttpContext.Request;
            var view = options.Enabled && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
                ? SharedView(request)
                : null;
            var cacheable = view is not null;
            context.EnableOutputCaching = true;
            context.AllowCacheLookup = cacheable;
            context.AllowCacheStorage = cacheable;
            context.AllowLocking = true;
            context.ResponseExpirationTimeSpan = options.Expiration;
            context.CacheVaryByRules.QueryKeys = "*";
            context.CacheVaryByRules.VaryByHost = true;
            var enhanced = request.Headers.Accept.ToString().Contains(EnhancedNavigation, StringComparison.Ordinal);
            context.CacheVaryByRules.VaryByValues[EnhancedNavigation] = enhanced ? "1" : "0";
            context.CacheVaryByRules.VaryByValues[ShopperViewCookie.Name] = view?.CacheKey ?? "";
            return ValueTask.CompletedTask;
        }

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var response = context.HttpContext.Response;
            if (response.StatusCode != StatusCodes.Status200OK || response.Headers.ContainsKey("Set-Cookie"))
            {
                context.AllowCacheStorage = false;
                return ValueTask.CompletedTask;
            }
            var services = context.HttpContext.RequestServices;
            var dependencies = services.GetRequiredService<CacheDependencies>();
            var tags = dependencies.Tags;
            if (tags.Count == 0)
            {
                // A page that read nothing through the shop cache could never be invalidated: do not keep it.
                context.AllowCacheStorage = false;
                return ValueTask.CompletedTask;
            }
            if (dependencies.NotAfter is { } notAfter)
            {
                // A scheduled banner starts or ends then (ADR 13): the page must not outlive it. Rendered before the
                // boundary and finished after it, it is already out of date.
                var left = notAfter - services.GetRequiredService<TimeProvider>().GetUtcNow();
                if (left <= TimeSpan.Zero)
                {
                    context.AllowCacheStorage = false;
                    return ValueTask.CompletedTask;
                }
                if (context.ResponseExpirationTimeSpan is not { } expiration || left < expiration)
                {
                    context.ResponseExpirationTimeSpan = left;
                }
            }
            context.Tags.UnionWith(tags);
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Drops the cached pages that showed invalidated data, on this replica (called for every replica's invalidations).</summary>
    private sealed class PageCacheEvictor(IOutputCacheStore store) : ICacheEvictionListener
    {
        public async Task EvictAsync(IReadOnlyCollection<string> tags, CancellationToken cancellationToken)
        {
            foreach (var tag in tags)
            {
                await store.EvictByTagAsync(tag, cancellationToken);
            }
        }
    }
}
