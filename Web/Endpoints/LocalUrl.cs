using System.Text;

namespace PeakShop.Web.Endpoints;

/// <summary>
/// The one gate for redirect targets that come from a request (returnUrl fields and parameters, the sign-in
/// redirect): a local path, at most <see cref="MaxLength"/> characters, ASCII only, so it is always a short,
/// valid <c>Location</c> header (Kestrel refuses non-ASCII header values with a 500; nginx refuses an upstream
/// answer with oversized headers with a 502).
/// </summary>
internal static class LocalUrl
{
    /// <summary>The longest redirect target kept (after encoding); anything longer becomes the fallback.</summary>
    public const int MaxLength = 2000;

    /// <summary>A path on this site (prevents open redirects): "/x" but not "//host", "/\host" or "http://…".</summary>
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url)
        && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Contains('\\', StringComparison.Ordinal)
        && !url.Any(char.IsControl);

    /// <summary>
    /// <paramref name="url"/> when it is a local path, with every character outside printable ASCII percent-encoded
    /// (UTF-8), no longer than <see cref="MaxLength"/>; otherwise <paramref name="fallback"/>.
    /// </summary>
    public static string OrDefault(string? url, string fallback) =>
        IsLocal(url) && Encode(url!) is { Length: <= MaxLength } encoded ? encoded : fallback;

    /// <summary>Percent-encodes what a header value may not hold (non-ASCII, spaces); null for text that is not valid UTF-16.</summary>
    private static string? Encode(string url)
    {
        // Longer than the bound even before encoding: no need to look further.
        if (url.Length > MaxLength)
        {
            return null;
        }
        if (url.All(c => c is > ' ' and < '\u007f'))
        {
            return url;
        }
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        byte[] bytes;
        try
        {
            bytes = utf8.GetBytes(url);
        }
        catch (EncoderFallbackException)
        {
            // A lone surrogate: not a URL anyone typed.
            return null;
        }
        var builder = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            if (b is > (byte)' ' and < 0x7f)
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return builder.ToString();
    }

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
