namespace PeakShop.Web.Components.Storefront.Listing;

/// <summary>Links within a listing (category or search): its path, the search words if any, then filters and position.</summary>
public static class ListingLinks
{
    /// <summary>The <paramref name="listingQuery"/> is what <c>ListingQuery.ToQueryString</c> gives: no leading '?'.</summary>
    public static string Href(string path, string? searchTerm, string listingQuery)
    {
        var words = searchTerm is null ? "" : "q=" + Uri.EscapeDataString(searchTerm);
        var query = words.Length > 0 && listingQuery.Length > 0 ? $"{words}&{listingQuery}" : words + listingQuery;
        return query.Length == 0 ? path : $"{path}?{query}";
    }
}
