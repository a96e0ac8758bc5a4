using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace PeakShop.Infrastructure;

/// <summary>Settings under <c>Shop</c>: the address shoppers reach the shop at.</summary>
public sealed record PublicSiteOptions : IValidatableObject
{
    public const string Section = "Shop";

    /// <summary>
    /// The absolute http(s) URL every absolute link the app writes starts with (mail links, canonical, Open Graph,
    /// JSON-LD, the sitemaps of Web and Jobs), e.g. <c>https://shop.example.com</c>. Never taken from a request's Host header.
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

public static class PublicSiteRegistration
{
    /// <summary><c>Shop:PublicBaseUrl</c>, validated at start: every process that writes absolute links (Web, the Jobs worker) needs it.</summary>
    public static IHostApplicationBuilder AddPublicSite(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PublicSiteOptions>()
            .BindConfiguration(PublicSiteOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return builder;
    }
}
