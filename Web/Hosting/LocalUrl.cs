namespace PeakShop.Web.Hosting;

internal static class LocalUrl
{
    /// <summary>A path on this site (prevents open redirects): "/x" but not "//host", "/\host" or "http://…".</summary>
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url)
        && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Contains('\\', StringComparison.Ordinal)
        && !url.Any(char.IsControl);

    public static string OrDefault(string? url, string fallback) => IsLocal(url) ? url! : fallback;

    /// <summary>Appends query parameters to a local path that may already have a query.</summary>
    public static string WithQuery(string path, params (string Key, string Value)[] parameters)
    {
        // A fragment must stay last: drop it rather than bury the query behind it.
        var hash = path.IndexOf('#', StringComparison.Ordinal);
        path = hash >= 0 ? path[..hash] : path;
        var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        return path + separator + string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
    }
}
