using System.ComponentModel.DataAnnotations;

namespace PeakShop.Infrastructure.Cdn;

/// <summary>Settings under <c>Cdn</c>. An empty value (e.g. <c>Cdn__BaseUrl=</c>) means not set.</summary>
public sealed class CdnOptions : IValidatableObject
{
    public const string Section = "Cdn";

    /// <summary>Prefix of every asset and media URL the app writes (e.g. <c>http://127.0.0.1:8081/</c>); empty means same origin.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Where purge requests go (the edge's own address); defaults to <see cref="BaseUrl"/>.</summary>
    public string? PurgeUrl { get; set; }

    /// <summary>How long one purge request may take; the edge is on the same network, so a slow answer means trouble.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan PurgeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>True when assets are served from a CDN base URL instead of the origin.</summary>
    public bool ServesFromCdn => !string.IsNullOrWhiteSpace(BaseUrl);

    /// <summary>The edge that takes purge requests (<see cref="PurgeUrl"/>, else <see cref="BaseUrl"/>), with a trailing slash; null without a CDN.</summary>
    public Uri? PurgeEndpoint
    {
        get
        {
            var url = string.IsNullOrWhiteSpace(PurgeUrl) ? BaseUrl : PurgeUrl;
            return string.IsNullOrWhiteSpace(url) ? null : new Uri(url.TrimEnd('/') + "/", UriKind.Absolute);
        }
    }

    /// <summary>
    /// Turns a URL relative to the site root (<c>media/a/1.webp</c>, <c>./_framework/x.js</c>, <c>/img/a.svg</c>) into its
    /// public URL: CDN-prefixed when a base URL is set; an absolute URL stays as it is.
    /// </summary>
    public string Url(string path)
    {
        if (path.StartsWith("//", StringComparison.Ordinal)
            || Uri.TryCreate(path, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https" or "data")
        {
            return path;
        }
        var relative = path.StartsWith("./", StringComparison.Ordinal) ? path[2..] : path.TrimStart('/');
        return string.IsNullOrWhiteSpace(BaseUrl) ? "/" + relative : BaseUrl.TrimEnd('/') + "/" + relative;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value) in new[] { (nameof(BaseUrl), BaseUrl), (nameof(PurgeUrl), PurgeUrl) })
        {
            if (!string.IsNullOrWhiteSpace(value)
                && !(Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            {
                yield return new ValidationResult($"Cdn:{name} '{value}' is not an absolute http(s) URL", [name]);
            }
        }
    }
}
