using System.ComponentModel.DataAnnotations;

namespace PeakShop.Infrastructure.Cdn;

/// <summary>Settings under <c>Cdn</c>.</summary>
public sealed class CdnOptions
{
    public const string Section = "Cdn";

    /// <summary>Prefix of every asset and media URL the app writes (e.g. <c>http://127.0.0.1:8081/</c>); empty means same origin.</summary>
    [Url]
    public string? BaseUrl { get; set; }

    /// <summary>Where purge requests go (the edge's own address); defaults to <see cref="BaseUrl"/>.</summary>
    [Url]
    public string? PurgeUrl { get; set; }

    /// <summary>Turns a path relative to the site root into its public URL: CDN-prefixed when a base URL is set.</summary>
    public string Url(string path)
    {
        var relative = path.TrimStart('/');
        return string.IsNullOrEmpty(BaseUrl) ? "/" + relative : BaseUrl.TrimEnd('/') + "/" + relative;
    }
}
