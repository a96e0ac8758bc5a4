using System.Net;
using System.Text.RegularExpressions;

namespace PeakShop.Integration.Tests.Web.Storefront;

/// <summary>Just enough HTML reading for page assertions.</summary>
internal static partial class Html
{
    public static IReadOnlyList<string> ProductLinks(string html) =>
        ProductLinkPattern().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();

    public static string? NextHref(string html) =>
        NextPattern().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    public static string? PreviousHref(string html) =>
        PreviousPattern().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    [GeneratedRegex("class=\"product-link\" href=\"([^\"]+)\"")]
    private static partial Regex ProductLinkPattern();

    [GeneratedRegex("class=\"pager-next\" rel=\"next\" href=\"([^\"]+)\"")]
    private static partial Regex NextPattern();

    [GeneratedRegex("class=\"pager-prev\" rel=\"prev\" href=\"([^\"]+)\"")]
    private static partial Regex PreviousPattern();
}
