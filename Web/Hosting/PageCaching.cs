using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using PeakShop.Infrastructure.Caching;

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
}

/// <summary>
/// Whole-page caching for shoppers who carry no state (ADR 6): a visitor without a cart, sign-in or
/// read-your-writes cookie gets the same home, category, search and product page as every other such
/// visitor, so each replica renders it once and serves the bytes until a write invalidates the data
/// it shows. Pages are tagged with the cache tags of everything they read (<see cref="CacheDependencies"/>);
/// the cross-replica invalidation evicts exactly the pages that showed a changed product.
/// </summary>
internal static class PageCaching
{
    public const string Policy = "storefront-page";

    public static void AddPageCaching(this IHostApplicationBuilder builder)
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
    }

    /// <summary>The cookies that make a page personal: its cart count, account menu or read-your-writes routing.</summary>
    internal static readonly string[] PersonalCookies =
        [CartCookie.Name, AccountHosting.CookieName, CausalConsistencyMiddleware.CookieName];

    internal static bool IsAnonymous(HttpRequest request) =>
        !request.Headers.ContainsKey("Authorization")
        && !PersonalCookies.Any(request.Cookies.ContainsKey);

    /// <summary>
    /// Cache only GET/HEAD from a visitor without personal cookies; store only a 200 that sets no cookie;
    /// vary by the whole query string and by Blazor's enhanced navigation (it asks with its own Accept).
    /// </summary>
    internal sealed class StorefrontPagePolicy(PageCacheOptions options) : IOutputCachePolicy
    {
        public const string EnhancedNavigation = "blazor-enhanced-nav";

        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var request = context.HttpContext.Request;
            var cacheable = options.Enabled
                && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
                && IsAnonymous(request);
            context.EnableOutputCaching = true;
            context.AllowCacheLookup = cacheable;
            context.AllowCacheStorage = cacheable;
            context.AllowLocking = true;
            context.ResponseExpirationTimeSpan = options.Expiration;
            context.CacheVaryByRules.QueryKeys = "*";
            context.CacheVaryByRules.VaryByHost = true;
            var enhanced = request.Headers.Accept.ToString().Contains(EnhancedNavigation, StringComparison.Ordinal);
            context.CacheVaryByRules.VaryByValues[EnhancedNavigation] = enhanced ? "1" : "0";
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
