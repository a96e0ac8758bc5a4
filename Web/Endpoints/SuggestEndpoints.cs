using Microsoft.AspNetCore.Http.HttpResults;
using PeakShop.Infrastructure.Catalog;
using PeakShop.Web.Hosting;

namespace PeakShop.Web.Endpoints;

internal static class SuggestEndpoints
{
    /// <summary>Catalog endpoints beside the pages (e.g. search suggestions as JSON).</summary>
    public static WebApplication MapShopSearchSuggestions(this WebApplication app)
    {
        var search = app.MapGroup("/search");
        search.MapGet("/suggest", SuggestAsync).WithMetadata(new AddressRateLimitAttribute(AddressLimit.Suggest) { Json = true });
        return app;
    }

    public sealed record Suggestion(string Name, string Url);

    /// <summary>Type-ahead for the search box: product names that start with what was typed.</summary>
    internal static async Task<Ok<Suggestion[]>> SuggestAsync(string? q, CatalogSearch search, HttpContext http, CancellationToken cancellationToken)
    {
        var suggestions = await search.SuggestAsync(q, cancellationToken);
        // Shared by every shopper: a short public cache lets the CDN absorb repeated keystrokes.
        http.Response.Headers.CacheControl = "public, max-age=60";
        return TypedResults.Ok(suggestions.Select(s => new Suggestion(s.Name, "/p/" + s.Slug)).ToArray());
    }
}
