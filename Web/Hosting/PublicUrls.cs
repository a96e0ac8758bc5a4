using Microsoft.Extensions.Options;
using PeakShop.Infrastructure;

namespace PeakShop.Web.Hosting;

/// <summary>Absolute URLs on this shop, from <c>Shop:PublicBaseUrl</c> (prevents Host-header poisoning of links and cached pages).</summary>
public sealed class PublicUrls(IOptions<PublicSiteOptions> options)
{
    /// <summary>The base URL without a trailing slash (<c>https://shop.example.com</c>, or with its path prefix).</summary>
    public string Base => options.Value.PublicBaseUrl!.TrimEnd('/');

    /// <summary>
    /// The public URL of a path on this site (<c>/p/tent</c> → <c>https://shop.example.com/p/tent</c>);
    /// an absolute http(s) URL (a CDN asset) stays as it is.
    /// </summary>
    public string Absolute(string path)
    {
        if (Uri.TryCreate(path, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            return path;
        }
        var relative = path.StartsWith("./", StringComparison.Ordinal) ? path[2..] : path.TrimStart('/');
        return Base + "/" + relative;
    }

    public static void Register(IHostApplicationBuilder builder)
    {
        builder.AddPublicSite();
        builder.Services.AddSingleton<PublicUrls>();
    }
}
