using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace PeakShop.Web.Hosting;

/// <summary>Settings under <c>Shop</c>: the address shoppers reach the shop at.</summary>
public sealed record PublicSiteOptions : IValidatableObject
{
    public const string Section = "Shop";

    /// <summary>
    /// The absolute http(s) URL every absolute link the app writes starts with (mail links, canonical, Open Graph,
    /// JSON-LD, sitemap), e.g. <c>https://shop.example.com</c>. Never taken from a request's Host header.
    /// </summary>
    [Required(ErrorMessage = "Shop:PublicBaseUrl is required: the absolute http(s) URL shoppers reach the shop at.")]
    public string? PublicBaseUrl { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PublicBaseUrl is { } value
            && !(Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                 && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment) && string.IsNullOrEmpty(uri.UserInfo)))
        {
            yield return new ValidationResult($"Shop:PublicBaseUrl '{value}' is not an absolute http(s) URL without query, fragment or credentials", [nameof(PublicBaseUrl)]);
        }
    }
}

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
        builder.Services.AddOptions<PublicSiteOptions>()
            .BindConfiguration(PublicSiteOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<PublicUrls>();
    }
}
