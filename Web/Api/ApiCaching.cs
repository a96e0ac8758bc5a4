using System.Buffers.Text;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using PeakShop.Infrastructure.Caching;
using PeakShop.Web.Hosting;
using PeakShop.Web.Middleware;

namespace PeakShop.Web.Api;

/// <summary>
/// Public catalog GETs of the API (ADR 21): the same for every caller, so each replica keeps the JSON in its output
/// cache, tagged with what it read (<see cref="CacheDependencies"/>) — the cross-replica invalidation that evicts a
/// page with a changed price evicts the JSON too. A strong ETag lets clients revalidate for a 304, and
/// <c>Cache-Control: public, max-age=30</c> lets the CDN edge serve them (the same 30 s bound as the page cache).
/// </summary>
internal static class ApiCaching
{
    public const string Policy = "api-catalog";

    /// <summary>How long a client or the CDN may reuse a catalog answer without asking again.</summary>
    public const string CacheControl = "public, max-age=30";

    public static IHostApplicationBuilder AddShopApiCaching(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<OutputCacheOptions>().Configure<IOptions<PageCacheOptions>>((output, pages) =>
            output.AddPolicy(Policy, new CatalogPolicy(pages.Value)));
        return builder;
    }

    /// <summary>
    /// Look up and store GET/HEAD only, for everyone alike (catalog data does not depend on the key or token), but not
    /// for a caller with a read-your-writes cookie (their reads go to the primary). Store only a 200 that sets no
    /// cookie and read something invalidatable; vary by the whole query string.
    /// </summary>
    private sealed class CatalogPolicy(PageCacheOptions options) : IOutputCachePolicy
    {
        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var request = context.HttpContext.Request;
            var cacheable = options.Enabled
                && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
                && !request.Cookies.ContainsKey(CausalConsistencyMiddleware.CookieName);
            context.EnableOutputCaching = true;
            context.AllowCacheLookup = cacheable;
            context.AllowCacheStorage = cacheable;
            context.AllowLocking = true;
            context.ResponseExpirationTimeSpan = options.Expiration;
            context.CacheVaryByRules.QueryKeys = "*";
            context.CacheVaryByRules.VaryByHost = true;
            return ValueTask.CompletedTask;
        }

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var response = context.HttpContext.Response;
            var tags = context.HttpContext.RequestServices.GetRequiredService<CacheDependencies>().Tags;
            if (response.StatusCode != StatusCodes.Status200OK || response.Headers.ContainsKey(HeaderNames.SetCookie) || tags.Count == 0)
            {
                // A JSON body that read nothing through the shop cache could never be invalidated: do not keep it.
                context.AllowCacheStorage = false;
                return ValueTask.CompletedTask;
            }
            context.Tags.UnionWith(tags);
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>
/// 200 with a catalog JSON body, its strong ETag (a hash of the bytes) and <see cref="ApiCaching.CacheControl"/>; a
/// 304 without a body when the client's <c>If-None-Match</c> already names it. (Cache hits get their 304 from the
/// output cache, which compares the stored ETag.)
/// </summary>
public sealed class CatalogOk<T> : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<T>
{
    internal CatalogOk(T value) => Value = value;

    public T Value { get; }

    object? IValueHttpResult.Value => Value;

    public int? StatusCode => StatusCodes.Status200OK;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var options = httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var body = JsonSerializer.SerializeToUtf8Bytes(Value, options);
        var tag = new EntityTagHeaderValue("\"" + Base64Url.EncodeToString(SHA256.HashData(body).AsSpan(0, 16)) + "\"");
        var request = httpContext.Request;
        var response = httpContext.Response;
        response.Headers.ETag = tag.ToString();
        response.Headers.CacheControl = ApiCaching.CacheControl;
        if (Matches(request.GetTypedHeaders().IfNoneMatch, tag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, httpContext.RequestAborted);
    }

    /// <summary>If-None-Match uses the weak comparison (RFC 9110 13.1.2); <c>*</c> matches any current representation.</summary>
    private static bool Matches(IList<EntityTagHeaderValue> ifNoneMatch, EntityTagHeaderValue tag) =>
        ifNoneMatch.Any(candidate => candidate.Equals(EntityTagHeaderValue.Any) || candidate.Compare(tag, useStrongComparison: false));

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status304NotModified, typeof(void)));
    }
}

/// <summary>Creates <see cref="CatalogOk{T}"/> with the type inferred, as <c>TypedResults.Ok</c> does.</summary>
public static class CatalogResults
{
    public static CatalogOk<T> Ok<T>(T value) => new(value);
}
